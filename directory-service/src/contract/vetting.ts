// Vetting, part 1: a structure applies (the card it wants listed plus references to
// associations it accompanied); each referee confirms through a questionnaire.
// docs/product.md, "Vetting". Shapes only: the rules that need the clock, the taxonomies or
// arithmetic (association numbers, periods not in the future) live in src/domain/.
import { z } from "zod";
import { IsoDateTime, TaxonomyKey } from "./common.ts";
import { Coverage, Location } from "./providers.ts";

// ── States ────────────────────────────────────────────────────────────────────────────

export const ApplicationState = z.enum([
  "draft",
  "submitted",
  "references_pending",
  "in_review",
  "changes_requested",
  "listed",
  "rejected",
  "suspended",
]);

export const ReferenceState = z.enum(["invited", "reminded", "answered", "declined", "expired"]);

// ── The structure draft: the fields of the provider card ──────────────────────────────

/** The card a structure asks to be listed with (same fields and taxonomies as Provider). */
export const StructureCard = z.strictObject({
  name: z.string().trim().min(1).max(200),
  structure_type: TaxonomyKey,
  headcount: z.number().int().min(0).max(100000).nullable(),
  location: Location,
  coverage: Coverage,
  modalities: z.array(TaxonomyKey).min(1).max(10),
  support_kinds: z.array(TaxonomyKey).min(1).max(30),
  association_sizes: z.array(TaxonomyKey).max(10),
  tools: z.array(z.string().trim().min(1).max(60)).max(50),
  price_models: z.array(TaxonomyKey).max(10),
  /** Markdown. */
  description: z.string().max(20000),
  website: z.url({ protocol: /^https?$/ }).nullable(),
  contact_email: z.email().nullable(),
  memberships: z.array(z.string().trim().min(1).max(80)).max(20),
});

/** What the form saves at each step: every field optional, each present field valid. */
export const StructureDraft = StructureCard.partial();

/** A month, "YYYY-MM". */
export const YearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month as YYYY-MM");

export const Period = z
  .strictObject({ start: YearMonth, end: YearMonth })
  .refine((period) => period.start <= period.end, {
    message: "the period must not end before it starts",
    path: ["end"],
  });

/**
 * One reference as the provider declares it. association_number is an RNA number
 * (W + 9 characters) or a SIREN (9 digits); its format and check digit are verified by
 * the domain rules, which also refuse a period in the future.
 */
export const ReferenceInput = z.strictObject({
  association_name: z.string().trim().min(1).max(200),
  association_number: z.string().trim().min(1).max(20),
  referee_name: z.string().trim().min(1).max(120),
  referee_email: z.email().max(254),
  project_summary: z.string().trim().min(1).max(2000),
  period: Period,
  /** Kinds of support actually delivered (support_kinds taxonomy). */
  support_kinds: z.array(TaxonomyKey).min(1).max(30),
});

/** A reference being written: every field optional, each present field valid. */
export const ReferenceDraft = z
  .strictObject({
    association_name: z.string().trim().min(1).max(200),
    association_number: z.string().trim().min(1).max(20),
    referee_name: z.string().trim().min(1).max(120),
    referee_email: z.email().max(254),
    project_summary: z.string().trim().min(1).max(2000),
    period: Period,
    support_kinds: z.array(TaxonomyKey).max(30),
  })
  .partial();

/** Body of POST /v1/applications and PUT /v1/applications/{id}/draft. */
export const ApplicationDraft = z.strictObject({
  structure: StructureDraft.default({}),
  references: z.array(ReferenceDraft).max(10).default([]),
});

// ── Views ─────────────────────────────────────────────────────────────────────────────

export const OrganisationConfirmation = z.object({
  /**
   * confirmed: the SIRET's first nine digits are the declared SIREN; mismatch: they are
   * not; not_comparable: the reference declares an RNA number (kept for moderators).
   */
  status: z.enum(["confirmed", "mismatch", "not_comparable"]),
  siret: z.string(),
  organisation_name: z.string().nullable(),
  at: IsoDateTime,
});

/** The referee's answer, as recorded (moderators see it; the applicant sees only the state). */
export const QuestionnaireAnswer = z.object({
  project_happened: z.boolean(),
  period: z.object({ start: YearMonth, end: YearMonth }).nullable(),
  phases: z.array(TaxonomyKey),
  satisfaction: z.number().int().min(1).max(5).nullable(),
  would_recommend: z.boolean().nullable(),
  /** Free text, which may name people: null once the referee's data is erased. */
  comment: z.string().nullable(),
  /** The referee agreed that their name and address stay while the provider is listed. */
  consent_retention: z.boolean(),
});

/**
 * A reference as recorded. Once the retention period is over (docs/operations.md, "Referees'
 * personal data") the referee's name, e-mail, comment and reason for declining are erased:
 * referee_name and referee_email are then null and personal_data_erased_at says when;
 * the association, its number, the claim, the answer's facts and the decisions stay.
 */
