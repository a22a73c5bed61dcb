# frozen_string_literal: true

# A minimal Rails application that loads the plugin the way Discourse does
# (config/application.rb and lib/plugin/instance.rb): plugin.rb is evaluated in the Application
# class body, before Rails boots, and defines the plugin's Rails::Engine; Rails then gives the
# engine what it gives any engine (app/ and the engine's autoload paths to Zeitwerk,
# config/routes.rb to the routes reloader, config/locales to I18n), and the plugin's
# after_initialize blocks run once Rails has booted. Only Debian's Rails packages are needed.
ENV["RAILS_ENV"] = "test"

require "fileutils"
require "logger"
require "rails"
require "action_controller/railtie"

require_relative "discourse_stand_ins"

PLUGIN_ROOT = File.expand_path("../..", __dir__) unless defined?(PLUGIN_ROOT)

FileUtils.mkdir_p(File.join(PLUGIN_ROOT, "tmp"))
SiteSetting.load_from(File.join(PLUGIN_ROOT, "config", "settings.yml"))

module Discourse
  class Application < Rails::Application
    config.root = File.join(__dir__, "test_app")
    config.eager_load = false
    # Discourse runs on Rails 7+, where Zeitwerk is the only autoloader.
    config.autoloader = :zeitwerk
    config.logger = Logger.new(File.join(PLUGIN_ROOT, "tmp", "rails-test.log"))
    config.log_level = :info
    config.secret_key_base = "test-only-secret-key-base-" + ("0" * 40)
    config.active_support.deprecation = :stderr
    config.action_dispatch.show_exceptions = false
    # Discourse's test environment turns forgery protection off as well.
    config.action_controller.allow_forgery_protection = false
    config.i18n.available_locales = %i[en fr]
    config.i18n.default_locale = :en

    Discourse.activate_plugin!(File.join(PLUGIN_ROOT, "plugin.rb"))

    config.after_initialize do
      require_relative "application_controller_stand_in"
      Discourse.plugins.each(&:notify_after_initialize)
    end
  end
end

Discourse::Application.initialize!
