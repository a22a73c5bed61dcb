# frozen_string_literal: true

require_relative "../rails_helper"

# Who the relay says acts, and what the forum lets them do: staff flags from the user, directory
# and co-funding moderation from Discourse's Guardian (is_category_group_moderator? on the
# categories the plugin's settings name).
RSpec.describe Emancipasso::ActingUser do
  include DiscourseStandIns::Helpers

  let(:directory_team) { stand_in_group("equipe-annuaire") }
  let(:cofunding_team) { stand_in_group("equipe-cofinancement") }
  let!(:directory) { stand_in_category("Annuaire", moderating_groups: [directory_team]) }
  let!(:cofunding) { stand_in_category("Cofinancement", moderating_groups: [cofunding_team]) }

  def acting(user)
    described_class.from(Guardian.new(user))
  end

  before do
    SiteSetting.enable_category_group_moderation = true
    SiteSetting.emancipasso_directory_category = directory.id.to_s
    SiteSetting.emancipasso_cofunding_category = cofunding.id.to_s
  end

  it "is nil for an anonymous visitor" do
    expect(acting(nil)).to be_nil
  end

  it "describes a member with the contract's keys, in the contract's order" do
    member = stand_in_user(id: 42, username: "camille", trust_level: 3, locale: "fr")

    expect(acting(member).keys).to eq(Emancipasso::RequestSigner::USER_KEYS)
    expect(acting(member)).to eq(
      id: 42,
      username: "camille",
      locale: "fr",
      trust_level: 3,
      admin: false,
      moderator: false,
      directory_moderator: false,
      cofunding_moderator: false,
    )
  end

  it "marks a member of the directory category's moderation group as directory moderator only" do
    user = stand_in_user(groups: [directory_team])
    expect(acting(user)).to include(directory_moderator: true, cofunding_moderator: false)
  end

  it "marks a member of the co-funding category's moderation group as co-funding moderator only" do
    user = stand_in_user(groups: [cofunding_team])
    expect(acting(user)).to include(directory_moderator: false, cofunding_moderator: true)
  end

  it "gives staff the staff flags but not category moderation outside the moderation groups" do
    admin = stand_in_user(admin: true, moderator: true)
    expect(acting(admin)).to include(
      admin: true,
      moderator: true,
      directory_moderator: false,
      cofunding_moderator: false,
    )
  end

  it "gives no category moderation while the forum's category group moderation is off" do
    SiteSetting.enable_category_group_moderation = false
    user = stand_in_user(groups: [directory_team, cofunding_team])
    expect(acting(user)).to include(directory_moderator: false, cofunding_moderator: false)
  end

  it "gives no category moderation when the settings name no category, or a deleted one" do
    user = stand_in_user(groups: [directory_team, cofunding_team])
    SiteSetting.emancipasso_directory_category = ""
    SiteSetting.emancipasso_cofunding_category = "999"
    expect(acting(user)).to include(directory_moderator: false, cofunding_moderator: false)
  end

  it "keeps the header's size whatever the number of groups the user belongs to" do
    few = stand_in_user(groups: [directory_team])
    many = stand_in_user(groups: [directory_team] + Array.new(1000) { |i| stand_in_group("groupe-#{i}") })

    few_header = Emancipasso::RequestSigner.encode_user(acting(few))
    many_header = Emancipasso::RequestSigner.encode_user(acting(many))
    expect(many_header).to eq(few_header)
    expect(many_header.bytesize).to be < 1024
  end
end
