# frozen_string_literal: true

require "yaml"

# Small stand-ins for the few Discourse pieces the plugin's Ruby side touches, so that plugin.rb
# and the relay run unchanged in a minimal Rails app (Discourse itself cannot be installed here).
# Each one mirrors, on the paths the plugin uses, the Discourse file it names; none holds a rule
# of the plugin. Mirrored: lib/discourse.rb (plugins, exceptions), lib/plugin/instance.rb,
# lib/site_setting_extension.rb, lib/rate_limiter.rb and lib/rate_limiter/limit_exceeded.rb,
# lib/guardian.rb, app/models/category.rb, lib/auth/default_current_user_provider.rb,
# app/serializers/current_user_serializer.rb (on active_model_serializers 0.8, Discourse's).

module Discourse
  # Discourse::Application is the Rails application (defined in test_app.rb).

  # lib/discourse.rb: raised when a user must be logged in (ApplicationController answers 403
  # not_logged_in to JSON, XHR and non-GET requests).
  class NotLoggedIn < StandardError
  end

  # lib/discourse.rb: access refused. ApplicationController answers 403 invalid_access, with
  # opts[:custom_message] (an I18n key) as its message when given.
  class InvalidAccess < StandardError
    attr_reader :obj, :opts, :custom_message, :custom_message_params, :group

    def initialize(msg = nil, obj = nil, opts = nil)
      super(msg)
      @opts = opts || {}
      @obj = obj
      @custom_message = @opts[:custom_message]
      @custom_message_params = @opts[:custom_message_params]
      @group = @opts[:group]
    end
  end

  def self.plugins
    @plugins ||= []
  end

  def self.plugins_by_name
    @plugins_by_name ||= {}
  end

  # config/application.rb calls Discourse.activate_plugins! in the Application class body,
  # before Rails boots: each plugin.rb is evaluated then.
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
  # header, enabled_site_setting, register_asset, register_svg_icon, after_initialize and
  # add_to_serializer.
  # #activate! evaluates plugin.rb and nothing else: in Discourse too, a plugin's app/, lib/ and
  # config/routes.rb are not read by Plugin::Instance but by the plugin's Rails::Engine, which
  # plugin.rb defines (see lib/emancipasso/engine.rb).
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

    # As lib/plugin/instance.rb#add_to_serializer: declares the attribute on "<Name>Serializer",
    # defines it from the block, and an include_<attr>? that is false while the plugin is off
    # (respect_plugin_enabled, the default) or while include_condition (run on the serializer)
    # is false. Discourse wraps it in reloadable_patch, which here simply runs it.
    def add_to_serializer(serializer, attr, respect_plugin_enabled: true, include_condition: nil, &block)
      klass = "#{serializer.to_s.classify}Serializer".constantize
      plugin = self
      klass.attributes(attr)
      if respect_plugin_enabled || include_condition
        klass.define_method("include_#{attr}?") do
          next false if respect_plugin_enabled && !plugin.enabled?
          next instance_exec(&include_condition) if include_condition
          true
        end
      end
      klass.define_method(attr, &block)
    end

    def notify_after_initialize
      @after_initialize_blocks.each { |block| block.call(self) }
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

# Site settings read from the plugin's config/settings.yml, plus the core settings the plugin's
# paths read (with Discourse's defaults from config/site_settings.yml), with Discourse's
# validation of integer bounds and of booleans on assignment. Defaults restore between examples.
class SiteSetting
  class InvalidSetting < ArgumentError
  end

  CORE_SETTINGS = {
    # ApplicationController#redirect_to_login_if_required.
    "login_required" => {
      "default" => false,
    },
    # Guardian#is_category_group_moderator? (lib/guardian.rb).
    "enable_category_group_moderation" => {
      "default" => false,
    },
  }.freeze

  class << self
    def load_from(settings_file)
      @definitions = CORE_SETTINGS.transform_keys(&:to_sym)
      YAML
        .safe_load(File.read(settings_file))
        .each_value do |settings|
          settings.each { |name, definition| @definitions[name.to_sym] = definition }
        end
      @definitions.each_key do |name|
        define_singleton_method(name) { current.fetch(name) }
        define_singleton_method("#{name}?") { current.fetch(name) } if boolean?(name)
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

    def boolean?(name)
      [true, false].include?(@definitions.fetch(name)["default"])
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
      elsif boolean?(name)
        raise InvalidSetting, "#{name} must be true or false" unless [true, false].include?(value)
      end
      @current[name] = value
    end
  end
