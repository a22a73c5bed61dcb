# frozen_string_literal: true

# name: discourse-emancipasso
# about: Emancip'Asso: a directory of vetted providers for associations leaving Big Tech, inside the forum (signed proxy to the directory service).
# version: 0.1.0
# authors: Emancip'Asso
# url: https://github.com/emancipasso/discourse-emancipasso

enabled_site_setting :emancipasso_enabled

register_asset "stylesheets/common/directory.scss"
register_asset "stylesheets/common/cofunding.scss"

# Icons the plugin's components use, added to the forum's SVG sprite.
%w[address-book arrows-rotate check chevron-left chevron-right magnifying-glass].each do |icon|
  register_svg_icon icon
end

module ::Emancipasso
  PLUGIN_NAME = "discourse-emancipasso"
end

# As discourse-plugin-skeleton: the engine is defined when the plugin is activated, before Rails
# boots. Everything else is autoloaded from app/ and lib/, and config/routes.rb draws the routes.
require_relative "lib/emancipasso/engine"
