# frozen_string_literal: true

require_relative "../rails_helper"

RSpec.describe Emancipasso::ActingUser do
  include DiscourseStandIns::Helpers

  it "is nil for an anonymous visitor" do
    expect(described_class.from(nil)).to be_nil
  end

  it "describes the user with the contract's keys, in the contract's order" do
    user =
      stand_in_user(
        id: 42,
        username: "camille",
        moderator: true,
        groups: %w[moderateurs-annuaire],
        trust_level: 3,
        locale: "fr",
      )

    acting = described_class.from(user)

    expect(acting.keys).to eq(Emancipasso::RequestSigner::USER_KEYS)
    expect(acting).to eq(
      id: 42,
      username: "camille",
      admin: false,
      moderator: true,
      groups: ["moderateurs-annuaire"],
      trust_level: 3,
      locale: "fr",
    )
  end

  it "encodes to the contract's example header for the contract's example user" do
    fixtures = JSON.parse(File.read(File.join(PLUGIN_ROOT, "contract", "signature-vectors.json")))
    example = fixtures.fetch("user_example")
    user =
      stand_in_user(
        **example.slice("id", "username", "admin", "moderator", "groups", "trust_level").transform_keys(&:to_sym),
        locale: example.fetch("locale"),
      )
    signed_in = fixtures.fetch("vectors").find { |v| !v.fetch("user_header").empty? }

    header = Emancipasso::RequestSigner.encode_user(described_class.from(user))

    expect(header).to eq(signed_in.fetch("user_header"))
  end
end
