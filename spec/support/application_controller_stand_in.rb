# frozen_string_literal: true

# Stand-in for Discourse's app/controllers/application_controller.rb (with lib/json_error.rb),
# on the paths the plugin's controllers take: CSRF protection (handle_unverified_request:
# 403 ["BAD CSRF"]), current_user and guardian, the
# before_action order (login required, then HTML preloading, then the XHR check; a
# controller's requires_plugin comes after them all), and the rescue handlers that answer in
# Discourse's JSON error shape { errors: [message], error_type, extras }:
#   NotLoggedIn → 403 not_logged_in (JSON, XHR or non-GET; else 404 page)
#   InvalidAccess → 403 invalid_access (message: its custom_message when given)
#   PluginDisabled (requires_plugin) → 404 not_found
#   RateLimiter::LimitExceeded → 429 rate_limit, extras { wait_seconds, time_left },
#     Retry-After header
# HTML error pages are reduced to a title; Discourse renders its full 404 page there.
class ApplicationController < ActionController::Base
  protect_from_forgery

  # A request without a valid CSRF token (when forgery protection is on) is refused with 403
  # ["BAD CSRF"] and no current user, unless it authenticates with an API key.
  def handle_unverified_request
    unless is_api?
      super
      render plain: "[\"BAD CSRF\"]", status: 403
    end
  end

  class RenderEmpty < StandardError
  end

  class PluginDisabled < StandardError
  end

  before_action :redirect_to_login_if_required
  before_action :preload_json
  before_action :check_xhr

  rescue_from(RenderEmpty) { render "default/empty" }

  rescue_from(ActionController::RoutingError, PluginDisabled) do
    rescue_discourse_actions(:not_found, 404)
  end

  rescue_from RateLimiter::LimitExceeded do |e|
    retry_time_in_seconds = e&.available_in
    response_headers = { "Retry-After": retry_time_in_seconds.to_s }
    response_headers["Discourse-Rate-Limit-Error-Code"] = e.error_code if e&.error_code

    render_json_error(
      e.description,
      type: :rate_limit,
      status: 429,
      extras: {
        wait_seconds: retry_time_in_seconds,
        time_left: e&.time_left,
      },
      headers: response_headers,
    )
  end

  rescue_from Discourse::NotLoggedIn do
    if (request.format && request.format.json?) || request.xhr? || !request.get?
      rescue_discourse_actions(:not_logged_in, 403, include_ember: true)
    else
      rescue_discourse_actions(:not_found, 404)
    end
  end

  rescue_from Discourse::InvalidAccess do |e|
    rescue_discourse_actions(
      :invalid_access,
      403,
      include_ember: true,
      custom_message: e.custom_message,
      custom_message_params: e.custom_message_params,
    )
  end

  # A controller that requires a plugin answers as a missing page while it is disabled.
  def self.requires_plugin(plugin_name)
    before_action do
      if (plugin = Discourse.plugins_by_name[plugin_name])
        raise PluginDisabled.new if !plugin.enabled?
      else
        raise "Required plugin '#{plugin_name}' not found. The string passed to requires_plugin should match the plugin's name at the top of plugin.rb"
      end
    end
  end

  def current_user
    DiscourseStandIns::CurrentUserStore.current_user(request.env)
  end

  def guardian
    @guardian ||= Guardian.new(current_user, request)
  end

  def rescue_discourse_actions(type, status_code, opts = nil)
    opts ||= {}
    show_json_errors = (request.format && request.format.json?) || request.xhr?

    message =
      if opts[:custom_message]
        I18n.t(opts[:custom_message], **(opts[:custom_message_params] || {}))
      else
        I18n.t(type)
      end

    if show_json_errors
      render_json_error message, type: type, status: status_code
    else
      render html: ERB::Util.html_escape(message), status: status_code
    end
  end

  private

  def is_api?
    request.env[DiscourseStandIns::CurrentUserStore::API_KEY_ENV].present?
  end

  # Nothing to preload here: Discourse stores site data for HTML pages only.
  def preload_json
  end

  def check_xhr
    return if !request.get? && is_api?
    raise ApplicationController::RenderEmpty.new if !request.format&.json? && !request.xhr?
  end

  def redirect_to_login_if_required
    return if request.format.json? && is_api?

    if !current_user && SiteSetting.login_required?
      if (request.format && request.format.json?) || request.xhr? || !request.get?
        ensure_logged_in
      else
        redirect_to "/login"
      end
    end
  end

  def ensure_logged_in
    raise Discourse::NotLoggedIn.new if current_user.blank?
  end

  # lib/json_error.rb (create_errors_json), for a message string.
  def render_json_error(message, opts = {})
    opts.fetch(:headers, {}).each { |name, value| headers[name.to_s] = value }
    errors = { errors: [message] }
    errors[:error_type] = opts[:type] if opts[:type]
    errors[:extras] = opts[:extras] if opts[:extras]
    render json: errors.to_json, status: opts[:status] || 422
  end
end
