// Turns a failed `ajax` call into a translatable directory error. Discourse's ajax rejects
// with `{ jqXHR, textStatus, errorThrown }`; the service (through the forum's proxy) answers
// `{ error: { code, message, details } }`, whose code names the i18n key emancipasso.errors.<code>.
import type {
  ErrorDetail,
  ErrorResponse,
} from "@emancipasso/directory-service/contract";

/** Codes with their own message; any other code shows the generic one. */
export const KNOWN_ERROR_CODES = [
  "not_found",
  "provider_not_found",
  "bad_request",
  "invalid_parameters",
  "authentication_required",
  "invalid_signature",
  "forbidden",
  "rate_limited",
  "service_unavailable",
  "service_timeout",
  "internal_error",
  "network",
  "application_not_found",
  "invalid_application",
  "invalid_state",
  "already_in_team",
  "invitation_not_found",
  "review_conflict",
  "invalid_review_action",
] as const;

export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

export class DirectoryError extends Error {
  readonly code: string;
  readonly status: number;
  /** The service's field problems (a 422's details: dotted field paths and codes). */
  readonly details: readonly ErrorDetail[];

  constructor(
    code: string,
    status: number,
    message: string,
    details: readonly ErrorDetail[] = []
  ) {
    super(message);
    this.name = "DirectoryError";
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** The i18n key to show: the code's own key when there is one, else the generic one. */
  get i18nKey(): string {
    return (KNOWN_ERROR_CODES as readonly string[]).includes(this.code)
      ? `emancipasso.errors.${this.code}`
      : "emancipasso.errors.unknown";
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

function statusCode(status: number): string {
  if (status === 0) {
    return "network";
  }
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

export function toDirectoryError(rejection: unknown): DirectoryError {
  if (rejection instanceof DirectoryError) {
    return rejection;
  }
  const xhr =
    isRecord(rejection) && isRecord(rejection.jqXHR) ? rejection.jqXHR : null;
  if (!xhr) {
    const message =
      rejection instanceof Error ? rejection.message : String(rejection);
    return new DirectoryError("network", 0, message);
  }
  const status = typeof xhr.status === "number" ? xhr.status : 0;
  const body = xhr.responseJSON;
  if (isErrorResponse(body)) {
    return new DirectoryError(
      body.error.code,
      status,
      body.error.message,
      Array.isArray(body.error.details) ? body.error.details : []
    );
  }
  return new DirectoryError(statusCode(status), status, `HTTP ${status}`);
}
