// Vetting, part 2: the moderators' review queue (docs/product.md, "Vetting" and "Category
// moderators"). Criteria, red flags and vetting tags are computed by the service from
// the references, the referees' answers and the moderators' decisions, never typed in;
// every decision is appended to an audit log that nobody edits. Shapes only: the rules
// live in src/domain/ (criteria.ts, red-flags.ts, vetting-tags.ts, review-actions.ts).
import { z } from "zod";
import { IsoDateTime, Slug, TaxonomyKey } from "./common.ts";
import { ApplicationState, ApplicationView, ReferenceView } from "./vetting.ts";

// ── Criteria: verifiable facts, per reference and per application ─────────────────────

export const CriterionCode = z.enum([
  /** RNA (W + 9) or SIREN with a right check digit. */
  "association_number_valid",
  /** The claimed period is not in the future, not too long, and the referee's period matches it. */
  "period_plausible",
  /** The referee says the project happened, in (about) the claimed period. */
  "project_confirmed",
  /** Every kind of support claimed for this reference was confirmed by the referee. */
  "phases_confirmed",
  /** Satisfaction of 4 or 5 out of 5. */
  "satisfied",
  "would_recommend",
  /** The referee confirmed their organisation through ProConnect (SIRET matches the SIREN). */
  "organisation_confirmed",
  /** Application only: enough references counted (answered, confirmed, accepted by a moderator). */
  "enough_references",
]);

/** met / not_met, or unknown while the fact cannot be known yet (no answer, RNA number). */
export const CriterionStatus = z.enum(["met", "not_met", "unknown"]);

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const Criterion = z.object({
  code: CriterionCode,
  status: CriterionStatus,
  /** What the status rests on (e.g. confirmed: 2, claimed: 3). */
  params: Params,
});

export const ApplicationCriterion = Criterion.extend({
  /** How many references meet / do not meet / cannot tell (absent for enough_references). */
  met: z.number().int().min(0),
  not_met: z.number().int().min(0),
  unknown: z.number().int().min(0),
});

// ── Red flags: something a moderator should check by hand ─────────────────────────────

export const RedFlagCode = z.enum([
  /** The referee's e-mail is on the provider's own domain (website or contact e-mail). */
  "referee_on_provider_domain",
  /** The referee's e-mail is an address of the applicant (the structure's contact). */
  "referee_is_applicant",
  /** The same referee e-mail appears in another provider's application. */
  "referee_shared",
  /** The same association number appears in another provider's application. */
  "association_number_shared",
  /** Kinds of support claimed that the referee did not confirm. */
  "phases_not_confirmed",
  /** The referee says the project did not happen. */
  "project_denied",
  /** The referee gives another period than the one claimed. */
  "period_differs",
  /** The questionnaire was answered within seconds of the invitation. */
  "answered_too_fast",
  "reference_declined",
  "reference_expired",
]);

export const RedFlag = z.object({
  code: RedFlagCode,
  /** The reference it is about (null: the application as a whole). */
  reference_id: z.number().int().positive().nullable(),
  /** Client string js.emancipasso.review.flags.<code>, interpolated with params. */
  message_key: z.string(),
  params: Params,
  /** The same sentence, rendered by the service, for a moderator to check. */
  sentence: z.object({ fr: z.string(), en: z.string() }),
});

// ── Vetting tags: derived, each with what it rests on ─────────────────────────────────

/** Memberships a moderator checks by hand and grants as a tag. */
export const ManualTagKey = z.enum([
  "membre-chatons",
  "membre-pana",
  "certifie-qualiopi",
  "formation-emancipasso",
]);

export const TagBasis = z.object({
  /** references: accepted references; manual: a moderator's decision; import: vetted by hand before the online directory. */
  kind: z.enum(["references", "manual", "import"]),
  reference_ids: z.array(z.number().int().positive()),
  /** The audit entry of the decision it rests on (manual tags), if any. */
  decision_id: z.number().int().positive().nullable(),
  /** Moderators who accepted the references or granted the tag. */
  decided_by: z.array(z.string()),
});