end

# lib/rate_limiter.rb: a sliding window of the last `max` times an action was performed, per
# user and type. Redis holds the list in Discourse (a Lua script pushes "now" while fewer than
# max entries exist or the oldest is at least secs old); a Hash of lists holds it here, with the
# same rule. Staff are not limited unless apply_limit_to_staff. Off in tests unless a spec turns
# it on (RateLimiter.enable), as in Discourse's spec/rails_helper.rb.
class RateLimiter
  attr_reader :max, :secs, :user, :key, :error_code

  def self.disable
    @disabled = true
  end

  def self.enable
    @disabled = false
  end

  def self.disabled?
    @disabled
  end

  def self.clear_all!
    @store = {}
  end

  def self.store
    @store ||= {}
  end

  # lib/rate_limiter/limit_exceeded.rb: RateLimiter.time_left.
  def self.time_left(available_in)
    if available_in <= 3
      I18n.t("rate_limiter.short_time")
    elsif available_in < 1.minute.to_i
      I18n.t("rate_limiter.seconds", count: available_in)
    elsif available_in < 1.hour.to_i
      I18n.t("rate_limiter.minutes", count: (available_in / 1.minute.to_i))
    else
      I18n.t("rate_limiter.hours", count: (available_in / 1.hour.to_i))
    end
  end

  # lib/rate_limiter/limit_exceeded.rb
  class LimitExceeded < StandardError
    attr_reader :type, :available_in, :error_code

    def initialize(available_in, type = nil, error_code = nil)
      @available_in = available_in
      @type = type
      @error_code = error_code
    end

    def time_left
      @time_left ||= RateLimiter.time_left(@available_in)
    end

    def description
      if @type.present?
        message =
          I18n.t("rate_limiter.by_type.#{@type.tr("-", "_")}", time_left: time_left, default: "")
        return message if message.present?
      end
      I18n.t("rate_limiter.too_many_requests", time_left: time_left)
    end
  end

  def initialize(
    user,
    type,
    max,
    secs,
    global: false,
    aggressive: false,
    error_code: nil,
    apply_limit_to_staff: false,
    staff_limit: { max: nil, secs: nil }
  )
    @user = user
    @type = type
    @key = "l-rate-limit3::#{user&.id}:#{type}"
    @max = max
    @secs = secs
    @error_code = error_code
    @apply_limit_to_staff = apply_limit_to_staff
    @staff_limit = staff_limit
    if @user&.staff? && !@apply_limit_to_staff && @staff_limit[:max].present?
      @max = @staff_limit[:max]
      @secs = @staff_limit[:secs]
    end
  end

  def performed!(raise_error: true)
    return true if rate_unlimited?

    now = Time.now.to_i
    if (@max || 0) <= 0 || !push_if_allowed(now)
      raise LimitExceeded.new(seconds_to_wait(now), @type, @error_code) if raise_error
      false
    else
      true
    end
  end

  def seconds_to_wait(now = Time.now.to_i)
    @secs - (now - times.last.to_i)
  end

  private

  def times
    RateLimiter.store[@key] ||= []
  end

  def push_if_allowed(now)
    return false unless times.size < @max || now - times.last >= @secs

    times.unshift(now)
    times.pop while times.size > @max
    true
  end

  def rate_unlimited?
    !!(RateLimiter.disabled? || (@user&.staff? && !@apply_limit_to_staff && @staff_limit[:max].nil?))
  end
end

# app/models/category.rb: a category and its moderation groups (category_moderation_groups,
# Category#moderating_groups). Kept in a list that stands for the categories table.
class Category
  attr_reader :id, :name, :moderating_groups

  def self.all
    @all ||= []
  end

  def self.reset!
    @all = []
  end

  def self.create!(name:, moderating_groups: [])
    category = new(id: all.size + 1, name: name, moderating_groups: moderating_groups)
    all << category
    category
  end

  def self.find_by(id:)
    all.find { |category| category.id == id }
  end

  def initialize(id:, name:, moderating_groups:)
    @id = id
    @name = name
    @moderating_groups = moderating_groups
  end

  def moderating_group_ids
    moderating_groups.map(&:id)
  end
end

