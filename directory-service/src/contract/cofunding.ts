// Co-funding campaigns: associations open a request (a forum topic in the co-funding
// category), others pledge money and/or in-kind help, listed providers quote, and a funded
// campaign produces a split plan. Money is integer cents everywhere (never floats); pledges
// are commitments, no money moves through the service.
import { z } from "zod";
import { IsoDateTime, Slug } from "./common.ts";

/** Every state of a campaign (the transitions are in src/domain/campaign-state.ts). */
export const CampaignStatus = z.enum([
  "draft",
  "open",
  "funded",
  "in_progress",
  "delivered",
  "closed",
  "expired",
  "cancelled",
]);

/**
 * An amount in euro cents: a positive integer (a JSON number, never a string, never a
 * fraction of a cent). The service also refuses amounts above its configured ceiling.
 */
export const AmountCents = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The forum topic that carries the campaign (Discourse topic id). */
export const TopicId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

/** Free licences a quote may deliver under (SPDX identifiers). */
export const QuoteLicence = z.enum([
  "AGPL-3.0-or-later",
  "GPL-3.0-or-later",
  "GPL-2.0-or-later",
  "LGPL-3.0-or-later",
  "MPL-2.0",
  "Apache-2.0",
  "MIT",
  "BSD-3-Clause",
  "EUPL-1.2",
  "CC-BY-SA-4.0",
  "CC-BY-4.0",
]);

/** In-kind help an association may pledge besides (or instead of) money. */
export const InKindHelp = z.enum(["testing", "translation", "hosting", "documentation"]);

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a member writes when opening a request. */
export const CampaignFields = z.strictObject({
  title: text(200),
  /** The need, in the requester's words (Markdown). */
  need: text(10000),
  project: z.strictObject({
    /** The software or upstream project. */
    name: text(120),
    /** Its forge (Git repository, issue tracker). */
    forge_url: z.url({ protocol: /^https?$/ }).max(500),
  }),
  expected_outcome: text(5000),
  target_cents: AmountCents,
  /** End of the campaign; must be in the future when the campaign opens. */
  deadline_at: IsoDateTime,
  min_pledge_cents: AmountCents,
  /** A listed provider the requester has in mind (optional). */
  provider_slug: Slug.nullable(),
});

/** POST /v1/cofunding/campaigns. */
export const CreateCampaignRequest = CampaignFields.extend({
  provider_slug: Slug.nullable().default(null),
  topic_id: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
  /** "draft" to finish it later, "open" to accept pledges at once. */
  status: z.enum(["draft", "open"]).default("open"),
});

/** PATCH /v1/cofunding/campaigns/{topic_id}: the author completes a draft. */
export const UpdateCampaignRequest = CampaignFields.partial()
  .strict()
  .refine((value) => Object.keys(value).length > 0, { message: "nothing to change" });

/** Statuses a person may ask for; funded and expired are reached by the service only. */
export const RequestedStatus = z.enum(["open", "in_progress", "delivered", "closed", "cancelled"]);

/** POST /v1/cofunding/campaigns/{topic_id}/transitions. */
export const TransitionRequest = z.strictObject({
  to: RequestedStatus,
  /** Required when a moderator acts on someone else's campaign. */
  reason: text(2000).optional(),
});

/** PUT /v1/cofunding/campaigns/{topic_id}/visibility (co-funding moderators and staff). */
export const VisibilityRequest = z.strictObject({
  hidden: z.boolean(),
  reason: text(2000),
});

/** PUT /v1/cofunding/campaigns/{topic_id}/pledges/mine: create or change my pledge. */
export const PledgeRequest = z
  .strictObject({
    /** The association the member pledges for. */
    association: text(200),
    /** Others see "association anonyme" instead of the name. */
    anonymous: z.boolean().default(false),
    amount_cents: AmountCents.nullable().default(null),
    in_kind: z.array(InKindHelp).max(4).default([]),
    note: text(1000).nullable().default(null),
  })
  .refine((p) => p.amount_cents !== null || p.in_kind.length > 0, {
    message: "pledge an amount, in-kind help, or both",
    path: ["amount_cents"],
  })
  .refine((p) => new Set(p.in_kind).size === p.in_kind.length, {
    message: "each kind of help once",
    path: ["in_kind"],
  });

/** POST /v1/cofunding/campaigns/{topic_id}/quotes. */
export const QuoteRequest = z.strictObject({
  /** The listed provider the quote is made for; the acting user must be on its team (403 not_provider_member). */
  provider_slug: Slug,
  amount_cents: AmountCents,
  delay_days: z.number().int().min(1).max(3650),
  deliverables: text(5000),
  licence: QuoteLicence,
});

export const UserRef = z.object({ id: z.number().int().positive(), username: z.string() });

/**
 * A pledge as the viewer may see it. An anonymous pledge shows neither the association
 * nor the member to anyone but the pledger and moderators.
 */
