# frozen_string_literal: true

module ::Emancipasso
  # The referee's questionnaire (docs/product.md, "Referees"): /annuaire/reference/<rest> on the
  # forum is relayed, signed, to the service's /v1/references/<rest> with the same query
  # string, and the service's HTML page comes back with its status and its own security
  # headers. These are the only routes whose HTML the relay passes through.
  #
  # A referee has no forum account and the page works without JavaScript, so these routes
  # leave out three of Discourse's ApplicationController checks
  # (app/controllers/application_controller.rb in discourse/discourse):
  # - verify_authenticity_token (protect_from_forgery): a plain HTML form cannot carry the
  #   forum's CSRF token; the service checks its own per-form token, bound to the link and
  #   expiring (src/domain/reference-token.ts). Core skips it the same way for requests that
  #   carry their own proof (e.g. WebhooksController).
  # - redirect_to_login_if_required: the page must open on a login-required forum too, as
  #   core's own pages for people without a session do (SessionController, UsersController's
  #   password reset and account activation skip it).
  # - check_xhr: a normal page load, not an XHR; preload_json: no Ember shell to preload.
  # Discourse's ContentSecurityPolicy::Middleware (lib/content_security_policy/middleware.rb)
  # leaves a response alone when it already has a Content-Security-Policy: the service's
  # strict policy (no script at all) is the one the browser gets.
  class QuestionnaireController < ::ApplicationController
    requires_plugin PLUGIN_NAME

    skip_before_action :verify_authenticity_token,
                       :redirect_to_login_if_required,
                       :check_xhr,
                       :preload_json

    # The service's answer headers the browser needs: the page's security headers (helmet),
    # caching, the rate limit, and the redirect to ProConnect.
    PASSED_BACK_HEADERS = %w[
      content-type
      content-security-policy
      cross-origin-opener-policy
      cross-origin-resource-policy
      origin-agent-cluster
      referrer-policy
      strict-transport-security
      x-content-type-options
      x-dns-prefetch-control
      x-download-options
      x-frame-options
      x-permitted-cross-domain-policies
      x-xss-protection
      cache-control
      retry-after
      ratelimit
      ratelimit-policy
      location
    ].freeze

    PREFIX = "/annuaire/reference/"

    # A referee's answers and the link's token are personal: Rails writes every request's
    # parameters on the log's "Parameters:" line (ActionController::Instrumentation#process_action
    # hands request.filtered_parameters to ActionController::LogSubscriber#start_processing). The
    # relay forwards the raw body and reads no parameter, so on these routes every one of them is
    # filtered before that line is written.
    def process_action(*)
      request.set_header("action_dispatch.parameter_filter", [/./])
      super
    end

    def forward
      relay
    end

    # ProConnect's fixed return address (registered with ProConnect), found by its state.
    def callback
      relay
    end

    private

    def relay
      result =
        ServiceClient.new(
          base_url: SiteSetting.emancipasso_service_url,
          secret: SiteSetting.emancipasso_shared_secret,
          timeout_seconds: SiteSetting.emancipasso_request_timeout_seconds,
        ).call(
          method: request.request_method,
          path_with_query: service_path_with_query,
          body: request.post? ? request.raw_post.to_s : "",
          content_type: request.headers["CONTENT_TYPE"],
          # The referee is never the forum's user: the page is theirs through the link alone.
          user: nil,
          accept_language: request.headers["Accept-Language"].presence,
          forwarded_for: request.remote_ip,
          pass_headers: PASSED_BACK_HEADERS,
        )
      result.headers.each do |name, value|
        response.headers[name.split("-").map(&:capitalize).join("-")] = value unless name == "content-type"
      end
      render body: result.body,
             status: result.status,
             content_type: result.headers["content-type"] || "text/html; charset=utf-8"
    rescue ServiceClient::Error => e
      Rails.logger.warn("[#{PLUGIN_NAME}] questionnaire relay failed: #{e.class}: #{e.message}")
      render plain: I18n.t("emancipasso.errors.service_unavailable"),
             status: e.is_a?(ServiceClient::TimedOut) ? 504 : 502
    end

    # /annuaire/reference/<rest>?<query> → /v1/references/<rest>?<query>, exactly as sent.
    def service_path_with_query
      rest = request.path_info.delete_prefix(PREFIX)
      query = request.query_string.to_s
      path = "/v1/references/#{rest}"
      query.empty? ? path : "#{path}?#{query}"
    end
  end
end
