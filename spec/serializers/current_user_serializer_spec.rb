# frozen_string_literal: true

require_relative "../rails_helper"

# currentUser.emancipasso_reviews_directory, added by plugin.rb with add_to_serializer: the client
# shows the review queue and its sidebar link from it.
RSpec.describe CurrentUserSerializer do
  include DiscourseStandIns::Helpers

  let(:directory_team) { stand_in_group("equipe-annuaire") }
  let(:other_team) { stand_in_group("equipe-cofinancement") }
  let!(:directory) { stand_in_category("Annuaire", moderating_groups: [directory_team]) }
  let!(:cofunding) { stand_in_category("Cofinancement", moderating_groups: [other_team]) }

  def serialized(user)
    described_class.new(user, scope: Guardian.new(user), root: false).as_json
  end

  before do
    SiteSetting.emancipasso_enabled = true
    SiteSetting.enable_category_group_moderation = true
    SiteSetting.emancipasso_directory_category = directory.id.to_s
    SiteSetting.emancipasso_cofunding_category = cofunding.id.to_s
  end

  it "is true for a member of the directory category's moderation group" do
    expect(serialized(stand_in_user(groups: [directory_team]))).to include(
      emancipasso_reviews_directory: true,
    )
  end

  it "is true for staff, admins and moderators alike" do
    expect(serialized(stand_in_user(admin: true))).to include(emancipasso_reviews_directory: true)
    expect(serialized(stand_in_user(moderator: true))).to include(
      emancipasso_reviews_directory: true,
    )
  end

  it "is false for a member, and for a moderator of another category" do
    expect(serialized(stand_in_user)).to include(emancipasso_reviews_directory: false)
    expect(serialized(stand_in_user(groups: [other_team]))).to include(
      emancipasso_reviews_directory: false,
    )
  end

  it "is false for the directory team while category group moderation is off" do
    SiteSetting.enable_category_group_moderation = false
    expect(serialized(stand_in_user(groups: [directory_team]))).to include(
      emancipasso_reviews_directory: false,
    )
  end

  it "is false when no directory category is set" do
    SiteSetting.emancipasso_directory_category = ""
    expect(serialized(stand_in_user(groups: [directory_team]))).to include(
      emancipasso_reviews_directory: false,
    )
  end

  it "is left out while the plugin is disabled" do
    SiteSetting.emancipasso_enabled = false
    expect(serialized(stand_in_user(admin: true))).not_to have_key(:emancipasso_reviews_directory)
  end
end