export const PledgeView = z.object({
  id: z.number().int().positive(),
  /** Null when anonymous and the viewer is neither the pledger nor a moderator. */
  association: z.string().nullable(),
  anonymous: z.boolean(),
  amount_cents: AmountCents.nullable(),
  in_kind: z.array(InKindHelp),
  note: z.string().nullable(),
  /** Shown to the pledger and moderators only. */
  user: UserRef.nullable(),
  mine: z.boolean(),
  status: z.enum(["active", "withdrawn", "released"]),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

export const QuoteView = z.object({
  id: z.number().int().positive(),
  provider_slug: Slug,
  amount_cents: AmountCents,
  delay_days: z.number().int(),
  deliverables: z.string(),
  licence: QuoteLicence,
  chosen: z.boolean(),
  created_at: IsoDateTime,
});

export const TimelineEntry = z.object({
  status: CampaignStatus,
  at: IsoDateTime,
  reason: z.string().nullable(),
});

export const SplitLine = z.object({
  pledge_id: z.number().int().positive(),
  association: z.string().nullable(),
  anonymous: z.boolean(),
  mine: z.boolean(),
  pledged_cents: AmountCents,
  /** What this association owes the provider: never above what it pledged. */
  owed_cents: z.number().int().min(0),
});

/** Who owes what to the chosen provider, exact to the cent; fixed when funded. */
export const SplitPlan = z.object({
  /** The chosen quote's amount, else the target: the sum of owed_cents. */
  due_cents: AmountCents,
  provider_slug: Slug.nullable(),
  lines: z.array(SplitLine),
  computed_at: IsoDateTime,
});

/** The campaign panel, as the acting user may see it. */
export const CampaignView = z.object({
  topic_id: z.number().int().positive(),
  title: z.string(),
  need: z.string(),
  project: z.object({ name: z.string(), forge_url: z.string() }),
  expected_outcome: z.string(),
  author: UserRef,
  status: CampaignStatus,
  hidden: z.boolean(),
  /** Shown to the author and moderators only. */
  hidden_reason: z.string().nullable(),
  currency: z.literal("EUR"),
  target_cents: AmountCents,
  pledged_cents: z.number().int().min(0),
  min_pledge_cents: AmountCents,
  deadline_at: IsoDateTime,
  /** Whole days until the deadline (0 once passed), from the service clock. */
  days_left: z.number().int().min(0),
  provider_slug: Slug.nullable(),
  chosen_quote_id: z.number().int().positive().nullable(),
  pledges: z.array(PledgeView),
  my_pledge: PledgeView.nullable(),
  quotes: z.array(QuoteView),
  timeline: z.array(TimelineEntry),
  split_plan: SplitPlan.nullable(),
  /** What the acting user may do now (the panel shows only these actions). */
  can: z.object({
    edit: z.boolean(),
    pledge: z.boolean(),
    quote: z.boolean(),
    choose_quote: z.boolean(),
    hide: z.boolean(),
    transitions: z.array(RequestedStatus),
  }),
  funded_at: IsoDateTime.nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

/** GET /v1/cofunding/pledges/mine: "mes engagements". */
export const MyPledge = PledgeView.extend({
  campaign: z.object({
    topic_id: z.number().int().positive(),
    title: z.string(),
    status: CampaignStatus,
  }),
  /** Set once the campaign is funded: what this pledge owes. */
  owed_cents: z.number().int().min(0).nullable(),
});
export const MyPledgesResponse = z.object({ items: z.array(MyPledge) });

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  at: IsoDateTime,
  actor: UserRef.nullable(),
  action: z.string(),
  reason: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export const AuditResponse = z.object({ items: z.array(AuditEntry) });

export const SplitPlanFormat = z.strictObject({
  format: z.enum(["json", "csv"]).default("json"),
});

export type CampaignStatus = z.infer<typeof CampaignStatus>;
export type RequestedStatus = z.infer<typeof RequestedStatus>;
export type QuoteLicence = z.infer<typeof QuoteLicence>;
export type InKindHelp = z.infer<typeof InKindHelp>;
export type CampaignFields = z.output<typeof CampaignFields>;
export type CreateCampaignRequest = z.output<typeof CreateCampaignRequest>;
export type UpdateCampaignRequest = z.output<typeof UpdateCampaignRequest>;
export type TransitionRequest = z.output<typeof TransitionRequest>;
export type VisibilityRequest = z.output<typeof VisibilityRequest>;
export type PledgeRequest = z.output<typeof PledgeRequest>;
export type QuoteRequest = z.output<typeof QuoteRequest>;
export type PledgeView = z.infer<typeof PledgeView>;
export type QuoteView = z.infer<typeof QuoteView>;
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export type SplitLine = z.infer<typeof SplitLine>;
export type SplitPlan = z.infer<typeof SplitPlan>;
export type CampaignView = z.infer<typeof CampaignView>;
export type MyPledge = z.infer<typeof MyPledge>;
export type MyPledgesResponse = z.infer<typeof MyPledgesResponse>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditResponse = z.infer<typeof AuditResponse>;
