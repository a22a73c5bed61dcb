// The one error shape of every answer that is not a success.
import { z } from "zod";

/**
 * Every top-level error code an answer can carry, from the service and from the forum's
 * relay in front of it. Each one is a client string (js.emancipasso.errors.<code>), checked
 * by the plugin's locale test, so a new code cannot ship untranslated.
 */
export const ErrorCode = z.enum([
  // Service
  "bad_request",
  "invalid_json",
  "invalid_encoding",
  "invalid_parameters",
  "invalid_user_header",
  "invalid_signature",
  "authentication_required",
  "forbidden",
  "not_found",
  "provider_not_found",
  "method_not_allowed",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_import",
  "import_in_progress",
  "headers_too_large",
  "internal_error",
  // Vetting (src/contract/vetting.ts; the referee's questionnaire answers HTML pages instead)
  "application_not_found",
  "invalid_application",
  "invalid_state",
  "already_in_team",
  "invitation_not_found",
  // Review (src/contract/review.ts)
  "review_conflict",
  "invalid_review_action",
  // Co-funding
  "invalid_body",
  "idempotency_key_required",
  "idempotency_conflict",
  "campaign_not_found",
  "campaign_conflict",
  "invalid_transition",
  "campaign_not_open",
  "pledge_not_found",
  "quote_not_found",
  "invalid_amount",
  "invalid_deadline",
  "provider_not_listed",
  "not_provider_member",
  // The forum's relay (app/controllers/emancipasso/, preview/proxy.ts)
  "service_unavailable",
  "service_not_configured",
  "service_timeout",
]);

export const ErrorDetail = z.object({
  /** Dotted path of the offending field ("per_page", "coverage.regions.0"). */
  field: z.string(),
  /** 1-based row of an imported file (CSV rows count the header as row 1). */
  row: z.number().int().min(1).optional(),
  /** Translatable key (client: emancipasso.errors.<code>). */
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Every error the service answers, whatever its status. */
export const ErrorResponse = z.object({
  error: z.object({
    /** Translatable key (client: emancipasso.errors.<code>), e.g. "not_found". */
    code: ErrorCode,
    message: z.string(),
    details: z.array(ErrorDetail),
  }),
});

export type ErrorCode = z.infer<typeof ErrorCode>;
export type ErrorDetail = z.infer<typeof ErrorDetail>;
export type ErrorResponse = z.infer<typeof ErrorResponse>;
