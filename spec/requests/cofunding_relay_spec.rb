# frozen_string_literal: true

require "json"
require_relative "../rails_helper"

# Co-funding through the real controller to the real directory service: every route of the
# allow-list reaches it, PUT/PATCH bodies arrive byte for byte (the signature over them holds),
# the Idempotency-Key header is forwarded (a retry replays the first answer, a changed body
# under the same key is refused), and the split plan comes back as CSV with its file name.
RSpec.describe "Co-funding relay to the real service", :directory_service, type: :request do
  let(:author) { stand_in_user(id: 201, username: "asso-auteur", trust_level: 1) }
  let(:pledger) { stand_in_user(id: 202, username: "asso-soutien", trust_level: 1) }
  let(:topic_id) { 700_000 + rand(1_000_000) }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = DirectoryServiceProcess.secret
    SiteSetting.emancipasso_service_url = DirectoryServiceProcess.url
  end

  def json
    response.parsed_body
  end

  def write(verb, path, body, key)
    send(
      verb,
      path,
      params: body.nil? ? nil : JSON.generate(body),
      headers: {
        "CONTENT_TYPE" => "application/json",
        "Idempotency-Key" => key,
      },
    )
  end

  def campaign_body(target_cents: 100_000, status: "open")
    {
      status: status,
      title: "Export ODS pour Garradin",
      need: "Exporter la comptabilité en ODS.",
      project: {
        name: "Paheko",
        forge_url: "https://fossil.kd2.org/paheko/",
      },
      expected_outcome: "Un export ODS fusionné en amont.",
      target_cents: target_cents,
      deadline_at: (Time.now.utc + 30 * 86_400).iso8601,
      min_pledge_cents: 1_000,
      provider_slug: nil,
      topic_id: topic_id,
    }
  end

  def create_campaign(target_cents: 100_000, status: "open")
    sign_in(author)
    write(
      :post,
      "/directory-api/v1/cofunding/campaigns",
      campaign_body(target_cents: target_cents, status: status),
      "creer-#{topic_id}",
    )
    expect(response.status).to eq(201)
  end

  it "creates a campaign once: the same Idempotency-Key replays the first answer" do
    create_campaign
    expect(json.fetch("topic_id")).to eq(topic_id)
    expect(response.headers["Idempotent-Replayed"]).to eq("false")

    write(:post, "/directory-api/v1/cofunding/campaigns", campaign_body, "creer-#{topic_id}")
    expect(response.status).to eq(201)
    expect(response.headers["Idempotent-Replayed"]).to eq("true")
  end

  it "refuses a write without the Idempotency-Key header (the service says so, nothing made)" do
    sign_in(author)
    post "/directory-api/v1/cofunding/campaigns",
         params: JSON.generate(campaign_body),
         headers: {
           "CONTENT_TYPE" => "application/json",
         }
    expect(response.status).to eq(400)
    expect(json.dig("error", "code")).to eq("idempotency_key_required")

    get "/directory-api/v1/cofunding/campaigns/#{topic_id}"
    expect(response.status).to eq(404)
  end

  it "relays a PUT pledge and a PATCH byte for byte (the signature over the body holds)" do
    create_campaign(status: "draft")
    write(:patch, "/directory-api/v1/cofunding/campaigns/#{topic_id}", { title: "Export ODS — « Paheko »" }, "modifier-#{topic_id}")
    expect(response.status).to eq(200)
    expect(json.fetch("title")).to eq("Export ODS — « Paheko »")
    write(:post, "/directory-api/v1/cofunding/campaigns/#{topic_id}/transitions", { to: "open" }, "ouvrir-#{topic_id}")
    expect(json.fetch("status")).to eq("open")

    sign_in(pledger)
    body = { association: "Les Amis du Vélo", amount_cents: 12_345, anonymous: false }
    write(:put, "/directory-api/v1/cofunding/campaigns/#{topic_id}/pledges/mine", body, "promesse-#{topic_id}-1")
    expect(response.status).to eq(200)
    expect(json.fetch("pledged_cents")).to eq(12_345)
    expect(json.dig("my_pledge", "association")).to eq("Les Amis du Vélo")

    # Same key, another body: the service saw the key and refuses.
    write(:put, "/directory-api/v1/cofunding/campaigns/#{topic_id}/pledges/mine", body.merge(amount_cents: 20_000), "promesse-#{topic_id}-1")
    expect(response.status).to eq(409)
    expect(json.dig("error", "code")).to eq("idempotency_conflict")

    write(:delete, "/directory-api/v1/cofunding/campaigns/#{topic_id}/pledges/mine", nil, "retrait-#{topic_id}-1")
    expect(response.status).to eq(200)
    expect(json.fetch("pledged_cents")).to eq(0)

    get "/directory-api/v1/cofunding/pledges/mine"
    expect(response.status).to eq(200)
    expect(json.fetch("items").map { |item| item.dig("campaign", "topic_id") }).to include(topic_id)
  end

  it "hands back the split plan once funded, as JSON and as a CSV download" do
    create_campaign(target_cents: 30_000)
    sign_in(pledger)
    write(:put, "/directory-api/v1/cofunding/campaigns/#{topic_id}/pledges/mine", { association: "Vélo libre", amount_cents: 30_000 }, "financer-#{topic_id}")
    expect(json.fetch("status")).to eq("funded")

    get "/directory-api/v1/cofunding/campaigns/#{topic_id}/split-plan"
    expect(response.status).to eq(200)
    expect(json.fetch("due_cents")).to eq(30_000)

    get "/directory-api/v1/cofunding/campaigns/#{topic_id}/split-plan?format=csv"
    expect(response.status).to eq(200)
    expect(response.media_type).to eq("text/csv")
    expect(response.headers["Content-Disposition"]).to include("plan-de-repartition-#{topic_id}.csv")
    expect(response.body.dup.force_encoding(Encoding::UTF_8)).to include("Vélo libre")
  end

  it "moves a status with a POST and refuses the audit log to a member (403 from the service)" do
    create_campaign
    write(:post, "/directory-api/v1/cofunding/campaigns/#{topic_id}/transitions", { to: "cancelled" }, "annuler-#{topic_id}")
    expect(response.status).to eq(200)
    expect(json.fetch("status")).to eq("cancelled")

    get "/directory-api/v1/cofunding/campaigns/#{topic_id}/audit"
    expect(response.status).to eq(403)
  end

  it "never forwards co-funding paths outside the allow-list" do
    sign_in(author)
    get "/directory-api/v1/cofunding/campaigns/abc"
    expect(response.status).to eq(404)
    expect(json.dig("error", "code")).to eq("not_found")

    delete "/directory-api/v1/cofunding/campaigns/12"
    expect(response.status).to eq(404)
    expect(json.dig("error", "code")).to eq("not_found")
  end
end
