# frozen_string_literal: true

require_relative "../rails_helper"

# A direct visit to /annuaire or /annuaire/:slug gets Discourse's application shell; the Ember
# app then draws the page.
RSpec.describe "Directory pages", type: :request do
  before { SiteSetting.emancipasso_enabled = true }

  it "serves the application shell at /annuaire" do
    get "/annuaire"

    expect(response.status).to eq(200)
    expect(response.body).to include('id="discourse-application-shell"')
  end

  it "serves the application shell at /annuaire/:slug" do
    get "/annuaire/atelier-libre", params: { q: "nextcloud" }

    expect(response.status).to eq(200)
    expect(response.body).to include('id="discourse-application-shell"')
  end

  it "has no page for a slug the contract cannot hold, nor for another format" do
    ["/annuaire/Atelier_Libre", "/annuaire.json", "/annuaire/atelier-libre.json"].each do |path|
      expect { get path }.to raise_error(ActionController::RoutingError), path
    end
  end

  it "answers 404 while the plugin is disabled" do
    SiteSetting.emancipasso_enabled = false
    get "/annuaire"

    expect(response.status).to eq(404)
  end
end
