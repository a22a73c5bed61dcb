# frozen_string_literal: true

require_relative "../rails_helper"

# The review queue's routes in the relay's allow-list (the service's src/contract/review.ts):
# each goes to the service signed, with the acting moderator and the body byte for byte; the
# shapes around them are refused with 404 without calling the service. The pages
# /annuaire/moderation and /annuaire/moderation/:id get the application shell.
RSpec.describe "Review queue through the relay", type: :request do
  let(:secret) { "review-relay-spec-secret-0123456789abcdef" }
  let(:recorder) { LoopbackServers::Recorder.new(body: '{"pending":2}') }
  let(:team) { stand_in_group("moderateurs-annuaire") }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = secret
    SiteSetting.emancipasso_service_url = recorder.url
    SiteSetting.enable_category_group_moderation = true
    SiteSetting.emancipasso_directory_category =
      stand_in_category("Annuaire", moderating_groups: [team]).id.to_s
    sign_in(stand_in_user(id: 9, username: "sacha", groups: [team]))
  end

  after { recorder.stop }

  [
    "/v1/review/queue",
    "/v1/review/queue?state=all",
    "/v1/review/applications/12",
    "/v1/review/pending-count",
  ].each do |path|
    it "forwards GET #{path} signed, as the directory moderator" do
      get "/directory-api#{path}"

      expect(response.status).to eq(200)
      expect(response.parsed_body).to eq("pending" => 2)
      sent = recorder.last_request
      expect(sent.method).to eq("GET")
      expect(sent.target).to eq(path)
      expect(sent.signed_with?(secret)).to be(true)
      expect(Emancipasso::RequestSigner.decode_user(sent.headers.fetch("x-directory-user"))).to include(
        username: "sacha",
        directory_moderator: true,
      )
    end
  end

  it "forwards an action's JSON body byte for byte" do
    body = '{"action":"request_changes","version":3,"reason":"Précisez la période."}'
    post "/directory-api/v1/review/applications/12/actions",
         params: body,
         headers: {
           "CONTENT_TYPE" => "application/json",
         }

    sent = recorder.last_request
    expect(sent.method).to eq("POST")
    expect(sent.target).to eq("/v1/review/applications/12/actions")
    expect(sent.body.force_encoding("UTF-8")).to eq(body)
    expect(sent.signed_with?(secret)).to be(true)
  end

  [
    [:get, "/directory-api/v1/review"],
    [:get, "/directory-api/v1/review/applications"],
    [:post, "/directory-api/v1/review/queue"],
    [:get, "/directory-api/v1/review/applications/0"],
    [:get, "/directory-api/v1/review/applications/abc"],
    [:get, "/directory-api/v1/review/applications/12/actions"],
    [:post, "/directory-api/v1/review/applications"],
    [:post, "/directory-api/v1/review/applications/12"],
    [:put, "/directory-api/v1/review/applications/12/actions"],
    [:delete, "/directory-api/v1/review/applications/12"],
    [:post, "/directory-api/v1/review/pending-count"],
    [:get, "/directory-api/v1/review/applications/12/audit"],
  ].each do |verb, path|
    it "answers #{verb.upcase} #{path} with 404 without calling the service" do
      public_send(verb, path)

      expect(response.status).to eq(404)
      expect(response.parsed_body.dig("error", "code")).to eq("not_found")
      expect(recorder.requests).to be_empty
    end
  end

  it "serves the application shell at /annuaire/moderation and /annuaire/moderation/:id" do
    %w[/annuaire/moderation /annuaire/moderation/12].each do |path|
      get path

      expect(response.status).to eq(200), path
      expect(response.body).to include('id="discourse-application-shell"')
    end
    expect(recorder.requests).to be_empty
  end
end
