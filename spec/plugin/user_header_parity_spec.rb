# frozen_string_literal: true

require_relative "../spec_helper"
require "json"
require "open3"
require_relative "../../lib/emancipasso/request_signer" unless defined?(Emancipasso::RequestSigner)

# The Ruby signer and the preview's TypeScript signer (preview/signer.ts) must write the same
# X-Directory-User bytes for the same user: the header is signed, so one differing byte would
# be refused as a forged user. Both run here on the same users, the TypeScript one with tsx.
RSpec.describe "X-Directory-User, Ruby and preview/signer.ts" do
  users = [
    {
      id: 42,
      username: "camille",
      locale: "fr",
      trust_level: 3,
      admin: false,
      moderator: true,
      directory_moderator: true,
      cofunding_moderator: false,
    },
    {
      id: 2_147_483_647,
      username: "élodie</script>\u2028😀\"\\",
      locale: "pt_BR",
      trust_level: 0,
      admin: true,
      moderator: false,
      directory_moderator: false,
      cofunding_moderator: true,
    },
  ]

  it "is byte-identical for the same users" do
    script = <<~TS
      import { encodeUser } from "./preview/signer.ts";
      const users = JSON.parse(process.env.ACTING_USERS ?? "[]");
      process.stdout.write(JSON.stringify(users.map(encodeUser)));
    TS
    tsx = File.join(PLUGIN_ROOT, "node_modules", ".bin", "tsx")
    out, err, status =
      Open3.capture3(
        { "ACTING_USERS" => JSON.generate(users) },
        tsx,
        "--eval",
        script,
        chdir: PLUGIN_ROOT,
      )
    expect(status).to be_success, err

    expect(JSON.parse(out)).to eq(users.map { |user| Emancipasso::RequestSigner.encode_user(user) })
  end
end
