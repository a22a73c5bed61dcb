# frozen_string_literal: true

require "yaml"

# Small stand-ins for the few Discourse pieces the plugin's Ruby side touches, so that plugin.rb
# and the proxy run unchanged in a minimal Rails app (Discourse itself cannot be installed here).
# Each one mirrors only the behaviour the plugin relies on; none holds a rule of the plugin.

module Discourse
  # Discourse::Application is the Rails application (defined in test_app.rb).

  def self.plugins
    @plugins ||= []
  end

  def self.plugins_by_name
    @plugins_by_name ||= {}
  end

  # As Discourse's config/application.rb does, before Rails boots.
  def self.activate_plugin!(path)
    plugin = Plugin::Instance.new(path)
    plugin.activate!
    plugins << plugin
    plugins_by_name[plugin.name] = plugin
    plugin
  end
end

module Plugin
  # Mirrors Discourse's lib/plugin/instance.rb for the DSL plugin.rb uses: the metadata comment
  # header, enabled_site_setting, register_asset and after_initialize.
  class Instance
    METADATA_FIELDS = %i[name about version authors contact_emails url required_version].freeze

    attr_reader :path, :metadata, :assets, :svg_icons, :enabled_site_setting_name

    def initialize(path)
      @path = path
      @metadata = parse_metadata(File.read(path))
      @assets = []
      @svg_icons = []
      @after_initialize_blocks = []
    end

    def name
      metadata.fetch(:name)
    end

    def activate!
      instance_eval(File.read(path), path)
    end

    def enabled_site_setting(setting)
      @enabled_site_setting_name = setting
    end

    def enabled?
      !!SiteSetting.public_send(enabled_site_setting_name)
    end

    def register_asset(file, opts = nil)
      @assets << [file, opts]
    end

    def register_svg_icon(icon)
      @svg_icons << icon
    end

    def after_initialize(&block)
      @after_initialize_blocks << block
    end

    def notify_after_initialize
      @after_initialize_blocks.each { |block| instance_exec(&block) }
    end

    def directory
      File.dirname(path)
    end

    private

    # Like Discourse's Plugin::Metadata: "# key: value" lines until the first non-comment line.
    def parse_metadata(source)
      source.each_line.with_object({}) do |line, fields|
        line = line.strip
        next if line.empty?
        break fields unless line.start_with?("#")

        key, *value = line[1..].split(":")
        key = key.strip.to_sym
        fields[key] = value.join(":").strip if METADATA_FIELDS.include?(key)
      end
    end
  end
end

# Site settings read from the plugin's config/settings.yml, with Discourse's validation of
# integer bounds and of the declared type on assignment. Defaults restore between examples.
class SiteSetting
  class InvalidSetting < ArgumentError
  end

  class << self
    def load_from(settings_file)
      @definitions = {}
      YAML
        .safe_load(File.read(settings_file))
        .each_value do |settings|
          settings.each { |name, definition| @definitions[name.to_sym] = definition }
        end
      @definitions.each_key do |name|
        define_singleton_method(name) { current.fetch(name) }
        define_singleton_method("#{name}=") { |value| assign(name, value) }
      end
      reset!
    end

    def definitions
      @definitions
    end

    def reset!
      @current = @definitions.transform_values { |definition| definition["default"] }
    end

    private

    def current
      @current
    end

    def assign(name, value)
      definition = @definitions.fetch(name)
      if definition["type"] == "integer" || definition["default"].is_a?(Integer)
        value = Integer(value)
        min = definition["min"]
        max = definition["max"]
        if (min && value < min) || (max && value > max)
          raise InvalidSetting, "#{name} must be between #{min} and #{max}"
        end
      elsif definition["default"] == true || definition["default"] == false
        raise InvalidSetting, "#{name} must be true or false" unless [true, false].include?(value)
      end
      @current[name] = value
    end
  end
end

module DiscourseStandIns
  # What Discourse's CurrentUser provider would find in the session; request specs set it with
  # sign_in(user).
  module CurrentUserStore
    class << self
      attr_accessor :user
    end
  end

  Group = Struct.new(:name)

  # The User attributes the plugin reads (a Discourse User answers the same messages).
  class User
    attr_reader :id, :username, :trust_level

    def initialize(id:, username:, admin: false, moderator: false, groups: [], trust_level: 1, locale: "fr")
      @id = id
      @username = username
      @admin = admin
      @moderator = moderator
      @groups = groups.map { |name| Group.new(name) }
      @trust_level = trust_level
      @locale = locale
    end

    def admin?
      @admin
    end

    def moderator?
      @moderator
    end

    # Discourse: user.groups is a relation; pluck(:name) works the same on this array.
    def groups
      @groups
    end

    def effective_locale
      @locale
    end
  end

  # Discourse's spec helper of the same name logs a user in for request specs.
  module Helpers
    def sign_in(user)
      CurrentUserStore.user = user
    end

    def stand_in_user(**attributes)
      User.new(**{ id: 7, username: "dominique" }.merge(attributes))
    end
  end
end
