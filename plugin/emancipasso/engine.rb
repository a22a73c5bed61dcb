# frozen_string_literal: true

module ::Emancipasso
  PLUGIN_NAME = "discourse-emancipasso" unless const_defined?(:PLUGIN_NAME)

  # Mounted at /directory-api by plugin.rb. Isolated, so its routes and controllers live in the
  # Emancipasso namespace and cannot clash with Discourse's.
  class Engine < ::Rails::Engine
    # A provider's slug, as the service's contract defines it (Slug in contract.ts).
    SLUG_FORMAT = /[a-z0-9]+(?:-[a-z0-9]+)*/

    engine_name PLUGIN_NAME
    isolate_namespace Emancipasso

    # Rails looks for an engine's root by walking up to the first folder holding lib/, which for
    # this layout would be Discourse's own root: point it at the plugin instead.
    config.root = File.expand_path("../..", __dir__)
    # The engine's routes file, loaded (and reloaded in development) by Rails' routes reloader;
    # routes drawn from after_initialize would be wiped by the reloader's first pass.
    paths["config/routes.rb"] = "plugin/emancipasso/routes.rb"
  end
end
