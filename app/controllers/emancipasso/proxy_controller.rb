# frozen_string_literal: true

require "securerandom"

module ::Emancipasso
  # Relays the browser's /directory-api/v1/... requests to the directory service, signed with the
  # shared secret and carrying the acting user. The service's status, content type and body come
  # back unchanged; only the service's absence is answered here (502/503/504), in the contract's
  # error shape. Which paths may pass is decided by the engine's routes (config/routes.rb).
  # Discourse's own answers come first, from ApplicationController: login required (403
  # not_logged_in), invalid credentials (403 invalid_access), plugin disabled (404), too many
  # imports (429 rate_limit).
  class ProxyController < ::ApplicationController
    requires_plugin PLUGIN_NAME

    # A pure API: no HTML application shell for non-XHR requests (a CSV export is a plain GET
    # download), and no site data to preload for it.
    skip_before_action :check_xhr, :preload_json
    # The body goes to the service byte for byte, never parsed into params (the engine's
    # BodyUnparsed middleware); nothing to wrap either.
    wrap_parameters false

    # Rate limit type of imports (RateLimiter, lib/rate_limiter.rb): one bucket per user.
    IMPORT_RATE_LIMIT = "emancipasso-import"

    REQUEST_ID_FORMAT = /\A[A-Za-z0-9_@-]{1,255}\z/

    # Methods whose body is relayed byte for byte (co-funding writes use PUT and PATCH too).
    BODY_METHODS = %w[POST PUT PATCH].freeze

    # An import replaces many records at once: at most emancipasso_max_imports_per_hour per
    # user, staff included (imports are for administrators). Anonymous requests pass through
    # to the service, which refuses them.
    def import
      if current_user
        RateLimiter.new(
          current_user,
          IMPORT_RATE_LIMIT,
          SiteSetting.emancipasso_max_imports_per_hour,
          1.hour.to_i,
          apply_limit_to_staff: true,
        ).performed!
      end
      forward
    end

    def forward
      result =
        service_client.call(
          method: request.head? ? "GET" : request.request_method,
          path_with_query: service_path_with_query,
          body: BODY_METHODS.include?(request.request_method) ? request.raw_post.to_s : "",
          content_type: request.headers["CONTENT_TYPE"],
          user: ActingUser.from(guardian),
          request_id: request_id,
          accept_language: request.headers["Accept-Language"].presence,
          idempotency_key: request.headers["Idempotency-Key"].presence,
        )

      response.headers["X-Request-Id"] = request_id
      if (disposition = result.headers["content-disposition"])
        response.headers["Content-Disposition"] = disposition
      end
      if (retry_after = result.headers["retry-after"])
        response.headers["Retry-After"] = retry_after
      end
      if (replayed = result.headers["idempotent-replayed"])
        response.headers["Idempotent-Replayed"] = replayed
      end
      render body: result.body,
             status: result.status,
             content_type: result.headers["content-type"] || "application/octet-stream"
    rescue ServiceClient::TimedOut => e
      log_service_failure(e)
      render_directory_error(504, "service_timeout")
    rescue ServiceClient::Unavailable => e
      log_service_failure(e)
      render_directory_error(502, "service_unavailable")
    rescue ServiceClient::NotConfigured => e
      log_service_failure(e)
      render_directory_error(503, "service_not_configured")
    end

    # Every path the allow-list does not name: answered here, the service never hears of it.
    def not_found
      render_directory_error(404, "not_found")
    end

    private

    def service_client
      ServiceClient.new(
        base_url: SiteSetting.emancipasso_service_url,
        secret: SiteSetting.emancipasso_shared_secret,
        timeout_seconds: SiteSetting.emancipasso_request_timeout_seconds,
      )
    end

    # The path inside the engine (mount point stripped) with the query string exactly as the
    # browser sent it, so that what is signed is what the service receives.
    def service_path_with_query
      query = request.query_string.to_s
      query.empty? ? request.path_info : "#{request.path_info}?#{query}"
    end

    # One id follows a request from the browser through the forum's logs to the service's: the
    # one Rails' RequestId middleware derived from the browser's X-Request-Id (it also returns
    # it), else the browser's own when it is a plain token, else a new one.
    def request_id
      @request_id ||=
        [request.request_id, request.headers["X-Request-Id"]].find do |candidate|
          candidate.is_a?(String) && candidate.match?(REQUEST_ID_FORMAT)
        end || SecureRandom.uuid
    end

    def render_directory_error(status, code)
      response.headers["X-Request-Id"] = request_id
      render json: {
               error: {
                 code: code,
                 message: I18n.t("emancipasso.errors.#{code}"),
                 details: [],
               },
             },
             status: status
    end

    def log_service_failure(error)
      Rails.logger.warn(
        "[#{PLUGIN_NAME}] directory service request #{request_id} failed: #{error.class}: #{error.message}",
      )
    end
  end
end
