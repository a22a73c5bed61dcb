# frozen_string_literal: true

# Plain-Ruby specs (the request signer) need nothing but this file. The Rails request specs
# load spec/rails_helper.rb, which requires it too.
PLUGIN_ROOT = File.expand_path("..", __dir__) unless defined?(PLUGIN_ROOT)

RSpec.configure do |config|
  config.expect_with(:rspec) { |c| c.syntax = :expect }
  config.disable_monkey_patching!
  config.order = :random
  Kernel.srand config.seed
end
