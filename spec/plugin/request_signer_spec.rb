# frozen_string_literal: true

require_relative "../spec_helper"
require "json"
require_relative "../../lib/emancipasso/request_signer" unless defined?(Emancipasso::RequestSigner)

# The signer must reproduce every checked-in vector of the contract (the service's verifier is
# tested against the same file), and what it signs must stop verifying when anything changes.
# The reference vectors are kept unchanged; their user_header values are signed as given
# (opaque strings). The acting user's encoding is tested on this file's own example user.
RSpec.describe Emancipasso::RequestSigner do
  vectors_file = File.join(PLUGIN_ROOT, "contract", "signature-vectors.json")
  fixtures = JSON.parse(File.read(vectors_file))
  secret = fixtures.fetch("secret")
  user_example = {
    id: 42,
    username: "camille",
    locale: "fr",
    trust_level: 3,
    admin: false,
    moderator: true,
    directory_moderator: true,
    cofunding_moderator: false,
  }
  # base64url of {"id":42,"username":"camille","locale":"fr","trust_level":3,"admin":false,
  # "moderator":true,"directory_moderator":true,"cofunding_moderator":false}, as preview/signer.ts's
  # encodeUser writes it (same key order, compact JSON, no padding).
  user_example_header =
    "eyJpZCI6NDIsInVzZXJuYW1lIjoiY2FtaWxsZSIsImxvY2FsZSI6ImZyIiwidHJ1c3RfbGV2ZWwiOjMsImFkbWluIjpmYWxzZSwibW9kZXJhdG9yIjp0cnVlLCJkaXJlY3RvcnlfbW9kZXJhdG9yIjp0cnVlLCJjb2Z1bmRpbmdfbW9kZXJhdG9yIjpmYWxzZX0"

  it "is tested against at least the three reference vectors" do
    expect(fixtures.fetch("vectors").size).to be >= 3
  end

  fixtures
    .fetch("vectors")
    .each do |vector|
      describe "vector «#{vector.fetch("name")}»" do
        let(:parts) do
          {
            method: vector.fetch("method"),
            path_with_query: vector.fetch("path_with_query"),
            timestamp: vector.fetch("timestamp"),
            nonce: vector.fetch("nonce"),
            body: vector.fetch("body"),
            user_header: vector.fetch("user_header"),
          }
        end

        it "hashes the body as the vector does" do
          expect(described_class.body_sha256(vector.fetch("body"))).to eq(vector.fetch("body_sha256"))
        end

        it "builds the same canonical string" do
          expect(described_class.canonical_string(**parts)).to eq(vector.fetch("canonical"))
        end

        it "computes the same signature" do
          canonical = described_class.canonical_string(**parts)
          expect(described_class.signature(secret: secret, canonical: canonical)).to eq(
            vector.fetch("signature"),
          )
        end

        it "produces the same headers through #sign, the user header signed as given" do
          headers =
            described_class.sign(
              method: vector.fetch("method"),
              path_with_query: vector.fetch("path_with_query"),
              body: vector.fetch("body"),
              user_header: vector.fetch("user_header"),
              secret: secret,
              now: Time.at(Integer(vector.fetch("timestamp"))),
              nonce: vector.fetch("nonce"),
            )

          expected = {
            "X-Directory-Timestamp" => vector.fetch("timestamp"),
            "X-Directory-Nonce" => vector.fetch("nonce"),
            "X-Directory-Signature" => vector.fetch("signature"),
          }
          expected["X-Directory-User"] = vector.fetch("user_header") unless vector.fetch("user_header").empty?
          expect(headers).to eq(expected)
        end

        it "verifies its own signature and refuses a wrong secret" do
          signature = vector.fetch("signature")
          expect(described_class.valid?(signature: signature, secret: secret, **parts)).to be(true)
          expect(described_class.valid?(signature: signature, secret: "#{secret}x", **parts)).to be(
            false,
          )
        end
      end
    end

  describe ".encode_user" do
    it "writes the contract's example user exactly as preview/signer.ts's encodeUser does" do
      expect(described_class.encode_user(user_example)).to eq(user_example_header)
    end

    it "writes the keys in the contract's order whatever the order it is given" do
      shuffled = user_example.to_a.reverse.to_h
      decoded = JSON.parse(Base64.urlsafe_decode64(described_class.encode_user(shuffled)))
      expect(decoded.keys).to eq(
        %w[
          id
          username
          locale
          trust_level
          admin
          moderator
          directory_moderator
          cofunding_moderator
        ],
      )
      expect(described_class.encode_user(shuffled)).to eq(user_example_header)
    end

    it "carries no group list, and nothing but the contract's keys" do
      decoded = described_class.decode_user(described_class.encode_user(user_example.merge(groups: %w[a b])))
      expect(decoded).not_to have_key(:groups)
      expect(decoded.keys).to eq(described_class::USER_KEYS)
    end

    it "stays small: under 1 KiB for the longest username and locale the contract allows" do
      widest = user_example.merge(id: 2**31 - 1, username: "😀" * 60, locale: "x" * 20, trust_level: 4)
      expect(described_class.encode_user(widest).bytesize).to be < 1024
    end

    it "uses base64url without padding, so the value is safe in a header" do
      user = user_example.merge(username: "élodie?>")
      encoded = described_class.encode_user(user)
      expect(encoded).to match(/\A[A-Za-z0-9_-]+\z/)
      expect(described_class.decode_user(encoded)).to eq(user)
    end

    it "is empty for an anonymous request" do
      expect(described_class.encode_user(nil)).to eq("")
    end

    it "refuses a user that lacks a contract key" do
      expect { described_class.encode_user(user_example.except(:cofunding_moderator)) }.to raise_error(
        ArgumentError,
        /cofunding_moderator/,
      )
    end
  end

  describe ".sign" do
    let(:now) { Time.at(1_795_000_000) }
    let(:request) do
      { method: "post", path_with_query: "/v1/admin/providers/import", body: "[]", secret: secret }
    end

    def canonical_parts(headers, **overrides)
      {
        method: "POST",
        path_with_query: "/v1/admin/providers/import",
        timestamp: headers.fetch("X-Directory-Timestamp"),
        nonce: headers.fetch("X-Directory-Nonce"),
        body: "[]",
        user_header: headers.fetch("X-Directory-User", ""),
      }.merge(overrides)
    end

    it "leaves X-Directory-User out for an anonymous request" do
      headers = described_class.sign(**request, user: nil, now: now)
      expect(headers.keys).to contain_exactly(
        "X-Directory-Timestamp",
        "X-Directory-Nonce",
        "X-Directory-Signature",
      )
    end

    it "signs the upper-cased method and the Unix time in seconds" do
      headers = described_class.sign(**request, user: user_example, now: now)
      expect(headers.fetch("X-Directory-Timestamp")).to eq("1795000000")
      expect(
        described_class.valid?(
          signature: headers.fetch("X-Directory-Signature"),
          secret: secret,
          **canonical_parts(headers),
        ),
      ).to be(true)
    end

    it "draws a fresh nonce of at least 16 random bytes, base64url without padding" do
      nonces = Array.new(50) { described_class.sign(**request, user: nil).fetch("X-Directory-Nonce") }
      expect(nonces.uniq.size).to eq(50)
      nonces.each do |nonce|
        expect(nonce).to match(/\A[A-Za-z0-9_-]+\z/)
        expect(Base64.urlsafe_decode64(nonce).bytesize).to be >= 16
      end
    end

    it "stops verifying when the body, path, method, user, timestamp or nonce change" do
      headers = described_class.sign(**request, user: user_example, now: now)
      signature = headers.fetch("X-Directory-Signature")
      other_user = described_class.encode_user(user_example.merge(admin: true))
      tampered = [
        { body: "[{}]" },
        { path_with_query: "/v1/admin/providers/import?x=1" },
        { method: "PUT" },
        { user_header: other_user },
        { user_header: "" },
        { timestamp: "1795000001" },
        { nonce: "#{headers.fetch("X-Directory-Nonce")}A" },
      ]
      tampered.each do |change|
        parts = canonical_parts(headers, **change)
        expect(described_class.valid?(signature: signature, secret: secret, **parts)).to be(false),
        "expected #{change.keys.first} change to break the signature"
      end
    end

    it "hashes the body's bytes, whatever the string's encoding" do
      utf8 = "[{\"name\":\"Équipe\"}]"
      binary = utf8.dup.force_encoding(Encoding::BINARY)
      expect(described_class.body_sha256(utf8)).to eq(described_class.body_sha256(binary))
    end

    it "refuses to sign without a shared secret" do
      expect { described_class.sign(**request, secret: "", user: nil) }.to raise_error(ArgumentError)
      expect { described_class.sign(**request, secret: nil, user: nil) }.to raise_error(ArgumentError)
    end
  end
end
