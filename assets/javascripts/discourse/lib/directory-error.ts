// Turns a failed `ajax` call into a translatable directory error. Discourse's ajax
// (discourse/lib/ajax) rejects with `{ jqXHR, textStatus, errorThrown }`; the body says who
// refused:
// - the directory service, or the forum's relay in front of it, in the contract's shape
//   `{ error: { code, message, details } }` (code: the contract's ErrorCode);
// - Discourse itself, before the relay runs, in its own shape `{ errors: [...], error_type }`
//   (app/controllers/application_controller.rb, lib/json_error.rb in discourse/discourse):
//   403 not_logged_in (login-required forum), 403 invalid_access, 404 not_found (plugin
//   disabled), 429 rate_limit with `extras.wait_seconds` and a Retry-After header (also sent,
//   with a plain-text body, by the global per-IP limiter);
// - nobody: status 0 when the request never got an answer.
// Each case names a client string under js.emancipasso.errors.*. No runtime import: this
// module is also read by test/harness/check-locales.mjs.
import type {
  ErrorCode,
  ErrorDetail,
  ErrorResponse,
} from "@emancipasso/directory-service/contract";

/**
 * Every top-level code of the contract, each with its own message
 * (emancipasso.errors.<code>). A code added to the contract fails the type check here until
 * it is listed, and check-locales fails until it has a string in fr and en.
 */
const SERVICE_ERROR_CODES = {
  bad_request: true,
  invalid_json: true,
  invalid_encoding: true,
  invalid_parameters: true,
  invalid_user_header: true,
  invalid_signature: true,
  authentication_required: true,
  forbidden: true,
  not_found: true,
  provider_not_found: true,
  method_not_allowed: true,
  payload_too_large: true,
  unsupported_media_type: true,
  invalid_import: true,
  import_in_progress: true,
  headers_too_large: true,
  internal_error: true,
  application_not_found: true,
  invalid_application: true,
  invalid_state: true,
  already_in_team: true,
  invitation_not_found: true,
  review_conflict: true,
  invalid_review_action: true,
  invalid_body: true,
  idempotency_key_required: true,
  idempotency_conflict: true,
  campaign_not_found: true,
  campaign_conflict: true,
  invalid_transition: true,
  campaign_not_open: true,
  pledge_not_found: true,
  quote_not_found: true,
  invalid_amount: true,
  invalid_deadline: true,
  provider_not_listed: true,
  not_provider_member: true,
  service_unavailable: true,
  service_not_configured: true,
  service_timeout: true,
} as const satisfies Record<ErrorCode, true>;

export const KNOWN_ERROR_CODES = Object.keys(
  SERVICE_ERROR_CODES
) as readonly ErrorCode[];

/** Discourse's own error types the directory explains (emancipasso.errors.forum.<type>). */
const FORUM_ERROR_TYPES = {
  not_logged_in: true,
  invalid_access: true,
  not_found: true,
  rate_limit: true,
} as const;

export type ForumErrorType = keyof typeof FORUM_ERROR_TYPES;

export const KNOWN_FORUM_ERROR_TYPES = Object.keys(
  FORUM_ERROR_TYPES
) as readonly ForumErrorType[];

/** What only the browser can tell: no answer at all, or something else went wrong. */
export const CLIENT_ERROR_CODES = ["network", "unknown"] as const;

export type ErrorSource = "service" | "forum" | "client";

export class DirectoryError extends Error {
  readonly source: ErrorSource;
  readonly code: string;
  readonly status: number;
  /** How long Discourse's rate limiter asks to wait, when it says. */
  readonly waitSeconds: number | null;
  /** The service's details (a 422's field problems, a 409's current state and version). */
  readonly details: readonly ErrorDetail[];

  constructor(
    source: ErrorSource,
    code: string,
    status: number,
    message: string,
    waitSeconds: number | null = null,
    details: readonly ErrorDetail[] = []
  ) {
    super(message);
    this.name = "DirectoryError";
    this.source = source;
    this.code = code;
    this.status = status;
    this.waitSeconds = waitSeconds;
    this.details = details;
  }

