# frozen_string_literal: true

require_relative "spec_helper"
require_relative "support/test_app"
require "rspec/rails"
require "webmock/rspec"
require_relative "support/loopback_servers"
require_relative "support/directory_service_process"

# As Discourse's own rails_helper: no outside network, loopback allowed (the real service and
# the small test servers all listen on 127.0.0.1).
WebMock.disable_net_connect!(allow_localhost: true)

RSpec.configure do |config|
  config.include DiscourseStandIns::Helpers, type: :request

  config.before do
    SiteSetting.reset!
    DiscourseStandIns::CurrentUserStore.reset!
    Category.reset!
    # As in Discourse's specs, rate limits are off unless a spec turns them on.
    RateLimiter.disable
    RateLimiter.clear_all!
  end
end