export const ReferenceView = ReferenceInput.extend({
  referee_name: ReferenceInput.shape.referee_name.nullable(),
  referee_email: ReferenceInput.shape.referee_email.nullable(),
  id: z.number().int().positive(),
  /**
   * The same referee for the same association (a questionnaire sent again) has the same
   * number: the id of their first reference in the application. Kept after erasure.
   */
  referee_group: z.number().int().positive(),
  personal_data_erased_at: IsoDateTime.nullable(),
  state: ReferenceState,
  invited_at: IsoDateTime,
  expires_at: IsoDateTime,
  reminders_sent: z.number().int().min(0),
  answered_at: IsoDateTime.nullable(),
  declined_at: IsoDateTime.nullable(),
  organisation_confirmation: OrganisationConfirmation.nullable(),
  /** Only for staff and directory moderators; null otherwise. */
  answer: QuestionnaireAnswer.nullable(),
  decline_reason: z.string().nullable(),
});

export const TodoCode = z.enum([
  "complete_structure",
  "add_references",
  "fix_references",
  "submit",
  "wait_for_referees",
  "wait_for_review",
  "address_changes",
]);

export const TodoItem = z.object({
  code: TodoCode,
  /** complete_structure: missing fields; add_references: how many more are needed. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const TeamMember = z.object({
  user_id: z.number().int().positive(),
  username: z.string(),
  role: z.enum(["owner", "member"]),
  joined_at: IsoDateTime,
});

export const TeamInvitation = z.object({
  application_id: z.number().int().positive(),
  structure_name: z.string().nullable(),
  username: z.string(),
  invited_by: z.string(),
  invited_at: IsoDateTime,
});

export const ApplicationView = z.object({
  id: z.number().int().positive(),
  state: ApplicationState,
  draft: z.object({ structure: StructureDraft, references: z.array(ReferenceDraft) }),
  /** The references sent to referees (from the first submission on). */
  references: z.array(ReferenceView),
  todo: z.array(TodoItem),
  /** The moderator's reason when changes are requested (or the application rejected). */
  moderator_reason: z.string().nullable(),
  team: z.array(TeamMember),
  pending_invitations: z.array(TeamInvitation),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
  submitted_at: IsoDateTime.nullable(),
});

/** GET /v1/structures/mine: the member's structure (or none) and the invitations waiting for them. */
export const MyStructure = z.object({
  application: ApplicationView.nullable(),
  invitations: z.array(TeamInvitation),
});

export const ApplicationList = z.object({ items: z.array(ApplicationView) });

export const InviteMember = z.strictObject({
  username: z.string().trim().min(1).max(60),
});

export const ApplicationId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

// ── The referee's questionnaire (HTML form, application/x-www-form-urlencoded) ────────

const yesNo = z.enum(["yes", "no"]);

/** The form fields as posted (strings, repeated names for the phases). */
export const QuestionnaireForm = z
  .strictObject({
    csrf: z.string().min(1).max(500),
    project_happened: yesNo,
    period_start: z.union([YearMonth, z.literal("")]).optional(),
    period_end: z.union([YearMonth, z.literal("")]).optional(),
    phases: z.array(TaxonomyKey).max(30).default([]),
    satisfaction: z.enum(["1", "2", "3", "4", "5"]).optional(),
    would_recommend: yesNo.optional(),
    comment: z.string().max(4000).default(""),
    consent_retention: z.literal("yes").optional(),
  });

export const DeclineForm = z.strictObject({
  csrf: z.string().min(1).max(500),
  reason: z.string().max(1000).default(""),
});

export type ApplicationState = z.infer<typeof ApplicationState>;
export type ReferenceState = z.infer<typeof ReferenceState>;
export type StructureCard = z.infer<typeof StructureCard>;
export type StructureDraft = z.infer<typeof StructureDraft>;
export type YearMonth = z.infer<typeof YearMonth>;
export type Period = z.infer<typeof Period>;
export type ReferenceInput = z.infer<typeof ReferenceInput>;
export type ReferenceDraft = z.infer<typeof ReferenceDraft>;
export type ApplicationDraft = z.output<typeof ApplicationDraft>;
export type OrganisationConfirmation = z.infer<typeof OrganisationConfirmation>;
export type QuestionnaireAnswer = z.infer<typeof QuestionnaireAnswer>;
export type ReferenceView = z.infer<typeof ReferenceView>;
export type TodoCode = z.infer<typeof TodoCode>;
export type TodoItem = z.infer<typeof TodoItem>;
export type TeamMember = z.infer<typeof TeamMember>;
export type TeamInvitation = z.infer<typeof TeamInvitation>;
export type ApplicationView = z.infer<typeof ApplicationView>;
export type MyStructure = z.infer<typeof MyStructure>;
export type ApplicationList = z.infer<typeof ApplicationList>;
export type InviteMember = z.infer<typeof InviteMember>;
export type QuestionnaireForm = z.output<typeof QuestionnaireForm>;
export type DeclineForm = z.output<typeof DeclineForm>;
