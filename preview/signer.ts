// Signs a proxied request exactly as the plugin's Ruby side does (docs/architecture.md,
// "Plugin ↔ service contract"), so the preview talks to the real service through the
// same door a Discourse forum would. Written independently of the service's verifier:
// both are held to contract/signature-vectors.json.
import type { ActingUser } from "@emancipasso/directory-service/contract";
import { createHash, createHmac, randomBytes } from "node:crypto";

export const SIGNATURE_HEADERS = {
  timestamp: "X-Directory-Timestamp",
  nonce: "X-Directory-Nonce",
  user: "X-Directory-User",
  signature: "X-Directory-Signature",
} as const;

export interface CanonicalParts {
  method: string;
  /** Path and query exactly as sent to the service (not decoded, not re-ordered). */
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  /** Hex SHA-256 of the body bytes (of the empty string without a body). */
  bodySha256: string;
  /** The X-Directory-User value, "" for an anonymous request. */
  userHeader: string;
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("hex");
}

/**
 * base64url (no padding) of the user as JSON, keys in the contract's order. The key order
 * is fixed here rather than taken from the object so that two signers agree byte for byte.
 */
export function encodeUser(user: ActingUser): string {
  const ordered = {
    id: user.id,
    username: user.username,
    locale: user.locale,
    trust_level: user.trust_level,
    admin: user.admin,
    moderator: user.moderator,
    directory_moderator: user.directory_moderator,
    cofunding_moderator: user.cofunding_moderator,
  };
  return Buffer.from(JSON.stringify(ordered), "utf8").toString("base64url");
}

export function canonicalString(parts: CanonicalParts): string {
  return [
    parts.method.toUpperCase(),
    parts.pathWithQuery,
    parts.timestamp,
    parts.nonce,
    parts.bodySha256,
    parts.userHeader,
  ].join("\n");
}

/** "v1=" + hex HMAC-SHA256 of the canonical string with the shared secret. */
export function signCanonical(canonical: string, secret: string): string {
  return (
    "v1=" + createHmac("sha256", secret).update(canonical, "utf8").digest("hex")
  );
}

/** 18 random bytes (more than the contract's 16) → 24 base64url characters. */
export function newNonce(): string {
  return randomBytes(18).toString("base64url");
}

export interface RequestToSign {
  method: string;
  pathWithQuery: string;
  body: Uint8Array;
  /** null for an anonymous visitor: the user header is then absent. */
  user: ActingUser | null;
  /** An already encoded user header, signed as given (the reference vectors). */
  userHeader?: string;
  secret: string;
  /** Injected by tests; the clock and a fresh nonce otherwise. */
  nowSeconds?: number;
  nonce?: string;
}

/** The headers to add to the forwarded request. */
export function signatureHeaders(
  request: RequestToSign
): Record<string, string> {
  const timestamp = String(request.nowSeconds ?? Math.floor(Date.now() / 1000));
  const nonce = request.nonce ?? newNonce();
  const userHeader =
    request.userHeader ?? (request.user ? encodeUser(request.user) : "");
  const canonical = canonicalString({
    method: request.method,
    pathWithQuery: request.pathWithQuery,
    timestamp,
    nonce,
    bodySha256: sha256Hex(request.body),
    userHeader,
  });
  const headers: Record<string, string> = {
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: signCanonical(canonical, request.secret),
  };
  if (userHeader !== "") {
    headers[SIGNATURE_HEADERS.user] = userHeader;
  }
  return headers;
}
