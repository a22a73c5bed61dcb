# frozen_string_literal: true

require_relative "../rails_helper"

# What the relay sends and how it answers when the service is absent, observed on small loopback
# servers (the real service is exercised in directory_proxy_spec.rb).
RSpec.describe "Directory relay transport", type: :request do
  let(:secret) { "transport-spec-secret-0123456789abcdef" }
  let(:recorder) { LoopbackServers::Recorder.new }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = secret
    SiteSetting.emancipasso_service_url = recorder.url
  end

  after { recorder.stop }

  describe "signing" do
    it "signs an anonymous request and sends no X-Directory-User" do
      get "/directory-api/v1/providers"

      expect(response.status).to eq(200)
      sent = recorder.last_request
      expect(sent.method).to eq("GET")
      expect(sent.target).to eq("/v1/providers")
      expect(sent.headers).not_to have_key("x-directory-user")
      expect(sent.headers.fetch("x-directory-signature")).to match(/\Av1=[0-9a-f]{64}\z/)
      expect(Integer(sent.headers.fetch("x-directory-timestamp"))).to be_within(5).of(Time.now.to_i)
      expect(Base64.urlsafe_decode64(sent.headers.fetch("x-directory-nonce")).bytesize).to be >= 16
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "carries who acts and the Guardian's answers in X-Directory-User, never the groups" do
      team = stand_in_group("moderateurs-annuaire")
      SiteSetting.enable_category_group_moderation = true
      SiteSetting.emancipasso_directory_category = stand_in_category("Annuaire", moderating_groups: [team]).id.to_s
      SiteSetting.emancipasso_cofunding_category = stand_in_category("Cofinancement").id.to_s
      sign_in(
        stand_in_user(
          id: 42,
          username: "camille",
          moderator: true,
          groups: [stand_in_group("trust_level_0"), team],
          trust_level: 3,
          locale: "fr",
        ),
      )

      get "/directory-api/v1/providers/atelier-libre"

      sent = recorder.last_request
      expect(Emancipasso::RequestSigner.decode_user(sent.headers.fetch("x-directory-user"))).to eq(
        id: 42,
        username: "camille",
        locale: "fr",
        trust_level: 3,
        admin: false,
        moderator: true,
        directory_moderator: true,
        cofunding_moderator: false,
      )
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "signs in a user who belongs to more than 500 groups (the header does not grow)" do
      sign_in(stand_in_user(groups: Array.new(600) { |i| stand_in_group("groupe-#{i}") }))
      get "/directory-api/v1/taxonomies"

      sent = recorder.last_request
      expect(response.status).to eq(200)
      expect(sent.headers.fetch("x-directory-user").bytesize).to be < 1024
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "passes the query string exactly as the browser sent it, and signs it so" do
      query = "q=%C3%A9quipe&support=diagnostic&support=formation&page=2"
      get "/directory-api/v1/providers?#{query}"

      sent = recorder.last_request
      expect(sent.target).to eq("/v1/providers?#{query}")
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "relays a POST body byte for byte with its content type" do
      sign_in(stand_in_user(admin: true))
      csv = "slug;name\nateliers-reunis;Ateliers réunis\n"

      post "/directory-api/v1/admin/providers/import",
           params: csv,
           headers: {
             "CONTENT_TYPE" => "text/csv; charset=utf-8",
           }

      sent = recorder.last_request
      expect(sent.method).to eq("POST")
      expect(sent.body.b).to eq(csv.b)
      expect(sent.headers.fetch("content-type")).to eq("text/csv; charset=utf-8")
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "sends a POST without a body as an empty signed body" do
      sign_in(stand_in_user(admin: true))
      post "/directory-api/v1/admin/providers/import"

      sent = recorder.last_request
      expect(sent.headers.fetch("content-length")).to eq("0")
      expect(sent.body).to eq("")
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "relays a HEAD request as a signed GET" do
      head "/directory-api/v1/taxonomies"

      expect(response.status).to eq(200)
      sent = recorder.last_request
      expect(sent.method).to eq("GET")
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "uses a fresh nonce for every request" do
      2.times { get "/directory-api/v1/taxonomies" }
      nonces = Array.new(2) { recorder.last_request.headers.fetch("x-directory-nonce") }
      expect(nonces.uniq.size).to eq(2)
    end

    it "keeps a path prefix of the service URL in what it sends and signs" do
      SiteSetting.emancipasso_service_url = "#{recorder.url}/annuaire-service/"
      get "/directory-api/v1/taxonomies"

      sent = recorder.last_request
      expect(sent.target).to eq("/annuaire-service/v1/taxonomies")
      expect(sent.signed_with?(secret)).to be(true)
    end

    it "forwards the browser's Accept-Language so anonymous labels follow it" do
      get "/directory-api/v1/taxonomies", headers: { "Accept-Language" => "en-GB,en;q=0.8" }
      expect(recorder.last_request.headers.fetch("accept-language")).to eq("en-GB,en;q=0.8")
    end
  end

  describe "request id" do
    it "forwards the browser's X-Request-Id and returns it" do
      get "/directory-api/v1/providers", headers: { "X-Request-Id" => "annuaire-7f3a9c" }

      expect(recorder.last_request.headers.fetch("x-request-id")).to eq("annuaire-7f3a9c")
      expect(response.headers["X-Request-Id"]).to eq("annuaire-7f3a9c")
    end

    it "creates one when the browser sends none and uses the same id both ways" do
      get "/directory-api/v1/providers"

      sent_id = recorder.last_request.headers.fetch("x-request-id")
      expect(sent_id).to match(/\A[A-Za-z0-9_@-]{8,255}\z/)
      expect(response.headers["X-Request-Id"]).to eq(sent_id)
    end

    it "sends and returns a plain token when the browser's id is not one" do
      get "/directory-api/v1/providers", headers: { "X-Request-Id" => "<script> #{"x" * 300}" }

      sent_id = recorder.last_request.headers.fetch("x-request-id")
      expect(sent_id).to match(/\A[A-Za-z0-9_@-]{1,255}\z/)
      expect(response.headers["X-Request-Id"]).to eq(sent_id)
    end
  end

  describe "passing the service's answer through" do
    let(:recorder) do
      LoopbackServers::Recorder.new(
        status: 429,
        headers: {
          "Content-Type" => "application/json; charset=utf-8",
          "Retry-After" => "30",
          "X-Powered-By" => "Express",
        },
        body: '{"error":{"code":"rate_limited","message":"slow down","details":[]}}',
      )
    end

    it "keeps the status, content type, body and Retry-After, and nothing else of the service's" do
      get "/directory-api/v1/providers"

      expect(response.status).to eq(429)
      expect(response.media_type).to eq("application/json")
      expect(response.body).to eq('{"error":{"code":"rate_limited","message":"slow down","details":[]}}')
      expect(response.headers["Retry-After"]).to eq("30")
      expect(response.headers).not_to have_key("X-Powered-By")
    end
  end

  describe "a CSV download" do
    let(:recorder) do
      LoopbackServers::Recorder.new(
        status: 200,
        headers: {
          "Content-Type" => "text/csv; charset=utf-8",
          "Content-Disposition" => 'attachment; filename="prestataires.csv"',
        },
        body: "slug;name\natelier-libre;Atelier Libre\n",
      )
    end

    it "is served to a plain (non-XHR) GET with its file name, not the application shell" do
      sign_in(stand_in_user(admin: true))
      get "/directory-api/v1/admin/providers/export?format=csv", headers: { "Accept" => "text/html" }

      expect(response.status).to eq(200)
      expect(response.media_type).to eq("text/csv")
      expect(response.headers["Content-Disposition"]).to eq('attachment; filename="prestataires.csv"')
      expect(response.body).to eq("slug;name\natelier-libre;Atelier Libre\n")
      expect(recorder.last_request.target).to eq("/v1/admin/providers/export?format=csv")
    end
  end

  describe "the allow-list" do
    refused = [
      [:get, "/directory-api"],
      [:get, "/directory-api/"],
      [:get, "/directory-api/healthz"],
      [:get, "/directory-api/openapi.json"],
      [:get, "/directory-api/v1/providers.json"],
      [:get, "/directory-api/v1/providers/Atelier_Libre"],
      [:get, "/directory-api/v1/providers/atelier-libre/edit"],
      [:get, "/directory-api/v1/providers/..%2Fadmin%2Fproviders%2Fexport"],
      [:get, "/directory-api/v1/admin/providers"],
      [:get, "/directory-api/v1/admin/providers/import"],
      [:post, "/directory-api/v1/providers"],
      [:post, "/directory-api/v1/admin/providers/export"],
      [:put, "/directory-api/v1/providers/atelier-libre"],
      [:patch, "/directory-api/v1/taxonomies"],
      [:delete, "/directory-api/v1/providers/atelier-libre"],
      [:get, "/directory-api/v2/providers"],
    ]

    refused.each do |verb, path|
      it "answers #{verb.upcase} #{path} with 404 without calling the service" do
        sign_in(stand_in_user(admin: true))
        public_send(verb, path)

        expect(response.status).to eq(404)
        expect(response.parsed_body).to eq(
          "error" => {
            "code" => "not_found",
            "message" => I18n.t("emancipasso.errors.not_found"),
            "details" => [],
          },
        )
        expect(recorder.requests).to be_empty
      end
    end
  end

  describe "when the plugin is disabled" do
    it "answers 404 and never calls the service" do
      SiteSetting.emancipasso_enabled = false
      get "/directory-api/v1/providers"

      expect(response.status).to eq(404)
      expect(recorder.requests).to be_empty
    end
  end

  describe "when the service cannot answer" do
    def expect_error(status, code)
      expect(response.status).to eq(status)
      expect(response.media_type).to eq("application/json")
      expect(response.parsed_body).to eq(
        "error" => {
          "code" => code,
          "message" => I18n.t("emancipasso.errors.#{code}"),
          "details" => [],
        },
      )
      expect(response.headers["X-Request-Id"]).to be_present
    end

    it "answers 502 service_unavailable when nothing listens at the service's address" do
      SiteSetting.emancipasso_service_url = LoopbackServers.closed_port_url
      get "/directory-api/v1/providers"
      expect_error(502, "service_unavailable")
    end

    it "answers 502 service_unavailable when what answers is not HTTP" do
      garbage = LoopbackServers::Garbage.new
      SiteSetting.emancipasso_service_url = garbage.url
      get "/directory-api/v1/providers"
      expect_error(502, "service_unavailable")
    ensure
      garbage&.stop
    end

    it "answers 504 service_timeout after the configured delay, without retrying" do
      silent = LoopbackServers::Silent.new
      SiteSetting.emancipasso_service_url = silent.url
      SiteSetting.emancipasso_request_timeout_seconds = 1

      started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      get "/directory-api/v1/providers"
      elapsed = Process.clock_gettime(Process::CLOCK_MONOTONIC) - started

      expect_error(504, "service_timeout")
      expect(elapsed).to be_between(0.9, 1.9)
    ensure
      silent&.stop
    end

    it "answers 503 service_not_configured without a shared secret" do
      SiteSetting.emancipasso_shared_secret = ""
      get "/directory-api/v1/providers"
      expect_error(503, "service_not_configured")
      expect(recorder.requests).to be_empty
    end

    it "answers 503 service_not_configured when the service URL is not http(s)" do
      SiteSetting.emancipasso_service_url = "ftp://127.0.0.1:#{recorder.port}"
      get "/directory-api/v1/providers"
      expect_error(503, "service_not_configured")
    end
  end
end
