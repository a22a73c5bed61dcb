// Signed requests (docs/architecture.md, "Plugin ↔ service contract") and the acting user.
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from "express";
import {
  SIGNATURE_HEADERS,
  checkSignatureHeaders,
  verifySignedRequest,
  type NonceMemory,
  type SignatureCheck,
  type SignatureFailure,
} from "../domain/signature.ts";
import { ActingUser } from "../contract/index.ts";
import { ApiError } from "./errors.ts";

export interface SignatureOptions {
  secret: string;
  /** Milliseconds since the epoch. */
  now: () => number;
  nonces: NonceMemory;
  /** Largest body accepted, in bytes (413 beyond). */
  maxBodyBytes: number;
}

const FAILURE_MESSAGES: Record<SignatureFailure, string> = {
  signature_missing: "the request is not signed",
  signature_malformed: "the signature header is malformed",
  timestamp_invalid: "the timestamp header is malformed",
  timestamp_out_of_window: "the request timestamp is too far from the service clock",
  nonce_invalid: "the nonce header is malformed",
  nonce_replayed: "this request was already received",
  signature_mismatch: "the signature does not match the request",
};

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function unauthorized(check: Extract<SignatureCheck, { ok: false }>): ApiError {
  return new ApiError(401, "invalid_signature", "the request signature was refused", [
    { field: "X-Directory-Signature", code: check.reason, message: FAILURE_MESSAGES[check.reason] },
  ]);
}

/**
 * Middleware chain for every /v1 route: header checks (before reading any body), the raw
 * body kept as bytes (the signature covers them exactly), then the full HMAC check and
 * the acting user.
 */
export function requireSignature(options: SignatureOptions): RequestHandler[] {
  const nowSeconds = () => Math.floor(options.now() / 1000);
  const signedHeaders = (req: Request) => ({
    timestamp: header(req, SIGNATURE_HEADERS.timestamp),
    nonce: header(req, SIGNATURE_HEADERS.nonce),
    userHeader: header(req, SIGNATURE_HEADERS.user),
    signature: header(req, SIGNATURE_HEADERS.signature),
  });
  const checkHeaders: RequestHandler = (req, _res, next) => {
    const check = checkSignatureHeaders(signedHeaders(req), nowSeconds());
    next(check.ok ? undefined : unauthorized(check));
  };
  // Compressed bodies are refused (415): the signature covers the bytes as sent.
  const rawBody = express.raw({ type: () => true, limit: options.maxBodyBytes, inflate: false });
  const verify: RequestHandler = (req, res, next) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifySignedRequest(
      { method: req.method, pathWithQuery: req.originalUrl, body, ...signedHeaders(req) },
      options.secret,
      nowSeconds(),
      options.nonces
    );
    if (!check.ok) {
      next(unauthorized(check));
      return;
    }
    res.locals.rawBody = body;
    res.locals.user = parseActingUser(header(req, SIGNATURE_HEADERS.user));
    next();
  };
  return [checkHeaders, rawBody, verify];
}

/** The user the plugin acts for, or null when anonymous. */
export function parseActingUser(value: string | undefined): ActingUser | null {
  if (value === undefined || value === "") return null;
  let json: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(value)) throw new Error("not base64url");
    json = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
  } catch {
    throw new ApiError(
      400,
      "invalid_user_header",
      "X-Directory-User is not base64url-encoded JSON",
      [
        {
          field: "X-Directory-User",
          code: "invalid_format",
          message: "expected base64url of a JSON object",
        },
      ]
    );
  }
  const parsed = ActingUser.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(400, "invalid_user_header", "X-Directory-User does not describe a user", [
      {
        field: "X-Directory-User",
        code: "invalid_value",
        message: parsed.error.issues.map((i) => i.message).join("; "),
      },
    ]);
  }
  return parsed.data;
}

export function actingUser(res: Response): ActingUser | null {
  return (res.locals.user as ActingUser | null | undefined) ?? null;
}

/** Admin-only routes: 401 for anonymous requests, 403 for signed-in non-admins. */
export const requireAdmin: RequestHandler = (_req: Request, res: Response, next: NextFunction) => {
  const user = actingUser(res);
  if (user === null)
    next(new ApiError(401, "authentication_required", "sign in as an administrator"));
  else if (!user.admin) next(new ApiError(403, "forbidden", "administrators only"));
  else next();
};

/** Locale of labels: the acting user's, else Accept-Language, else French. */
export function requestLocale(req: Request, res: Response): "fr" | "en" {
  const user = actingUser(res);
  const fromUser = user?.locale.toLowerCase().slice(0, 2);
  if (fromUser === "fr" || fromUser === "en") return fromUser;
  const accepted = req.acceptsLanguages("fr", "en");
  return accepted === "en" ? "en" : "fr";
}
