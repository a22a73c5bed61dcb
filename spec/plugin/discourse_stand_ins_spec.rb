# frozen_string_literal: true

require_relative "../rails_helper"

# The stand-ins behave as the Discourse code they mirror on the paths the plugin takes; each
# example pins something an easier stand-in would get wrong.
RSpec.describe "Discourse stand-ins" do
  include DiscourseStandIns::Helpers
  include ActiveSupport::Testing::TimeHelpers

  describe "Guardian#is_category_group_moderator? (lib/guardian.rb)" do
    let(:team) { stand_in_group("moderation") }
    let(:category) { stand_in_category("Annuaire", moderating_groups: [team]) }

    before { SiteSetting.enable_category_group_moderation = true }

    it "is true for a member of one of the category's moderation groups" do
      expect(Guardian.new(stand_in_user(groups: [team])).is_category_group_moderator?(category)).to be(true)
    end

    it "is false without a category, for an anonymous visitor, and for staff outside the groups" do
      expect(Guardian.new(stand_in_user(groups: [team])).is_category_group_moderator?(nil)).to be(false)
      expect(Guardian.new(nil).is_category_group_moderator?(category)).to be(false)
      expect(Guardian.new(stand_in_user(admin: true)).is_category_group_moderator?(category)).to be(false)
    end

    it "is false while enable_category_group_moderation is off (its default)" do
      SiteSetting.reset!
      expect(SiteSetting.enable_category_group_moderation).to be(false)
      expect(Guardian.new(stand_in_user(groups: [team])).is_category_group_moderator?(category)).to be(false)
    end
  end

  describe "RateLimiter (lib/rate_limiter.rb)" do
    before { RateLimiter.enable }

    let(:member) { stand_in_user(id: 3) }
    let(:admin) { stand_in_user(id: 4, admin: true) }

    it "refuses the action past max in the window, then allows it once the oldest is secs old" do
      limiter = RateLimiter.new(member, "essai", 2, 60)
      freeze_time do
        2.times { expect(limiter.performed!).to be(true) }
        expect { limiter.performed! }.to raise_error(RateLimiter::LimitExceeded) { |e|
          expect(e.available_in).to eq(60)
        }
        travel 45.seconds
        expect { limiter.performed! }.to raise_error(RateLimiter::LimitExceeded) { |e|
          expect(e.available_in).to eq(15)
        }
        travel 15.seconds
        expect(limiter.performed!).to be(true)
      end
    end

    it "does not limit staff unless asked to, nor anyone while disabled" do
      3.times { RateLimiter.new(admin, "essai", 1, 60).performed! }
      expect { 2.times { RateLimiter.new(admin, "essai", 1, 60, apply_limit_to_staff: true).performed! } }.to raise_error(RateLimiter::LimitExceeded)
      RateLimiter.disable
      3.times { RateLimiter.new(member, "essai", 1, 60).performed! }
    end

    it "describes the wait as Discourse does: a few seconds, seconds, minutes, hours" do
      expect(RateLimiter::LimitExceeded.new(3).time_left).to eq(I18n.t("rate_limiter.short_time"))
      expect(RateLimiter::LimitExceeded.new(30).time_left).to eq(I18n.t("rate_limiter.seconds", count: 30))
      expect(RateLimiter::LimitExceeded.new(150).time_left).to eq(I18n.t("rate_limiter.minutes", count: 2))
      expect(RateLimiter::LimitExceeded.new(7200).time_left).to eq(I18n.t("rate_limiter.hours", count: 2))
    end
  end
end
