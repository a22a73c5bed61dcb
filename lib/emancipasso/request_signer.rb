# frozen_string_literal: true

require "base64"
require "digest"
require "json"
require "openssl"
require "securerandom"

module ::Emancipasso
  # Signs requests from the forum to the directory service (docs/architecture.md, "Plugin ↔
  # service contract"). Plain Ruby with no Rails or Discourse dependency, so it is tested directly
  # against the contract's checked-in vectors, the same ones the service's verifier is tested
  # against.
  module RequestSigner
    SIGNATURE_PREFIX = "v1="
    # 18 bytes give 24 base64url characters without padding; the contract asks for at least 16.
    NONCE_BYTES = 18
    # Order of the acting user's keys in X-Directory-User (ActingUser in the service's
    # src/contract/acting-user.ts): two signers writing the same user agree byte for byte.
    USER_KEYS = %i[
      id
      username
      locale
      trust_level
      admin
      moderator
      directory_moderator
      cofunding_moderator
    ].freeze

    HEADER_TIMESTAMP = "X-Directory-Timestamp"
    HEADER_NONCE = "X-Directory-Nonce"
    HEADER_USER = "X-Directory-User"
    HEADER_SIGNATURE = "X-Directory-Signature"

    module_function

    # The string the HMAC covers: method, path with query exactly as sent, timestamp, nonce,
    # hex SHA-256 of the body bytes and the user header value (empty when anonymous).
    def canonical_string(method:, path_with_query:, timestamp:, nonce:, body:, user_header:)
      [
        method.to_s.upcase,
        path_with_query,
        timestamp.to_s,
        nonce,
        body_sha256(body),
        user_header.to_s,
      ].join("\n")
    end

    def body_sha256(body)
      Digest::SHA256.hexdigest(body.to_s.b)
    end

    def signature(secret:, canonical:)
      SIGNATURE_PREFIX + OpenSSL::HMAC.hexdigest("SHA256", secret.to_s, canonical)
    end

    # base64url (no padding) of the user as compact JSON, keys in the contract's order.
    # Returns "" for an anonymous request (no user).
    def encode_user(user)
      return "" if user.nil?

      ordered =
        USER_KEYS.to_h do |key|
          raise ArgumentError, "acting user lacks #{key}" unless user.key?(key)
          [key, user[key]]
        end
      Base64.urlsafe_encode64(JSON.generate(ordered), padding: false)
    end

    def decode_user(header)
      return nil if header.nil? || header.empty?

      JSON.parse(Base64.urlsafe_decode64(header), symbolize_names: true)
    end

    def generate_nonce
      Base64.urlsafe_encode64(SecureRandom.random_bytes(NONCE_BYTES), padding: false)
    end

    # The four contract headers for one request. `user` is a Hash with USER_KEYS, or nil for an
    # anonymous request (then X-Directory-User is left out, and signed as empty). A header
    # already encoded may be given as `user_header` instead.
    def sign(
      method:,
      path_with_query:,
      body:,
      secret:,
      user: nil,
      user_header: encode_user(user),
      now: Time.now,
      nonce: generate_nonce
    )
      if secret.nil? || secret.to_s.empty?
        raise ArgumentError, "a shared secret is required to sign a request"
      end

      timestamp = now.to_i.to_s
      user_header = user_header.to_s
      canonical =
        canonical_string(
          method: method,
          path_with_query: path_with_query,
          timestamp: timestamp,
          nonce: nonce,
          body: body,
          user_header: user_header,
        )

      headers = {
        HEADER_TIMESTAMP => timestamp,
        HEADER_NONCE => nonce,
        HEADER_SIGNATURE => signature(secret: secret, canonical: canonical),
      }
      headers[HEADER_USER] = user_header unless user_header.empty?
      headers
    end

    # Constant-time check of a signature for the same inputs; the service is the real verifier,
    # this exists so the signer's round trip can be tested without it.
    def valid?(signature:, secret:, **canonical_parts)
      expected = signature(secret: secret, canonical: canonical_string(**canonical_parts))
      expected.bytesize == signature.to_s.bytesize &&
        OpenSSL.fixed_length_secure_compare(expected, signature.to_s)
    end
  end
end