  /** The i18n key to show: the code's own key when there is one, else the generic one. */
  get i18nKey(): string {
    if (this.source === "forum" && this.code in FORUM_ERROR_TYPES) {
      if (this.code === "rate_limit" && this.waitSeconds === null) {
        return "emancipasso.errors.forum.rate_limit_soon";
      }
      return `emancipasso.errors.forum.${this.code}`;
    }
    if (this.source === "service" && this.code in SERVICE_ERROR_CODES) {
      return `emancipasso.errors.${this.code}`;
    }
    return this.source === "client" && this.code === "network"
      ? "emancipasso.errors.network"
      : "emancipasso.errors.unknown";
  }

  get i18nParams(): { count?: number } {
    return this.waitSeconds === null ? {} : { count: this.waitSeconds };
  }

  /** Discourse asks the reader to log in (a login-required forum, an expired session). */
  get needsLogin(): boolean {
    return this.source === "forum" && this.code === "not_logged_in";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Narrows an unknown body to the contract's error shape (only what we read). */
export function isErrorResponse(body: unknown): body is ErrorResponse {
  return (
    isRecord(body) &&
    isRecord(body.error) &&
    typeof body.error.code === "string" &&
    typeof body.error.message === "string"
  );
}

interface DiscourseErrorBody {
  errors: string[];
  error_type?: string;
  extras?: { wait_seconds?: unknown };
}

/** Discourse's `{ errors: [...], error_type, extras }` (lib/json_error.rb). */
function isDiscourseErrorBody(body: unknown): body is DiscourseErrorBody {
  return (
    isRecord(body) &&
    Array.isArray(body.errors) &&
    body.errors.every((item) => typeof item === "string")
  );
}

function seconds(value: unknown): number | null {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) && number >= 0
    ? Math.ceil(number)
    : null;
}

function statusCode(status: number): ErrorCode {
  if (status === 404) {
    return "not_found";
  }
  if (status === 502 || status === 503) {
    return "service_unavailable";
  }
  if (status === 504) {
    return "service_timeout";
  }
  return status >= 500 ? "internal_error" : "bad_request";
}

interface JqXHRLike {
  status?: unknown;
  responseJSON?: unknown;
  responseText?: unknown;
  getResponseHeader?: (name: string) => string | null;
}

/** The parsed body, as Discourse's extractError reads it: responseJSON, else responseText. */
function bodyOf(xhr: JqXHRLike): unknown {
  if (xhr.responseJSON !== undefined) {
    return xhr.responseJSON;
  }
  if (typeof xhr.responseText === "string" && xhr.responseText) {
    try {
      return JSON.parse(xhr.responseText) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function forumError(
  body: DiscourseErrorBody,
  status: number,
  retryAfter: number | null
): DirectoryError {
  const type = body.error_type ?? "";
  const message = body.errors.join(" ");
  if (!(type in FORUM_ERROR_TYPES)) {
    return new DirectoryError("forum", type || "unknown", status, message);
  }
  const wait =
    type === "rate_limit"
      ? (seconds(body.extras?.wait_seconds) ?? retryAfter)
      : null;
  return new DirectoryError("forum", type, status, message, wait);
}

export function toDirectoryError(rejection: unknown): DirectoryError {
  if (rejection instanceof DirectoryError) {
    return rejection;
  }
  const xhr: JqXHRLike | null =
    isRecord(rejection) && isRecord(rejection.jqXHR) ? rejection.jqXHR : null;
  if (!xhr) {
    const message =
      rejection instanceof Error ? rejection.message : String(rejection);
    return new DirectoryError("client", "unknown", 0, message);
  }
  const status = typeof xhr.status === "number" ? xhr.status : 0;
  if (status === 0) {
    return new DirectoryError("client", "network", 0, "no answer");
  }
  const body = bodyOf(xhr);
  if (isErrorResponse(body)) {
    return new DirectoryError(
      "service",
      body.error.code,
      status,
      body.error.message,
      null,
      Array.isArray(body.error.details) ? body.error.details : []
    );
  }
  const retryAfter = seconds(xhr.getResponseHeader?.("Retry-After"));
  if (isDiscourseErrorBody(body)) {
    return forumError(body, status, retryAfter);
  }
  if (status === 429) {
    // The global per-IP limiter answers in plain text, with Retry-After.
    return new DirectoryError(
      "forum",
      "rate_limit",
      status,
      "HTTP 429",
      retryAfter
    );
  }
  return new DirectoryError(
    "service",
    statusCode(status),
    status,
    `HTTP ${status}`
  );
}
