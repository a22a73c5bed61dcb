# frozen_string_literal: true

# The engine's own middleware is named while the engine is defined, before autoloading starts.
require_relative "body_unparsed"

module ::Emancipasso
  # The plugin's Rails engine, as in discourse-plugin-skeleton (lib/my_plugin_module/engine.rb)
  # and Discourse's bundled plugins (plugins/discourse-topic-voting/lib/.../engine.rb). Rails
  # takes the engine's root from the first folder above this file holding a lib/ folder: the
  # plugin's own. From there it autoloads app/controllers/emancipasso/*, loads
  # config/routes.rb (and reloads it with the application's routes) and config/locales/*.yml.
  class Engine < ::Rails::Engine
    # A provider's slug, as the service's contract defines it (Slug in src/contract/).
    SLUG_FORMAT = /[a-z0-9]+(?:-[a-z0-9]+)*/
    # A referee's link token, as the service issues it (REFERENCE_TOKEN_PATTERN in
    # src/domain/reference-token.ts): 32 random bytes in base64url.
    REFERENCE_TOKEN_FORMAT = /[A-Za-z0-9_-]{43}/

    engine_name PLUGIN_NAME
    isolate_namespace Emancipasso
    # lib/emancipasso/*.rb (signer, acting user, service client) autoloaded by Zeitwerk.
    config.autoload_paths << File.join(config.root, "lib")
    # Only the relay is mounted from this engine: its requests never have their bodies parsed
    # into params, so an import's contents stay out of the forum's log (see BodyUnparsed).
    middleware.use BodyUnparsed
  end
end
