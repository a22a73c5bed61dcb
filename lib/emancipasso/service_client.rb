# frozen_string_literal: true

require "net/http"
require "uri"

module ::Emancipasso
  # Sends one signed request to the directory service with Net::HTTP and returns what it
  # answered. It holds no business rule: the service decides; this only signs and relays.
  class ServiceClient
    Result = Struct.new(:status, :headers, :body, keyword_init: true)

    class Error < StandardError
    end

    # The service's address or the shared secret is missing or unusable.
    class NotConfigured < Error
    end

    # Nothing usable answers at the service's address (refused, reset, unreachable, not HTTP).
    class Unavailable < Error
    end

    # The service accepted the connection but did not answer in time.
    class TimedOut < Error
    end

    # Response headers worth handing back to the browser (the rest are the service's own).
    PASSTHROUGH_HEADERS = %w[content-type content-disposition retry-after idempotent-replayed].freeze

    UNAVAILABLE_ERRORS = [
      Errno::ECONNREFUSED,
      Errno::ECONNRESET,
      Errno::ECONNABORTED,
      Errno::EHOSTUNREACH,
      Errno::ENETUNREACH,
      Errno::EPIPE,
      Errno::EADDRNOTAVAIL,
      SocketError,
      EOFError,
      IOError,
      OpenSSL::SSL::SSLError,
      Net::HTTPBadResponse,
      Net::ProtocolError,
    ].freeze

    BODY_METHODS = %w[POST PUT PATCH].freeze

    TIMEOUT_ERRORS = [Net::OpenTimeout, Net::ReadTimeout, Net::WriteTimeout].freeze

    def initialize(base_url:, secret:, timeout_seconds:)
      @base_url = base_url.to_s.strip
      @secret = secret.to_s
      @timeout_seconds = timeout_seconds.to_f
    end

    # path_with_query is the service path exactly as it will be sent and signed ("/v1/...?...").
    # accept_language only helps the service pick label languages for anonymous visitors;
    # forwarded_for is the browser's address; pass_headers names the answer's headers kept.
    def call(
      method:,
      path_with_query:,
      body: "",
      content_type: nil,
      user: nil,
      request_id: nil,
      accept_language: nil,
      forwarded_for: nil,
      pass_headers: PASSTHROUGH_HEADERS,
      idempotency_key: nil
    )
      base = service_uri
      target = "#{base.path.chomp("/")}#{path_with_query}"
      method = method.to_s.upcase
      # A POST always carries a body, even an empty one (Content-Length: 0), as the browser sent it.
      sends_body = BODY_METHODS.include?(method) || !body.to_s.empty?

      headers =
        RequestSigner.sign(
          method: method,
          path_with_query: target,
          body: sends_body ? body.to_s : "",
          user: user,
          secret: @secret,
        )
      headers["X-Request-Id"] = request_id if request_id
      headers["Content-Type"] = content_type if sends_body && content_type
      headers["Accept-Language"] = accept_language if accept_language
      # The referee's questionnaire is rate limited per client address: the service reads the
      # last X-Forwarded-For entry of a signed request (routes/references.ts, clientAddress).
      headers["X-Forwarded-For"] = forwarded_for if forwarded_for
      # Co-funding writes: the service replays the first answer for a key it has seen.
      headers["Idempotency-Key"] = idempotency_key if idempotency_key

      request = Net::HTTPGenericRequest.new(method, sends_body, method != "HEAD", target, headers)
      request.body = body.to_s if sends_body

      response = connection(base).start { |http| http.request(request) }
      Result.new(
        status: response.code.to_i,
        headers: pass_headers.filter_map { |name| [name, response[name]] if response[name] }.to_h,
        body: response.body.to_s,
      )
    rescue *TIMEOUT_ERRORS => e
      raise TimedOut, e.message
    rescue *UNAVAILABLE_ERRORS, SystemCallError => e
      raise Unavailable, "#{e.class}: #{e.message}"
    end

    private

    def service_uri
      raise NotConfigured, "no shared secret" if @secret.empty?

      uri = URI.parse(@base_url)
      unless uri.is_a?(URI::HTTP) && !uri.host.to_s.empty?
        raise NotConfigured, "service URL must be http(s)://host[:port]"
      end
      uri
    rescue URI::InvalidURIError => e
      raise NotConfigured, e.message
    end

    def connection(uri)
      http = Net::HTTP.new(uri.host, uri.port)
      http.use_ssl = uri.scheme == "https"
      http.open_timeout = @timeout_seconds
      http.read_timeout = @timeout_seconds
      http.write_timeout = @timeout_seconds
      # Net::HTTP retries idempotent requests once; the retry would carry the same nonce, which
      # the service refuses as a replay, and double the wait. One attempt, one answer.
      http.max_retries = 0
      http
    end
  end
end
