// Request signatures of the plugin ↔ service contract (docs/architecture.md): the plugin's
// Rails side signs each proxied request with HMAC-SHA256 over a canonical string; the
// service trusts the signature, not the browser. Pure: the clock and the nonce memory
// are handed in.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADERS = {
  timestamp: "x-directory-timestamp",
  nonce: "x-directory-nonce",
  user: "x-directory-user",
  signature: "x-directory-signature",
} as const;

/** How far (seconds) a request's timestamp may be from the service's clock, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedParts {
  method: string;
  /** Path with its query string exactly as sent (not decoded, not re-ordered). */
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  /** Hex SHA-256 of the raw body bytes (of the empty string when there is no body). */
  bodySha256: string;
  /** The X-Directory-User header value, "" for an anonymous request. */
  userHeader: string;
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash("sha256").update(body).digest("hex");
}

/** The hash of an empty body, which most requests (every GET) have: computed once. */
const EMPTY_BODY_SHA256 = sha256Hex("");

export function canonicalString(parts: SignedParts): string {
  return [
    parts.method.toUpperCase(),
    parts.pathWithQuery,
    parts.timestamp,
    parts.nonce,
    parts.bodySha256,
    parts.userHeader,
  ].join("\n");
}

/** "v1=" + hex HMAC-SHA256 of the canonical string. */
export function sign(parts: SignedParts, secret: string): string {
  return "v1=" + createHmac("sha256", secret).update(canonicalString(parts), "utf8").digest("hex");
}

export type SignatureFailure =
  | "signature_missing"
  | "signature_malformed"
  | "timestamp_invalid"
  | "timestamp_out_of_window"
  | "nonce_invalid"
  | "nonce_replayed"
  | "signature_mismatch";

export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailure };

/** Remembers the nonces of accepted requests for the replay window. */
export interface NonceMemory {
  /**
   * Records the nonce as used until expiresAtSeconds, in one atomic step: false when it is
   * already recorded and not yet expired (a replay), true when this call recorded it.
   */
  claim(nonce: string, nowSeconds: number, expiresAtSeconds: number): boolean;
}

export interface ReceivedRequest {
  method: string;
  pathWithQuery: string;
  body: Uint8Array;
  /** Header values as received; undefined when absent. */
  timestamp: string | undefined;
  nonce: string | undefined;
  userHeader: string | undefined;
  signature: string | undefined;
}

const TIMESTAMP = /^\d{1,12}$/;
/** At least 16 random bytes in base64url = at least 22 characters. */
const NONCE = /^[A-Za-z0-9_-]{22,128}$/;
const SIGNATURE = /^v1=[0-9a-f]{64}$/;

/**
 * Checks that only need the headers: run before reading the body. Replays are found by
 * the full check, which claims the nonce once the signature is known to be good.
 */
export function checkSignatureHeaders(
  request: Omit<ReceivedRequest, "body" | "method" | "pathWithQuery">,
  nowSeconds: number
): SignatureCheck {
  const { timestamp, nonce, signature } = request;
  if (timestamp === undefined || nonce === undefined || signature === undefined) {
    return { ok: false, reason: "signature_missing" };
  }
  if (!SIGNATURE.test(signature)) return { ok: false, reason: "signature_malformed" };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: "timestamp_invalid" };
  if (Math.abs(Number(timestamp) - nowSeconds) > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: "timestamp_out_of_window" };
  }
  if (!NONCE.test(nonce)) return { ok: false, reason: "nonce_invalid" };
  return { ok: true };
}

/**
 * Full verification. Only a request whose signature matches claims its nonce (a forged
 * request cannot burn one), until the nonce can no longer pass the timestamp check, so a
 * replay inside the window is refused.
 */
export function verifySignedRequest(
  request: ReceivedRequest,
  secret: string,
  nowSeconds: number,
  nonces: NonceMemory
): SignatureCheck {
  const headers = checkSignatureHeaders(request, nowSeconds);
  if (!headers.ok) return headers;
  const expected = sign(
    {
      method: request.method,
      pathWithQuery: request.pathWithQuery,
      timestamp: request.timestamp!,
      nonce: request.nonce!,
      bodySha256: request.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(request.body),
      userHeader: request.userHeader ?? "",
    },
    secret
  );
  const given = Buffer.from(request.signature!, "utf8");
  const wanted = Buffer.from(expected, "utf8");
  // Both are "v1=" + 64 hex characters here, so the lengths match; compare in constant time.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, reason: "signature_mismatch" };
  }
  if (!nonces.claim(request.nonce!, nowSeconds, Number(request.timestamp) + MAX_CLOCK_SKEW_SECONDS + 1)) {
    return { ok: false, reason: "nonce_replayed" };
  }
  return { ok: true };
}
