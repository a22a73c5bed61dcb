# frozen_string_literal: true

require_relative "../rails_helper"

# Discourse answers some relay requests itself, before the relay runs, in its own JSON error
# shape ({ errors: [message], error_type, extras }; app/controllers/application_controller.rb,
# lib/json_error.rb): the directory service never hears of them.
RSpec.describe "Discourse's own answers in front of the relay", type: :request do
  let(:recorder) { LoopbackServers::Recorder.new }
  let(:json_request) { { "Accept" => "application/json" } }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = "answers-spec-secret-0123456789abcdef"
    SiteSetting.emancipasso_service_url = recorder.url
  end

  after { recorder.stop }

  def expect_discourse_error(status, error_type, message)
    expect(response.status).to eq(status)
    expect(response.media_type).to eq("application/json")
    expect(response.parsed_body).to eq("errors" => [message], "error_type" => error_type)
    expect(recorder.requests).to be_empty
  end

  def import_body
    JSON.generate([{ "slug" => "atelier-libre", "name" => "Atelier Libre" }])
  end

  describe "on a forum that requires login" do
    before { SiteSetting.login_required = true }

    it "answers an anonymous JSON request 403 not_logged_in" do
      get "/directory-api/v1/providers", headers: json_request
      expect_discourse_error(403, "not_logged_in", I18n.t("not_logged_in"))
    end

    it "answers an anonymous XHR or JSON POST 403 not_logged_in too" do
      get "/directory-api/v1/taxonomies", xhr: true
      expect_discourse_error(403, "not_logged_in", I18n.t("not_logged_in"))

      post "/directory-api/v1/admin/providers/import",
           params: import_body,
           headers: json_request.merge("CONTENT_TYPE" => "application/json")
      expect_discourse_error(403, "not_logged_in", I18n.t("not_logged_in"))
    end

    it "refuses an anonymous POST that asks for no JSON with a 403 page, as Discourse does" do
      post "/directory-api/v1/admin/providers/import",
           params: import_body,
           headers: {
             "CONTENT_TYPE" => "application/json",
           }

      expect(response.status).to eq(403)
      expect(response.media_type).to eq("text/html")
      expect(recorder.requests).to be_empty
    end

    it "sends an anonymous page visit (a CSV download link) to the login page" do
      get "/directory-api/v1/admin/providers/export?format=csv", headers: { "Accept" => "text/html" }

      expect(response).to redirect_to("/login")
      expect(recorder.requests).to be_empty
    end

    it "asks for login before saying the plugin is disabled" do
      SiteSetting.emancipasso_enabled = false
      get "/directory-api/v1/providers", headers: json_request
      expect_discourse_error(403, "not_logged_in", I18n.t("not_logged_in"))
    end

    it "relays a signed-in member's request" do
      sign_in(stand_in_user)
      get "/directory-api/v1/providers", headers: json_request

      expect(response.status).to eq(200)
      expect(recorder.last_request.headers).to have_key("x-directory-user")
    end
  end

  describe "credentials the forum refuses" do
    it "answers 403 invalid_access to an unknown API key, with Discourse's message for it" do
      get "/directory-api/v1/providers", headers: json_request.merge("Api-Key" => "not-a-key")
      expect_discourse_error(403, "invalid_access", I18n.t("invalid_api_credentials"))
    end

    it "relays a known API key's requests as its user" do
      DiscourseStandIns::CurrentUserStore.api_keys["known-key"] =
        stand_in_user(id: 9, username: "robot-annuaire", admin: true)
      get "/directory-api/v1/providers", headers: json_request.merge("Api-Key" => "known-key")

      expect(response.status).to eq(200)
      user = Emancipasso::RequestSigner.decode_user(recorder.last_request.headers.fetch("x-directory-user"))
      expect(user).to include(id: 9, username: "robot-annuaire", admin: true)
    end
  end

  describe "while the plugin is disabled (requires_plugin)" do
    before { SiteSetting.emancipasso_enabled = false }

    it "answers a JSON request 404 not_found in Discourse's shape" do
      get "/directory-api/v1/providers", headers: json_request
      expect_discourse_error(404, "not_found", I18n.t("not_found"))
    end

    it "answers every relay path so, allowed or not, without calling the service" do
      sign_in(stand_in_user(admin: true))
      post "/directory-api/v1/admin/providers/import",
           params: import_body,
           headers: json_request.merge("CONTENT_TYPE" => "application/json")
      expect_discourse_error(404, "not_found", I18n.t("not_found"))

      get "/directory-api/v2/anything", headers: json_request
      expect_discourse_error(404, "not_found", I18n.t("not_found"))
    end
  end

  describe "imports beyond the rate limit" do
    let(:admin) { stand_in_user(id: 1, username: "admin-annuaire", admin: true) }

    before do
      RateLimiter.enable
      SiteSetting.emancipasso_max_imports_per_hour = 2
    end

    def import!
      post "/directory-api/v1/admin/providers/import",
           params: import_body,
           headers: json_request.merge("CONTENT_TYPE" => "application/json")
    end

    it "answers 429 rate_limit with the wait and Retry-After, staff included, after the limit" do
      sign_in(admin)
      2.times do
        import!
        expect(response.status).to eq(200)
      end
      2.times { recorder.last_request }

      import!

      expect(response.status).to eq(429)
      expect(response.headers["Retry-After"]).to eq("3600")
      time_left = I18n.t("rate_limiter.hours", count: 1)
      expect(response.parsed_body).to eq(
        "errors" => [I18n.t("rate_limiter.too_many_requests", time_left: time_left)],
        "error_type" => "rate_limit",
        "extras" => {
          "wait_seconds" => 3600,
          "time_left" => time_left,
        },
      )
      expect(recorder.requests).to be_empty
    end

    it "counts each user's imports apart, and leaves searches alone" do
      sign_in(admin)
      2.times { import! }
      sign_in(stand_in_user(id: 2, username: "autre-admin", admin: true))
      import!
      expect(response.status).to eq(200)

      3.times { get "/directory-api/v1/providers", headers: json_request }
      expect(response.status).to eq(200)
    end
  end
end
