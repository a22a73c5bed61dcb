# frozen_string_literal: true

# name: discourse-emancipasso
# about: Emancip'Asso: a directory of vetted providers for associations leaving Big Tech, inside the forum (signed proxy to the directory service).
# version: 0.1.0
# authors: Emancip'Asso
# url: https://github.com/emancipasso/discourse-emancipasso

enabled_site_setting :emancipasso_enabled

register_asset "stylesheets/common/directory.scss"

# Icons the plugin's components use, added to the forum's SVG sprite.
%w[address-book arrows-rotate check chevron-left chevron-right magnifying-glass].each do |icon|
  register_svg_icon icon
end

module ::Emancipasso
  PLUGIN_NAME = "discourse-emancipasso"
end

# The engine is defined while plugins are activated (before Rails boots), as Discourse's plugin
# skeleton does; everything that needs Discourse's classes waits for after_initialize.
require_relative "plugin/emancipasso/engine"

after_initialize do
  require_relative "plugin/emancipasso/request_signer"
  require_relative "plugin/emancipasso/acting_user"
  require_relative "plugin/emancipasso/service_client"
  require_relative "plugin/emancipasso/proxy_controller"
  require_relative "plugin/emancipasso/pages_controller"

  Discourse::Application.routes.append do
    # The browser talks only to the forum; the engine relays to the directory service, signed.
    mount ::Emancipasso::Engine, at: "/directory-api"

    # Pages drawn by the Ember app (assets/javascripts/discourse/*-route-map.js): the server
    # only answers a direct visit or a reload with the forum's application shell.
    get "/annuaire" => "emancipasso/pages#show", :format => false
    get "/annuaire/:slug" => "emancipasso/pages#show",
        :format => false,
        :constraints => {
          slug: Emancipasso::Engine::SLUG_FORMAT,
        }
  end
end