export const DerivedTag = z.object({
  key: TaxonomyKey,
  /** French label, as on the public card (e.g. "Références vérifiées (3)"). */
  label: z.string(),
  /** Client string js.emancipasso.review.tags.<label_key>, with params. */
  label_key: z.string(),
  params: Params,
  /** French sentence saying what it rests on, as on the public card. */
  evidence: z.string(),
  basis: TagBasis,
  verified_at: IsoDateTime,
  expires_at: IsoDateTime.nullable(),
  expired: z.boolean(),
});

export const ManualTag = z.object({
  key: ManualTagKey,
  granted_by: z.string(),
  granted_at: IsoDateTime,
  /** What the moderator checked (shown as the tag's evidence). */
  reason: z.string(),
  decision_id: z.number().int().positive(),
});

// ── The moderators' decisions on references ───────────────────────────────────────────

export const ReferenceDecisionValue = z.enum(["accepted", "refused"]);

export const ReferenceDecision = z.object({
  decision: ReferenceDecisionValue,
  by: z.string(),
  at: IsoDateTime,
  reason: z.string().nullable(),
});

export const ReviewReference = ReferenceView.extend({
  decision: ReferenceDecision.nullable(),
  criteria: z.array(Criterion),
  /** Answered, confirming the project in the claimed period, and accepted by a moderator. */
  counts: z.boolean(),
});

// ── Audit log ─────────────────────────────────────────────────────────────────────────

export const AuditAction = z.enum([
  "approve",
  "reject",
  "request_changes",
  "suspend",
  "reopen",
  "accept_reference",
  "refuse_reference",
  "grant_tag",
  "revoke_tag",
  "resend_questionnaire",
  "cancel_questionnaire",
  "request_reverification",
  /** The service erased referees' personal data at the end of the retention period. */
  "erase_referee_data",
]);

