// The referee's single-use link and the questionnaire's anti-forgery token. Pure: the
// random bytes and the clock are handed in.
//  - The link token is 32 random bytes (256 bits), base64url; only its SHA-256 is stored,
//    so a copy of the database does not open any questionnaire.
//  - The form token is "<expiry seconds>.<HMAC-SHA256(key, tokenHash + expiry)>": bound to
//    one reference, valid for a limited time, checked without storing anything.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const REFERENCE_TOKEN_BYTES = 32;

/** Shape of a link token (43 base64url characters); anything else is unknown at once. */
export const REFERENCE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newReferenceToken(randomBytes: (size: number) => Buffer): string {
  const bytes = randomBytes(REFERENCE_TOKEN_BYTES);
  if (bytes.length !== REFERENCE_TOKEN_BYTES) throw new Error("short random read");
  return bytes.toString("base64url");
}

export function hashReferenceToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The key of form tokens, derived from the service secret for this one purpose. */
export function csrfKeyFrom(secret: string): Buffer {
  return createHmac("sha256", secret).update("emancipasso questionnaire form token").digest();
}

function mac(key: Buffer, tokenHash: string, expires: number): string {
  return createHmac("sha256", key).update(`${tokenHash}\n${expires}`).digest("base64url");
}

export function issueCsrfToken(
  key: Buffer,
  tokenHash: string,
  nowMs: number,
  lifetimeSeconds: number
): string {
  const expires = Math.floor(nowMs / 1000) + lifetimeSeconds;
  return `${expires}.${mac(key, tokenHash, expires)}`;
}

export type CsrfCheck = "valid" | "expired" | "invalid";

export function checkCsrfToken(
  key: Buffer,
  tokenHash: string,
  value: string,
  nowMs: number
): CsrfCheck {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!match) return "invalid";
  const expires = Number(match[1]);
  const expected = Buffer.from(mac(key, tokenHash, expires));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Math.floor(nowMs / 1000) > expires ? "expired" : "valid";
}
