# frozen_string_literal: true

require_relative "../rails_helper"

# Through the real controller to the real directory service (started on loopback with the demo
# data): what the relay signs is accepted; what is changed after signing, or signed with
# another secret, is refused; the service sees who acts, and its answers come back unchanged.
RSpec.describe "Directory relay to the real service", :directory_service, type: :request do
  let(:admin) { stand_in_user(id: 1, username: "admin-annuaire", admin: true, trust_level: 4) }
  let(:member) { stand_in_user(id: 2, username: "membre", trust_level: 1) }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = DirectoryServiceProcess.secret
    SiteSetting.emancipasso_service_url = DirectoryServiceProcess.url
  end

  def json
    response.parsed_body
  end

  def first_listed_slug
    get "/directory-api/v1/providers?per_page=1"
    json.fetch("items").first.fetch("slug")
  end

  describe "signed requests the service accepts" do
    it "searches anonymously: 200 with providers, totals and facets" do
      get "/directory-api/v1/providers"

      expect(response.status).to eq(200)
      expect(response.media_type).to eq("application/json")
      expect(json.fetch("items")).not_to be_empty
      expect(json.fetch("total")).to be >= json.fetch("items").size
      expect(json.fetch("facets")).to include("support", "region")
    end

    it "signs a query with accents and repeated filters exactly as sent" do
      get "/directory-api/v1/providers?q=%C3%A9quipe&support=diagnostic&support=formation&per_page=5"

      expect(response.status).to eq(200)
      expect(json.fetch("per_page")).to eq(5)
    end

    it "reads one provider's card" do
      slug = first_listed_slug
      get "/directory-api/v1/providers/#{slug}"

      expect(response.status).to eq(200)
      expect(json.fetch("slug")).to eq(slug)
      expect(json).to include("description", "vetting_tags")
    end

    it "lists the taxonomies" do
      get "/directory-api/v1/taxonomies"

      expect(response.status).to eq(200)
      expect(json.fetch("support_kinds")).not_to be_empty
    end

    it "signs for a user whose name has accents and who moderates the directory" do
      team = stand_in_group("équipe-annuaire")
      SiteSetting.enable_category_group_moderation = true
      SiteSetting.emancipasso_directory_category = stand_in_category("Annuaire", moderating_groups: [team]).id.to_s
      sign_in(stand_in_user(id: 3, username: "élodie", groups: [team], locale: "fr"))
      get "/directory-api/v1/providers?per_page=1"

      expect(response.status).to eq(200)
    end

    it "accepts a member who belongs to 600 groups: the header carries no group list" do
      sign_in(stand_in_user(id: 4, username: "tres-entouree", groups: Array.new(600) { |i| stand_in_group("g#{i}") }))
      get "/directory-api/v1/providers?per_page=1"

      expect(response.status).to eq(200)
    end

    it "signs a signed-in member's request too" do
      sign_in(member)
      get "/directory-api/v1/providers?per_page=2"

      expect(response.status).to eq(200)
      expect(json.fetch("items").size).to eq(2)
    end
  end

  describe "the service's own refusals, passed through" do
    it "keeps the service's 400 for a malformed JSON body, which the relay does not parse" do
      sign_in(admin)
      post "/directory-api/v1/admin/providers/import",
           params: "[{\"slug\": ",
           headers: {
             "CONTENT_TYPE" => "application/json",
           }

      expect(response.status).to eq(400)
      expect(json.dig("error", "code")).to eq("invalid_json")
    end

    it "keeps the service's 415 for an import with no body and no content type" do
      sign_in(admin)
      post "/directory-api/v1/admin/providers/import"

      expect(response.status).to eq(415)
      expect(json.dig("error", "code")).to eq("unsupported_media_type")
    end

    it "keeps a 404 and its error body for an unknown provider" do
      get "/directory-api/v1/providers/aucun-prestataire-de-ce-nom"

      expect(response.status).to eq(404)
      expect(json.fetch("error")).to include("code" => "provider_not_found", "details" => [])
    end

    it "keeps a 400 with its details for a query the contract refuses" do
      get "/directory-api/v1/providers?per_page=1000&colour=blue"

      expect(response.status).to eq(400)
      expect(json.dig("error", "code")).to eq("invalid_parameters")
      expect(json.dig("error", "details").map { |d| d.fetch("field") }).to include("per_page")
    end
  end

  describe "tampering and wrong secrets" do
    def refused_signature(reason)
      expect(response.status).to eq(401)
      expect(json.dig("error", "code")).to eq("invalid_signature")
      expect(json.dig("error", "details").map { |d| d.fetch("code") }).to include(reason)
    end

    around do |example|
      @tamperers = []
      example.run
    ensure
      @tamperers.each(&:stop)
    end

    def tamper_with(**options, &block)
      tamperer = LoopbackServers::Tamperer.new(DirectoryServiceProcess.url, **options, &block)
      @tamperers << tamperer
      SiteSetting.emancipasso_service_url = tamperer.url
    end

    it "passes an untouched request through the same loopback relay (control)" do
      tamper_with
      get "/directory-api/v1/providers?per_page=1"
      expect(response.status).to eq(200)
    end

    it "refuses a request whose query was changed after signing" do
      tamper_with { |request| request.tap { |r| r.target = r.target.sub("per_page=1", "per_page=100") } }
      get "/directory-api/v1/providers?per_page=1"
      refused_signature("signature_mismatch")
    end

    it "refuses a request whose path was changed after signing" do
      tamper_with { |request| request.tap { |r| r.target = "/v1/admin/providers/export" } }
      sign_in(member)
      get "/directory-api/v1/taxonomies"
      refused_signature("signature_mismatch")
    end

    it "refuses a request whose body was changed after signing" do
      tamper_with { |request| request.tap { |r| r.body = "[]" } }
      sign_in(admin)
      post "/directory-api/v1/admin/providers/import",
           params: "[{}]",
           headers: {
             "CONTENT_TYPE" => "application/json",
           }
      refused_signature("signature_mismatch")
    end

    it "refuses a member who turns themself into an admin after signing" do
      forged = Emancipasso::RequestSigner.encode_user(Emancipasso::ActingUser.from(Guardian.new(admin)))
      tamper_with { |request| request.tap { |r| r.headers["x-directory-user"] = forged } }
      sign_in(member)
      get "/directory-api/v1/admin/providers/export"
      refused_signature("signature_mismatch")
    end

    it "refuses the same signed request a second time (replay)" do
      tamper_with(repeat: true)
      get "/directory-api/v1/taxonomies"
      refused_signature("nonce_replayed")
    end

    it "refuses requests signed with another secret" do
      SiteSetting.emancipasso_shared_secret = "#{DirectoryServiceProcess.secret}-but-not-the-same"
      get "/directory-api/v1/providers"
      refused_signature("signature_mismatch")
    end
  end

  describe "who acts: the service sees admin, member or anonymous" do
    it "answers 401 to an anonymous export" do
      get "/directory-api/v1/admin/providers/export"

      expect(response.status).to eq(401)
      expect(json.dig("error", "code")).to eq("authentication_required")
    end

    it "answers 403 to a member's import and changes nothing" do
      sign_in(member)
      post "/directory-api/v1/admin/providers/import",
           params: "[]",
           headers: {
             "CONTENT_TYPE" => "application/json",
           }

      expect(response.status).to eq(403)
      expect(json.dig("error", "code")).to eq("forbidden")
    end

    it "lets an admin export as JSON and re-import a changed record (200, one update)" do
      sign_in(admin)
      get "/directory-api/v1/admin/providers/export"
      expect(response.status).to eq(200)
      record = json.find { |provider| provider.fetch("status") == "listed" }
      renamed = record.merge("name" => "#{record.fetch("name")} (modifié)")

      post "/directory-api/v1/admin/providers/import",
           params: JSON.generate([renamed]),
           headers: {
             "CONTENT_TYPE" => "application/json",
           }

      expect(response.status).to eq(200)
      expect(json).to eq("created" => 0, "updated" => 1)
      get "/directory-api/v1/providers/#{record.fetch("slug")}"
      expect(json.fetch("name")).to eq(renamed.fetch("name"))
    end

    it "passes an admin's refused import through with its row errors" do
      sign_in(admin)
      post "/directory-api/v1/admin/providers/import",
           params: JSON.generate([{ "slug" => "Pas Un Slug", "name" => "" }]),
           headers: {
             "CONTENT_TYPE" => "application/json",
           }

      expect(response.status).to eq(422)
      details = json.dig("error", "details")
      expect(details).not_to be_empty
      expect(details.map { |d| d.fetch("row") }.uniq).to eq([1])
    end

    it "relays the CSV export as a download" do
      sign_in(admin)
      get "/directory-api/v1/admin/providers/export?format=csv", headers: { "Accept" => "text/html" }

      expect(response.status).to eq(200)
      expect(response.media_type).to eq("text/csv")
      expect(response.headers["Content-Disposition"]).to include("prestataires.csv")
      expect(response.body.lines.size).to be > 1
    end
  end

  describe "request id" do
    it "returns the browser's request id with the service's answer" do
      get "/directory-api/v1/taxonomies", headers: { "X-Request-Id" => "annuaire-42" }

      expect(response.status).to eq(200)
      expect(response.headers["X-Request-Id"]).to eq("annuaire-42")
    end
  end
end