# lib/guardian.rb, on the paths the plugin uses.
class Guardian
  # Guardian::AnonymousUser: blank, so Guardian#user is nil for an anonymous visitor.
  class AnonymousUser
    def blank?
      true
    end

    def admin?
      false
    end

    def staff?
      false
    end

    def moderator?
      false
    end

    def anonymous?
      true
    end

    def groups
      []
    end
  end

  attr_reader :request

  def initialize(user = nil, request = nil)
    @user = user.presence || AnonymousUser.new
    @request = request
  end

  def user
    @user.presence
  end
  alias current_user user

  def anonymous?
    !authenticated?
  end

  def authenticated?
    @user.present?
  end

  def is_admin?
    @user.admin?
  end

  def is_staff?
    @user.staff?
  end

  def is_moderator?
    @user.moderator?
  end

  # False without a category, for an anonymous visitor and while enable_category_group_moderation
  # is off; otherwise whether the user belongs to one of the category's moderation groups (the
  # real one queries categories joined to category_moderation_groups and group_users). Staff get
  # no exception: an admin outside those groups is not a category group moderator.
  def is_category_group_moderator?(category)
    return false if !category
    return false if !category_group_moderation_allowed?

    @group_moderator_categories ||= {}
    return @group_moderator_categories[category.id] if @group_moderator_categories.key?(category.id)

    @group_moderator_categories[category.id] = Category.all.any? do |moderated|
      moderated.id == category.id && (moderated.moderating_group_ids & @user.group_ids).any?
    end
  end

  protected

  def category_group_moderation_allowed?
    authenticated? && SiteSetting.enable_category_group_moderation
  end
end

# app/serializers/current_user_serializer.rb on active_model_serializers 0.8 (Discourse's): the
# current user as the forum's client receives it (currentUser). `object` is the user, `scope`
# the request's Guardian; an attribute is left out when its include_<attr>? answers false.
# Only the attributes the plugin adds: core's own (id, username, admin...) are not needed here.
class CurrentUserSerializer
  def self.attributes(*names)
    @attribute_names = (attribute_names + names.map(&:to_sym)).uniq
  end

  def self.attribute_names
    @attribute_names ||= []
  end

  attr_reader :object, :scope

  def initialize(object, scope:, root: false)
    @object = object
    @scope = scope
  end

  def as_json(*)
    self.class.attribute_names.each_with_object({}) do |name, hash|
      include_method = "include_#{name}?"
      next if respond_to?(include_method) && !public_send(include_method)

      hash[name] = public_send(name)
    end
  end
end

module DiscourseStandIns
  # What Discourse's current user provider finds for the request: the session's user (set by
  # sign_in), or, with an Api-Key header, the key's user. An unknown key raises InvalidAccess
  # with the custom message invalid_api_credentials, as lib/auth/default_current_user_provider.rb
  # does.
  module CurrentUserStore
    API_KEY_HEADER = "HTTP_API_KEY"
    API_KEY_ENV = "_DISCOURSE_API"

    class << self
      attr_accessor :user

      def api_keys
        @api_keys ||= {}
      end

      def reset!
        @user = nil
        @api_keys = {}
      end

      def current_user(env)
        if (key = env[API_KEY_HEADER])
          key_user = api_keys[key]
          unless key_user
            raise Discourse::InvalidAccess.new(
                    I18n.t("invalid_api_credentials"),
                    nil,
                    custom_message: "invalid_api_credentials",
                  )
          end
          env[API_KEY_ENV] = true
          return key_user
        end
        self.user
      end
    end
  end

  Group = Struct.new(:id, :name)

  # The User attributes the plugin and the Guardian read (a Discourse User answers the same).
  class User
    attr_reader :id, :username, :trust_level, :groups

    def initialize(id:, username:, admin: false, moderator: false, groups: [], trust_level: 1, locale: "fr")
      @id = id
      @username = username
      @admin = admin
      @moderator = moderator
      @groups = groups
      @trust_level = trust_level
      @locale = locale
    end

    def admin?
      @admin
    end

    def moderator?
      @moderator
    end

    def staff?
      admin? || moderator?
    end

    def group_ids
      groups.map(&:id)
    end

    def effective_locale
      @locale
    end
  end

  # Discourse's spec helpers of the same names log a user in for request specs and make records.
  module Helpers
    def sign_in(user)
      CurrentUserStore.user = user
    end

    def stand_in_user(**attributes)
      User.new(**{ id: 7, username: "dominique" }.merge(attributes))
    end

    def stand_in_group(name)
      @stand_in_group_ids = (@stand_in_group_ids || 100) + 1
      Group.new(@stand_in_group_ids, name)
    end

    def stand_in_category(name, moderating_groups: [])
      Category.create!(name: name, moderating_groups: moderating_groups)
    end
  end
end
