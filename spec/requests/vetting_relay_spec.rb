# frozen_string_literal: true

require "open3"
require_relative "../rails_helper"
require "stringio"

# Vetting through the relay to the real service: a member applies (draft, submission, their
# structure, the team), and the referee's link on the forum (/annuaire/reference/<token>)
# reaches the service's questionnaire on a login-required forum, without the forum's CSRF
# token, with the service's own security headers.
RSpec.describe "Vetting relay to the real service", :directory_service, type: :request do
  let(:member) { stand_in_user(id: 31, username: "camille-vetting", trust_level: 1) }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = DirectoryServiceProcess.secret
    SiteSetting.emancipasso_service_url = DirectoryServiceProcess.url
  end

  def json
    response.parsed_body
  end

  def send_json(method, path, body)
    public_send(method, path, params: JSON.generate(body), headers: { "CONTENT_TYPE" => "application/json" })
  end

  def reference(number, email_domain)
    {
      association_name: "Association Spec #{number}",
      association_number: number == 1 ? "W751234567" : "732829320",
      referee_name: "Référente #{number}",
      referee_email: "referente#{number}@#{email_domain}",
      project_summary: "Migration de la messagerie.",
      period: { start: "2025-01", end: "2025-06" },
      support_kinds: %w[diagnostic migration],
    }
  end

  def structure(name)
    {
      name: name,
      structure_type: "cooperative",
      headcount: 3,
      location: { city: "Rennes", department: "35", region: "53" },
      coverage: { national: false, regions: ["53"], departments: [] },
      modalities: ["a-distance"],
      support_kinds: %w[diagnostic migration],
      association_sizes: [],
      tools: [],
      price_models: [],
      description: "",
      website: nil,
      contact_email: nil,
      memberships: [],
    }
  end

  # The links the service mailed to the referees, from its outbox (no mail server here).
  def invitation_links(domain)
    script = <<~JS
      const { DatabaseSync } = require("node:sqlite");
      const db = new DatabaseSync(process.argv[1], { readOnly: true });
      const rows = db.prepare("SELECT params FROM outbox WHERE template = 'reference_invitation' ORDER BY id").all();
      process.stdout.write(JSON.stringify(rows.map((row) => JSON.parse(row.params))));
    JS
    out, status = Open3.capture2("node", "-e", script, DirectoryServiceProcess.database_path)
    raise "could not read the outbox" unless status.success?
    JSON.parse(out).map { |params| params.fetch("link") }.select { |link| link.include?("/annuaire/reference/") }
      .last(2)
      .tap { |links| raise "no invitation for #{domain}" if links.empty? }
  end

  # A submitted application with two references; returns the two referees' tokens.
  def submitted_application(name)
    # A member belongs to one structure: each application has its own applicant.
    @applicant_id = (@applicant_id || 1000 + rand(1_000_000)) + 1
    applicant = stand_in_user(id: @applicant_id, username: "applicant-#{@applicant_id}")
    sign_in(applicant)
    send_json(:post, "/directory-api/v1/applications", { structure: structure(name), references: [] })
    expect(response.status).to eq(201)
    id = json.fetch("id")
    send_json(
      :put,
      "/directory-api/v1/applications/#{id}/draft",
      { structure: structure(name), references: [reference(1, "asso-a.example.net"), reference(2, "asso-b.example.net")] },
    )
    expect(response.status).to eq(200)
    post "/directory-api/v1/applications/#{id}/submit"
    expect(response.status).to eq(200)
    expect(json.fetch("state")).to eq("references_pending")
    sign_in(nil)
    invitation_links(name).map { |link| link.split("/annuaire/reference/").last }
  end

  # The page's text (the relay passes the service's bytes; its charset is in Content-Type).
  def page_text
    response.body.dup.force_encoding(Encoding::UTF_8)
  end

  def csrf_of(html)
    html[/name="csrf" value="([^"]+)"/, 1] || raise("no form token in the page")
  end

  describe "the member's application" do
    it "creates, saves, submits and reads the application through the allow-list" do
      tokens = submitted_application("Coopérative Relais")
      expect(tokens.size).to eq(2)

      sign_in(stand_in_user(id: @applicant_id, username: "applicant-#{@applicant_id}"))
      get "/directory-api/v1/structures/mine"
      expect(response.status).to eq(200)
      application = json.fetch("application")
      expect(application.fetch("references").map { |r| r.fetch("state") }).to eq(%w[invited invited])

      get "/directory-api/v1/applications/#{application.fetch("id")}"
      expect(response.status).to eq(200)
      expect(json.fetch("state")).to eq("references_pending")
    end

    it "passes the service's 422 with its field paths unchanged" do
      sign_in(stand_in_user(id: 2_000_001 + rand(1000), username: "dominique-422"))
      send_json(
        :post,
        "/directory-api/v1/applications",
        { structure: {}, references: [reference(1, "x.example.net").merge(association_number: "W12")] },
      )

      expect(response.status).to eq(422)
      expect(json.dig("error", "code")).to eq("invalid_application")
      expect(json.dig("error", "details").map { |d| d.fetch("field") }).to include("references.0.association_number")
    end

    it "invites a forum member to the team" do
      sign_in(stand_in_user(id: 3_000_001 + rand(1000), username: "owner-team"))
      send_json(:post, "/directory-api/v1/applications", { structure: { name: "Équipe" }, references: [] })
      id = json.fetch("id")
      send_json(:post, "/directory-api/v1/structures/#{id}/invitations", { username: "invitee-team" })
      expect(response.status).to eq(201)

      sign_in(stand_in_user(id: 4_000_001 + rand(1000), username: "invitee-team"))
      get "/directory-api/v1/structures/mine"
      expect(json.fetch("invitations").map { |i| i.fetch("application_id") }).to eq([id])
      post "/directory-api/v1/structures/#{id}/invitations/accept"
      expect(response.status).to eq(200)
      expect(json.fetch("team").map { |m| m.fetch("username") }).to include("invitee-team")
    end

    it "keeps ids to their shape: anything else is not relayed" do
      sign_in(member)
      ["/directory-api/v1/applications/abc", "/directory-api/v1/applications/1/other"].each do |path|
        get path
        expect(response.status).to eq(404), path
        expect(json.dig("error", "code")).to eq("not_found")
      end
      delete "/directory-api/v1/applications/1"
      expect(response.status).to eq(404)
    end

    it "asks the anonymous visitor to sign in (the service answers)" do
      get "/directory-api/v1/structures/mine"
      expect(response.status).to eq(401)
      expect(json.dig("error", "code")).to eq("authentication_required")
    end
  end

  describe "the referee's questionnaire on the forum's address" do
    # Forgery protection on, as in production (Discourse's test environment turns it off), once
    # the member's application is in place.
    def forgery_protection_on
      ActionController::Base.allow_forgery_protection = true
    end

    after { ActionController::Base.allow_forgery_protection = false }

    it "opens on a login-required forum for a visitor without an account, with the service's headers" do
      token = submitted_application("Coopérative Entête").first
      forgery_protection_on
      SiteSetting.login_required = true

      get "/annuaire/reference/#{token}"

      expect(response.status).to eq(200)
      expect(response.media_type).to eq("text/html")
      expect(page_text).to include("Coopérative Entête")
      expect(response.headers["Content-Security-Policy"]).to include("default-src 'none'")
      expect(response.headers["Content-Security-Policy"]).to include("frame-ancestors 'none'")
      expect(response.headers["Referrer-Policy"]).to eq("no-referrer")
      expect(response.headers["X-Content-Type-Options"]).to eq("nosniff")
      expect(response.headers["Cache-Control"]).to include("no-store")
    end

    it "accepts the answer without the forum's CSRF token (the service's form token protects it)" do
      token = submitted_application("Coopérative Réponse").first
      forgery_protection_on
      SiteSetting.login_required = true
      get "/annuaire/reference/#{token}"
      form_token = csrf_of(response.body)

      post "/annuaire/reference/#{token}",
           params: {
             csrf: form_token,
             project_happened: "yes",
             period_start: "2025-01",
             period_end: "2025-06",
             phases: "diagnostic",
             satisfaction: "5",
             would_recommend: "yes",
             comment: "Très bien.",
             consent_retention: "yes",
           }

      expect(response.status).to eq(200)
      expect(page_text).to include("Coopérative Réponse")
      # The link is single-use: the page now says it was answered.
      get "/annuaire/reference/#{token}"
      expect(response.status).to eq(410)
    end

    it "writes neither the referee's answers nor the link's token on the forum log's Parameters line" do
      token = submitted_application("Coopérative Journal").first
      get "/annuaire/reference/#{token}"
      form_token = csrf_of(response.body)
      marker = "Commentaire confidentiel #{SecureRandom.hex(6)}"
      io = StringIO.new
      saved = [Rails.logger, ActionController::Base.logger]
      Rails.logger = ActionController::Base.logger = ActiveSupport::Logger.new(io)
      begin
        post "/annuaire/reference/#{token}",
             params: {
               csrf: form_token,
               project_happened: "yes",
               period_start: "2025-01",
               period_end: "2025-06",
               phases: "diagnostic",
               satisfaction: "4",
               would_recommend: "yes",
               comment: marker,
               consent_retention: "yes",
             }
      ensure
        Rails.logger, ActionController::Base.logger = saved
      end

      expect(response.status).to eq(200)
      expect(io.string).to include("Parameters:")
      expect(io.string).to include("[FILTERED]")
      expect(io.string).not_to include(marker)
      expect(io.string).not_to include(form_token)
      expect(io.string).not_to match(/Parameters:.*#{Regexp.escape(token)}/)
    end

    it "refuses a forged form (the service's token), and keeps the forum's CSRF check everywhere else" do
      token = submitted_application("Coopérative Forgée").first
      forgery_protection_on
      post "/annuaire/reference/#{token}", params: { csrf: "forged", project_happened: "yes" }
      expect(response.status).to eq(403)
      expect(response.media_type).to eq("text/html")

      sign_in(member)
      send_json(:post, "/directory-api/v1/applications", { structure: {}, references: [] })
      expect(response.status).to eq(403)
      expect(response.body).to eq('["BAD CSRF"]')
    end

    it "relays a decline" do
      token = submitted_application("Coopérative Déclin").last
      forgery_protection_on
      get "/annuaire/reference/#{token}"
      post "/annuaire/reference/#{token}/decline", params: { csrf: csrf_of(response.body), reason: "Je ne connais pas." }
      expect(response.status).to eq(200)
    end

    it "answers the service's 404 page for an unknown token, and draws no route for a malformed one" do
      get "/annuaire/reference/#{"A" * 43}"
      expect(response.status).to eq(404)
      expect(response.media_type).to eq("text/html")

      expect { get "/annuaire/reference/short" }.to raise_error(ActionController::RoutingError)
    end

    it "relays the ProConnect links: 503 page when the service has no ProConnect" do
      token = submitted_application("Coopérative Connect").first
      forgery_protection_on
      get "/annuaire/reference/#{token}/proconnect"
      expect(response.status).to eq(503)
      get "/annuaire/reference/proconnect/callback?state=abc&code=def"
      expect(response.status).to eq(503)
    end
  end
end

RSpec.describe "Questionnaire relay transport", type: :request do
  let(:recorder) do
    LoopbackServers::Recorder.new(
      headers: { "Content-Type" => "text/html; charset=utf-8", "Location" => "https://proconnect.example/authorize" },
      body: "<p>page</p>",
    )
  end
  let(:token) { "b" * 43 }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = "questionnaire-transport-secret-0123456789"
    SiteSetting.emancipasso_service_url = recorder.url
  end

  after { recorder.stop }

  it "maps the path and query, signs without a user, and sends the browser's address" do
    sign_in(stand_in_user(id: 9, username: "a-forum-user"))
    get "/annuaire/reference/#{token}?lang=en", env: { "REMOTE_ADDR" => "203.0.113.7" }

    sent = recorder.last_request
    expect(sent.target).to eq("/v1/references/#{token}?lang=en")
    expect(sent.headers.fetch("x-forwarded-for")).to eq("203.0.113.7")
    expect(sent.headers).not_to have_key("x-directory-user")
    expect(sent.headers.fetch("x-directory-signature")).to match(/\Av1=/)
    expect(response.headers["Location"]).to eq("https://proconnect.example/authorize")
  end

  it "answers 404 while the plugin is disabled" do
    SiteSetting.emancipasso_enabled = false
    get "/annuaire/reference/#{token}"
    expect(response.status).to eq(404)
  end
end
