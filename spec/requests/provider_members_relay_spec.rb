# frozen_string_literal: true

require_relative "../rails_helper"

# The forum members' routes in the relay's allow-list (the service's src/contract/members.ts):
# the vetting chip's lookup and a listed provider's team go to the service signed, with the
# acting user when there is one (the service gives anonymous visitors no usernames); other
# shapes are refused with 404 without calling the service.
RSpec.describe "Provider members through the relay", type: :request do
  let(:secret) { "members-relay-spec-secret-0123456789abcdef" }
  let(:recorder) { LoopbackServers::Recorder.new(body: '{"members":[]}') }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = secret
    SiteSetting.emancipasso_service_url = recorder.url
  end

  after { recorder.stop }

  ["/v1/providers/by-members?user_ids=1,2,3", "/v1/providers/coop-libre-armor/team"].each do |path|
    it "forwards GET #{path} signed, as the signed-in member" do
      sign_in(stand_in_user(id: 7, username: "camille"))
      get "/directory-api#{path}"

      expect(response.status).to eq(200)
      sent = recorder.last_request
      expect(sent.method).to eq("GET")
      expect(sent.target).to eq(path)
      expect(sent.signed_with?(secret)).to be(true)
      expect(Emancipasso::RequestSigner.decode_user(sent.headers.fetch("x-directory-user"))).to include(
        username: "camille",
      )
    end

    it "forwards GET #{path} signed without a user for an anonymous visitor" do
      get "/directory-api#{path}"

      sent = recorder.last_request
      expect(sent.target).to eq(path)
      expect(sent.signed_with?(secret)).to be(true)
      expect(sent.headers).not_to have_key("x-directory-user")
    end
  end

  [
    [:post, "/directory-api/v1/providers/by-members"],
    [:get, "/directory-api/v1/providers/by-members/1"],
    [:get, "/directory-api/v1/providers/Not_A_Slug/team"],
    [:post, "/directory-api/v1/providers/coop-libre-armor/team"],
    [:get, "/directory-api/v1/providers/coop-libre-armor/team/1"],
  ].each do |verb, path|
    it "answers #{verb.upcase} #{path} with 404 without calling the service" do
      public_send(verb, path)

      expect(response.status).to eq(404)
      expect(response.parsed_body.dig("error", "code")).to eq("not_found")
      expect(recorder.requests).to be_empty
    end
  end
end