/** What an entry changed: the application's state and version, and the thing acted on. */
export const AuditSnapshot = z.object({
  state: ApplicationState,
  version: z.number().int().min(0),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const ReviewAuditEntry = z.object({
  id: z.number().int().positive(),
  at: IsoDateTime,
  actor: z.string(),
  action: AuditAction,
  reason: z.string().nullable(),
  reference_id: z.number().int().positive().nullable(),
  tag: z.string().nullable(),
  before: AuditSnapshot,
  after: AuditSnapshot,
});

// ── Queue and full view ───────────────────────────────────────────────────────────────

export const ReviewQueueQuery = z.strictObject({
  /** Which applications (default: in_review, those waiting for a decision). */
  state: z.union([ApplicationState, z.literal("all")]).default("in_review"),
});

export const ReviewQueueItem = z.object({
  id: z.number().int().positive(),
  name: z.string().nullable(),
  state: ApplicationState,
  version: z.number().int().min(0),
  submitted_at: IsoDateTime.nullable(),
  updated_at: IsoDateTime,
  references: z.object({
    total: z.number().int().min(0),
    answered: z.number().int().min(0),
    open: z.number().int().min(0),
    counted: z.number().int().min(0),
  }),
  red_flags: z.number().int().min(0),
});

export const ReviewQueue = z.object({
  items: z.array(ReviewQueueItem),
  /** Applications in each state (every state present, 0 included). */
  counts: z.record(ApplicationState, z.number().int().min(0)),
});

/** GET /v1/review/pending-count: cheap enough for the forum's navigation. */
export const ReviewPendingCount = z.object({
  /** Applications waiting for a moderator's decision (in_review). */
  pending: z.number().int().min(0),
});

export const ReviewActionName = z.enum([
  "approve",
  "reject",
  "request_changes",
  "suspend",
  "reopen",
  "accept_reference",
  "refuse_reference",
  "grant_tag",
  "revoke_tag",
  "resend_questionnaire",
  "cancel_questionnaire",
]);

export const Listing = z.object({
  slug: Slug,
  status: z.enum(["listed", "suspended"]),
  listed_at: IsoDateTime,
});

export const ApplicationReview = z.object({
  /** Compare-and-set token: send it back with each action (409 when it moved on). */
  version: z.number().int().min(0),
  application: ApplicationView,
  references: z.array(ReviewReference),
  criteria: z.array(ApplicationCriterion),
  red_flags: z.array(RedFlag),
  /** The tags the public card carries (or would carry once approved), expired ones included. */
  tags: z.array(DerivedTag),
  manual_tags: z.array(ManualTag),
  listing: Listing.nullable(),
  /** Oldest first; never edited. Part 1's state changes are in application.state history. */
  audit: z.array(ReviewAuditEntry),
  /** The actions that fit the application's state now. */
  allowed_actions: z.array(ReviewActionName),
});

// ── Actions: POST /v1/review/applications/{id}/actions ────────────────────────────────

const Version = z.number().int().min(0);
const Reason = z.string().trim().min(1).max(2000);
const ReferenceId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const ReviewAction = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("approve"), version: Version, reason: Reason.optional() }),
  z.strictObject({ action: z.literal("reject"), version: Version, reason: Reason }),
  /** The reason is shown to the provider. */
  z.strictObject({ action: z.literal("request_changes"), version: Version, reason: Reason }),
  z.strictObject({ action: z.literal("suspend"), version: Version, reason: Reason }),
  z.strictObject({ action: z.literal("reopen"), version: Version, reason: Reason.optional() }),
  z.strictObject({
    action: z.literal("accept_reference"),
    version: Version,
    reference_id: ReferenceId,
    reason: Reason.optional(),
  }),
  z.strictObject({
    action: z.literal("refuse_reference"),
    version: Version,
    reference_id: ReferenceId,
    reason: Reason,
  }),
  z.strictObject({ action: z.literal("grant_tag"), version: Version, tag: ManualTagKey, reason: Reason }),
  z.strictObject({ action: z.literal("revoke_tag"), version: Version, tag: ManualTagKey, reason: Reason }),
  z.strictObject({
    action: z.literal("resend_questionnaire"),
    version: Version,
    reference_id: ReferenceId,
    reason: Reason.optional(),
  }),
  z.strictObject({
    action: z.literal("cancel_questionnaire"),
    version: Version,
    reference_id: ReferenceId,
    reason: Reason.optional(),
  }),
]);

/** Body of 409 review_conflict: details[0].params carries the current state and version. */
export const ReviewConflictParams = z.object({ state: ApplicationState, version: Version });

export type CriterionCode = z.infer<typeof CriterionCode>;
export type CriterionStatus = z.infer<typeof CriterionStatus>;
export type Criterion = z.infer<typeof Criterion>;
export type ApplicationCriterion = z.infer<typeof ApplicationCriterion>;
export type RedFlagCode = z.infer<typeof RedFlagCode>;
export type RedFlag = z.infer<typeof RedFlag>;
export type ManualTagKey = z.infer<typeof ManualTagKey>;
export type TagBasis = z.infer<typeof TagBasis>;
export type DerivedTag = z.infer<typeof DerivedTag>;
export type ManualTag = z.infer<typeof ManualTag>;
export type ReferenceDecisionValue = z.infer<typeof ReferenceDecisionValue>;
export type ReferenceDecision = z.infer<typeof ReferenceDecision>;
export type ReviewReference = z.infer<typeof ReviewReference>;
export type AuditAction = z.infer<typeof AuditAction>;
export type AuditSnapshot = z.infer<typeof AuditSnapshot>;
export type ReviewAuditEntry = z.infer<typeof ReviewAuditEntry>;
export type ReviewQueueQuery = z.output<typeof ReviewQueueQuery>;
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>;
export type ReviewQueue = z.infer<typeof ReviewQueue>;
export type ReviewPendingCount = z.infer<typeof ReviewPendingCount>;
export type ReviewActionName = z.infer<typeof ReviewActionName>;
export type Listing = z.infer<typeof Listing>;
export type ApplicationReview = z.infer<typeof ApplicationReview>;
export type ReviewAction = z.infer<typeof ReviewAction>;
