# frozen_string_literal: true

require_relative "../rails_helper"
require "stringio"

# An import carries providers' contact e-mails and descriptions. Rails writes every request's
# parsed parameters to the log ("Parameters: {…}", ActionController::LogSubscriber), and a
# JSON array body would be parsed into params["_json"]; the relay's engine keeps its bodies
# unparsed (Emancipasso::BodyUnparsed), so none of it reaches the forum's log. Real import, real
# service, the Rails log captured as the forum would write it.
RSpec.describe "What the relay writes to the forum's log", :directory_service, type: :request do
  let(:admin) { stand_in_user(id: 1, username: "admin-annuaire", admin: true, trust_level: 4) }
  let(:marker) { SecureRandom.hex(6) }
  let(:email) { "contact-#{marker}@exemple.org" }
  let(:description) { "Description confidentielle #{marker}" }

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.emancipasso_shared_secret = DirectoryServiceProcess.secret
    SiteSetting.emancipasso_service_url = DirectoryServiceProcess.url
    sign_in(admin)
  end

  # The log lines written while the block runs, at the given level.
  def capture_log(level: :info)
    io = StringIO.new
    logger = ActiveSupport::Logger.new(io)
    logger.level = level
    env_config = Rails.application.env_config
    saved = [Rails.logger, ActionController::Base.logger, env_config["action_dispatch.logger"]]
    # The request's own logger (ActionDispatch::Request#logger) is the application's, taken once.
    Rails.logger = ActionController::Base.logger = env_config["action_dispatch.logger"] = logger
    yield
    io.string
  ensure
    Rails.logger, ActionController::Base.logger, env_config["action_dispatch.logger"] = saved
  end

  def exported_record
    get "/directory-api/v1/admin/providers/export"
    response.parsed_body.find { |provider| provider.fetch("status") == "listed" }
  end

  it "logs an import's request without its body: no e-mail, no description" do
    record = exported_record.merge("contact_email" => email, "description" => description)

    log =
      capture_log do
        post "/directory-api/v1/admin/providers/import",
             params: JSON.generate([record]),
             headers: {
               "CONTENT_TYPE" => "application/json",
               "Accept" => "application/json",
             }
      end

    expect(response.status).to eq(200)
    expect(response.parsed_body).to eq("created" => 0, "updated" => 1)
    expect(log).to include("Processing by Emancipasso::ProxyController#import")
    expect(log).not_to include(email)
    expect(log).not_to include(marker)
    expect(log).not_to include("_json")
  end

  it "does not dump a body Rails cannot parse, even at debug level" do
    log =
      capture_log(level: :debug) do
        post "/directory-api/v1/admin/providers/import",
             params: "[{\"contact_email\": \"#{email}\", ",
             headers: {
               "CONTENT_TYPE" => "application/json",
             }
      end

    expect(response.status).to eq(400)
    expect(response.parsed_body.dig("error", "code")).to eq("invalid_json")
    expect(log).to include("Processing by Emancipasso::ProxyController#import")
    expect(log).not_to include(email)
  end

  it "still logs a search's query parameters, which the log is for (control)" do
    log = capture_log { get "/directory-api/v1/providers?q=#{marker}" }

    expect(response.status).to eq(200)
    expect(log).to match(/Parameters: .*#{marker}/)
  end
end
