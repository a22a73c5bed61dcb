# frozen_string_literal: true

# Stand-in for the parts of Discourse's ApplicationController the plugin's controllers use:
# CSRF protection, current_user, requires_plugin (404 when the plugin is disabled, with
# Discourse's JSON error body), check_xhr (non-XHR, non-JSON requests get the application shell)
# and preload_json (site data for HTML pages; none exists here).
class ApplicationController < ActionController::Base
  protect_from_forgery

  class RenderEmpty < StandardError
  end

  class PluginDisabled < StandardError
  end

  rescue_from(RenderEmpty) { render "default/empty" }

  rescue_from(PluginDisabled) do
    render json: { errors: ["The requested URL or resource could not be found."], error_type: "not_found" },
           status: 404
  end

  before_action :preload_json
  before_action :check_xhr

  def self.requires_plugin(plugin_name)
    before_action do
      plugin = Discourse.plugins_by_name[plugin_name]
      raise "Required plugin '#{plugin_name}' not found" unless plugin
      raise PluginDisabled unless plugin.enabled?
    end
  end

  def current_user
    DiscourseStandIns::CurrentUserStore.user
  end

  private

  def preload_json
  end

  def check_xhr
    raise RenderEmpty unless (request.format && request.format.json?) || request.xhr?
  end
end
