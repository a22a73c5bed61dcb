// Co-funding campaigns in SQLite. Every write is one BEGIN IMMEDIATE transaction: it takes
// the database's write lock before reading, so several service processes sharing the
// file see and change a campaign one at a time (funding happens once, totals are exact,
// a withdrawal racing with funding lands before it or is refused). A refusal thrown
// inside a transaction rolls it back: nothing is kept.
import {
  availableTransitions,
  daysLeft,
  decideTransition,
  isDueToExpire,
  reachesTarget,
  serviceMayMove,
  type CampaignRole,
} from "../domain/campaign-state.ts";
import { CofundingRefusal } from "../domain/cofunding-refusal.ts";
import { amountProblems, sumCents } from "../domain/money.ts";
import { pledgeAmountProblems, revealsMember, revealsPledger } from "../domain/pledges.ts";
import { dueAmount, termsAfterChoosing } from "../domain/quotes.ts";
import { splitPlan } from "../domain/split-plan.ts";
import type {
  AuditEntry,
  CampaignStatus,
  CampaignView,
  CreateCampaignRequest,
  InKindHelp,
  MyPledge,
  PledgeRequest,
  PledgeView,
  QuoteLicence,
  QuoteRequest,
  QuoteView,
  RequestedStatus,
  SplitPlan,
  TimelineEntry,
  UpdateCampaignRequest,
} from "../contract/index.ts";
import type { Db } from "./database.ts";
import { DEFAULT_IDEMPOTENCY_TTL_MS, purgeIdempotencyKeys } from "./idempotency.ts";
import { isListedProviderMember, listedProviderMembers } from "./provider-members.ts";

/** The person acting or viewing; null for an anonymous visitor. */
export interface CofundingActor {
  id: number;
  username: string;
  /** Co-funding category moderator or forum staff. */
  moderator: boolean;
}

export interface CofundingOptions {
  /** Ceiling of any amount, in cents. */
  maxAmountCents: number;
  /** Whether a provider with this slug exists and is listed. */
  isListedProvider: (slug: string) => boolean;
  /** Whether this forum user is on the team of the listed provider with this slug. */
  isProviderMember: (slug: string, userId: number) => boolean;
  /** Whether this forum user is on the team of any listed provider (and so may quote). */
  isOnAProviderTeam: (userId: number) => boolean;
}

/** Latest deadline a campaign may have, from now. */
const MAX_DEADLINE_MS = 5 * 366 * 24 * 60 * 60 * 1000;

interface CampaignRow {
  id: number;
  topic_id: number;
  author_id: number;
  author_username: string;
  title: string;
  need: string;
  project_name: string;
  forge_url: string;
  expected_outcome: string;
  target_cents: number;
  min_pledge_cents: number;
  deadline_at: string;
  provider_slug: string | null;
  chosen_quote_id: number | null;
  status: CampaignStatus;
  hidden: number;
  hidden_reason: string | null;
  funded_at: string | null;
  creation_request: string;
  created_at: string;
  updated_at: string;
}

interface PledgeRow {
  id: number;
  campaign_id: number;
  user_id: number;
  username: string;
  association: string;
  anonymous: number;
  amount_cents: number | null;
  in_kind: string;
  note: string | null;
  status: "active" | "withdrawn" | "released";
  created_at: string;
  updated_at: string;
}

interface QuoteRow {
  id: number;
  campaign_id: number;
  provider_slug: string;
  submitted_by_id: number;
  submitted_by_username: string;
  amount_cents: number;
  delay_days: number;
  deliverables: string;
  licence: QuoteLicence;
  created_at: string;
}

interface SplitRow {
  pledge_id: number;
  user_id: number;
  association: string;
  anonymous: number;
  pledged_cents: number;
  owed_cents: number;
  due_cents: number;
  computed_at: string;
}

interface AuditRow {
  id: number;
  at: string;
  actor_id: number | null;
  actor_username: string | null;
  action: string;
  reason: string | null;
  to_status: string | null;
  before: string | null;
  after: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The fields a campaign is created with, in a fixed order (what "the same request" means). */
function canonicalCreation(request: CreateCampaignRequest): string {
  return JSON.stringify({
    topic_id: request.topic_id,
    status: request.status,
    title: request.title,
    need: request.need,
    project: { name: request.project.name, forge_url: request.project.forge_url },
    expected_outcome: request.expected_outcome,
    target_cents: request.target_cents,
    deadline_at: iso(Date.parse(request.deadline_at)),
    min_pledge_cents: request.min_pledge_cents,
    provider_slug: request.provider_slug,
  });
}

function notFound(): CofundingRefusal {
  return new CofundingRefusal("campaign_not_found", "no campaign for this topic");
}

function conflictWithState(status: CampaignStatus, requested: string): CofundingRefusal {
  return new CofundingRefusal(
    "invalid_transition",
    `a campaign in state "${status}" cannot go to "${requested}"`,
    [
      {
        field: "status",
        code: "invalid_transition",
        message: `current state: ${status}`,
        params: { current: status, requested },
      },
    ]
  );
}

function notOpen(
  status: CampaignStatus,
  why = "the campaign does not accept this any more"
): CofundingRefusal {
  return new CofundingRefusal("campaign_not_open", why, [
    {
      field: "status",
      code: "campaign_not_open",
      message: `current state: ${status}`,
      params: { current: status },
    },
  ]);
}

export class CofundingStore {
  constructor(
    private readonly db: Db,
    private readonly options: CofundingOptions
  ) {}

  // ── Reading ────────────────────────────────────────────────────────────────

  private row(topicId: number): CampaignRow | undefined {
    return this.db
      .prepare<[number], CampaignRow>("SELECT * FROM cofunding_campaigns WHERE topic_id = ?")
      .get(topicId);
  }

  private roleOf(campaign: CampaignRow, actor: CofundingActor | null): CampaignRole {
    return {
      author: actor !== null && actor.id === campaign.author_id,
      moderator: actor?.moderator ?? false,
    };
  }

  /** The campaign as this person may see it: hidden ones only to their author and moderators. */
  private visible(topicId: number, actor: CofundingActor | null): CampaignRow {
    const campaign = this.row(topicId);
    if (!campaign) throw notFound();
    const role = this.roleOf(campaign, actor);
    if (campaign.hidden && !role.author && !role.moderator) throw notFound();
    return campaign;
  }

  private pledgesOf(campaignId: number): PledgeRow[] {
    return this.db
      .prepare<
        [number],
        PledgeRow
      >("SELECT * FROM cofunding_pledges WHERE campaign_id = ? ORDER BY created_at, id")
      .all(campaignId);
  }

  private pledgedCents(campaignId: number): number {
    const amounts = this.db
      .prepare<
        [number],
        number
      >("SELECT amount_cents FROM cofunding_pledges WHERE campaign_id = ? AND status = 'active' AND amount_cents IS NOT NULL")
      .pluck()
      .all(campaignId);
    return sumCents(amounts);
  }

  private quotesOf(campaignId: number): QuoteRow[] {
    return this.db
      .prepare<
        [number],
        QuoteRow
      >("SELECT * FROM cofunding_quotes WHERE campaign_id = ? ORDER BY id")
      .all(campaignId);
  }

  private pledgeView(pledge: PledgeRow, actor: CofundingActor | null): PledgeView {
    const owner = { anonymous: pledge.anonymous === 1, userId: pledge.user_id };
    const reveal = revealsPledger(owner, actor);
    const member = revealsMember(owner, actor);
    return {
      id: pledge.id,
      association: reveal ? pledge.association : null,
      anonymous: pledge.anonymous === 1,
      amount_cents: pledge.amount_cents,
      in_kind: JSON.parse(pledge.in_kind) as InKindHelp[],
      note: reveal ? pledge.note : null,
      user: member ? { id: pledge.user_id, username: pledge.username } : null,
      mine: actor !== null && actor.id === pledge.user_id,
      status: pledge.status,
      created_at: pledge.created_at,
      updated_at: pledge.updated_at,
    };
  }

  private splitPlanOf(campaign: CampaignRow, actor: CofundingActor | null): SplitPlan | null {
    const rows = this.db
      .prepare<
        [number],
        SplitRow
      >("SELECT * FROM cofunding_split_lines WHERE campaign_id = ? ORDER BY owed_cents DESC, pledge_id")
      .all(campaign.id);
    if (rows.length === 0) return null;
    return {
      due_cents: rows[0]!.due_cents,
      provider_slug: campaign.provider_slug,
      computed_at: rows[0]!.computed_at,
      lines: rows.map((row) => {
        const reveal = revealsPledger(
          { anonymous: row.anonymous === 1, userId: row.user_id },
          actor
        );
        return {
          pledge_id: row.pledge_id,
          association: reveal ? row.association : null,
          anonymous: row.anonymous === 1,
          mine: actor !== null && actor.id === row.user_id,
          pledged_cents: row.pledged_cents,
          owed_cents: row.owed_cents,
        };
      }),
    };
  }

  private timelineOf(campaignId: number): TimelineEntry[] {
    return this.db
      .prepare<[number], { to_status: CampaignStatus; at: string; reason: string | null }>(
        "SELECT to_status, at, reason FROM cofunding_audit WHERE campaign_id = ? AND to_status IS NOT NULL ORDER BY id"
      )
      .all(campaignId)
      .map((row) => ({ status: row.to_status, at: row.at, reason: row.reason }));
  }

  /** The panel's data for this viewer. */
  view(topicId: number, actor: CofundingActor | null, nowMs: number): CampaignView {
    const campaign = this.visible(topicId, actor);
    const role = this.roleOf(campaign, actor);
    const pledges = this.pledgesOf(campaign.id);
    const active = pledges.filter((p) => p.status === "active");
    const mine = actor === null ? undefined : pledges.find((p) => p.user_id === actor.id);
    const open = campaign.status === "open" && Date.parse(campaign.deadline_at) > nowMs;
    return {
      topic_id: campaign.topic_id,
      title: campaign.title,
      need: campaign.need,
      project: { name: campaign.project_name, forge_url: campaign.forge_url },
      expected_outcome: campaign.expected_outcome,
      author: { id: campaign.author_id, username: campaign.author_username },
      status: campaign.status,
      hidden: campaign.hidden === 1,
      hidden_reason: role.author || role.moderator ? campaign.hidden_reason : null,
      currency: "EUR",
      target_cents: campaign.target_cents,
      pledged_cents: this.pledgedCents(campaign.id),
      min_pledge_cents: campaign.min_pledge_cents,
      deadline_at: campaign.deadline_at,
      days_left: daysLeft(Date.parse(campaign.deadline_at), nowMs),
      provider_slug: campaign.provider_slug,
      chosen_quote_id: campaign.chosen_quote_id,
      pledges: active.map((p) => this.pledgeView(p, actor)),
      my_pledge: mine ? this.pledgeView(mine, actor) : null,
      quotes: this.quotesOf(campaign.id).map(
        (q): QuoteView => ({
          id: q.id,
          provider_slug: q.provider_slug,
          amount_cents: q.amount_cents,
          delay_days: q.delay_days,
          deliverables: q.deliverables,
          licence: q.licence,
          chosen: q.id === campaign.chosen_quote_id,
          created_at: q.created_at,
        })
      ),
      timeline: this.timelineOf(campaign.id),
      split_plan: this.splitPlanOf(campaign, actor),
      can: {
        edit: role.author && campaign.status === "draft",
        pledge: actor !== null && open,
        quote: actor !== null && open && this.options.isOnAProviderTeam(actor.id),
        choose_quote: role.author && (campaign.status === "draft" || open),
        hide: role.moderator,
        transitions: actor === null ? [] : availableTransitions(campaign.status, role),
      },
      funded_at: campaign.funded_at,
      created_at: campaign.created_at,
      updated_at: campaign.updated_at,
    };
  }

  /** The split plan alone (null until funded), as this viewer may see it. */
  splitPlan(topicId: number, actor: CofundingActor | null): SplitPlan | null {
    return this.splitPlanOf(this.visible(topicId, actor), actor);
  }

  /** Every pledge this member made, newest first ("mes engagements"). */
  myPledges(actor: CofundingActor): MyPledge[] {
    const rows = this.db
      .prepare<
        [number],
        PledgeRow & {
          topic_id: number;
          title: string;
          campaign_status: CampaignStatus;
          owed_cents: number | null;
        }
      >(
        `SELECT p.*, c.topic_id, c.title, c.status AS campaign_status, s.owed_cents
           FROM cofunding_pledges p
           JOIN cofunding_campaigns c ON c.id = p.campaign_id
           LEFT JOIN cofunding_split_lines s ON s.pledge_id = p.id
          WHERE p.user_id = ?
          ORDER BY p.updated_at DESC, p.id DESC`
      )
      .all(actor.id);
    return rows.map((row) => ({
      ...this.pledgeView(row, actor),
      campaign: { topic_id: row.topic_id, title: row.title, status: row.campaign_status },
      owed_cents: row.owed_cents,
    }));
  }

  /** The campaign's audit log, oldest first (moderators). */
  audit(topicId: number, actor: CofundingActor): AuditEntry[] {
    const campaign = this.visible(topicId, actor);
    return this.db
      .prepare<[number], AuditRow>(
        "SELECT * FROM cofunding_audit WHERE campaign_id = ? ORDER BY id"
      )
      .all(campaign.id)
      .map((row) => ({
        id: row.id,
        at: row.at,
        actor:
          row.actor_id === null ? null : { id: row.actor_id, username: row.actor_username ?? "" },
        action: row.action,
        reason: row.reason,
        before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
        after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
      }));
  }

  // ── Writing ────────────────────────────────────────────────────────────────

  private immediate<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  private log(
    campaignId: number,
    nowMs: number,
    actor: CofundingActor | null,
    action: string,
    entry: { reason?: string | null; toStatus?: CampaignStatus; before?: unknown; after?: unknown }
  ): void {
    this.db
      .prepare(
        `INSERT INTO cofunding_audit (campaign_id, at, actor_id, actor_username, action, reason, to_status, before, after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(
        campaignId,
        iso(nowMs),
        actor?.id ?? null,
        actor?.username ?? null,
        action,
        entry.reason ?? null,
        entry.toStatus ?? null,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after)
      );
  }

  private setStatus(
    campaign: CampaignRow,
    to: CampaignStatus,
    nowMs: number,
    actor: CofundingActor | null,
    reason: string | null
  ): void {
    // The guard on the current status makes a lost race a no-op rather than a double move.
    const changed = this.db
      .prepare(
        "UPDATE cofunding_campaigns SET status = ?, updated_at = ? WHERE id = ? AND status = ?"
      )
      .run(to, iso(nowMs), campaign.id, campaign.status).changes;
    if (changed !== 1) throw conflictWithState(campaign.status, to);
    this.log(campaign.id, nowMs, actor, "status.changed", {
      reason,
      toStatus: to,
      before: { status: campaign.status },
      after: { status: to },
    });
    if (to === "expired" || to === "cancelled") this.releasePledges(campaign.id, nowMs, actor, to);
  }

  private releasePledges(
    campaignId: number,
    nowMs: number,
    actor: CofundingActor | null,
    why: string
  ): void {
    const released = this.db
      .prepare(
        "UPDATE cofunding_pledges SET status = 'released', updated_at = ? WHERE campaign_id = ? AND status = 'active'"
      )
      .run(iso(nowMs), campaignId).changes;
    if (released > 0)
      this.log(campaignId, nowMs, actor, "pledges.released", { after: { released, because: why } });
  }

  private checkTerms(
    fields: {
      target_cents: number;
      min_pledge_cents: number;
      deadline_at: string;
      provider_slug: string | null;
    },
    nowMs: number
  ): void {
    const max = this.options.maxAmountCents;
    const problems = [
      ...amountProblems("target_cents", fields.target_cents, { max }),
      ...amountProblems("min_pledge_cents", fields.min_pledge_cents, {
        max: Math.min(max, fields.target_cents),
      }),
    ];
    if (problems.length > 0)
      throw new CofundingRefusal("invalid_amount", "an amount is out of range", problems);
    const deadline = Date.parse(fields.deadline_at);
    if (!(deadline > nowMs) || deadline > nowMs + MAX_DEADLINE_MS)
      throw new CofundingRefusal(
        "invalid_deadline",
        "the deadline must be in the future (within five years)",
        [
          {
            field: "deadline_at",
            code: deadline > nowMs ? "too_far" : "in_the_past",
            message: "choose another deadline",
          },
        ]
      );
    if (fields.provider_slug !== null && !this.options.isListedProvider(fields.provider_slug))
      throw new CofundingRefusal(
        "provider_not_listed",
        "this provider is not listed in the directory",
        [
          {
            field: "provider_slug",
            code: "provider_not_listed",
            message: "choose a listed provider",
            params: { slug: fields.provider_slug },
          },
        ]
      );
  }

  /**
   * Creates the topic's campaign, or finds the one already made by the same request
   * (the forum may send it again). Another request for the same topic is a conflict.
   */
  create(
    actor: CofundingActor,
    request: CreateCampaignRequest,
    nowMs: number
  ): { created: boolean } {
    return this.immediate(() => {
      const canonical = canonicalCreation(request);
      const existing = this.row(request.topic_id);
      if (existing) {
        if (existing.author_id === actor.id && existing.creation_request === canonical)
          return { created: false };
        throw new CofundingRefusal("campaign_conflict", "this topic already has another campaign", [
          {
            field: "topic_id",
            code: "campaign_exists",
            message: "one campaign per topic",
            params: { topic_id: request.topic_id },
          },
        ]);
      }
      this.checkTerms(request, nowMs);
      const at = iso(nowMs);
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO cofunding_campaigns (topic_id, author_id, author_username, title, need, project_name, forge_url,
               expected_outcome, target_cents, min_pledge_cents, deadline_at, provider_slug, status, creation_request,
               created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            request.topic_id,
            actor.id,
            actor.username,
            request.title,
            request.need,
            request.project.name,
            request.project.forge_url,
            request.expected_outcome,
            request.target_cents,
            request.min_pledge_cents,
            iso(Date.parse(request.deadline_at)),
            request.provider_slug,
            request.status,
            canonical,
            at,
            at
          ).lastInsertRowid
      );
      this.log(id, nowMs, actor, "campaign.created", {
        toStatus: request.status,
        after: JSON.parse(canonical),
      });
      return { created: true };
    });
  }

  /** The author completes or corrects a draft. */
  update(
    actor: CofundingActor,
    topicId: number,
    patch: UpdateCampaignRequest,
    nowMs: number
  ): void {
    this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      if (campaign.author_id !== actor.id)
        throw new CofundingRefusal("forbidden", "only the campaign's author may edit it");
      if (campaign.status !== "draft") throw conflictWithState(campaign.status, "draft");
      const before = {
        title: campaign.title,
        need: campaign.need,
        project: { name: campaign.project_name, forge_url: campaign.forge_url },
        expected_outcome: campaign.expected_outcome,
        target_cents: campaign.target_cents,
        deadline_at: campaign.deadline_at,
        min_pledge_cents: campaign.min_pledge_cents,
        provider_slug: campaign.provider_slug,
      };
      const after = { ...before, ...patch };
      after.deadline_at = iso(Date.parse(after.deadline_at));
      this.checkTerms(after, nowMs);
      this.db
        .prepare(
          `UPDATE cofunding_campaigns SET title = ?, need = ?, project_name = ?, forge_url = ?, expected_outcome = ?,
             target_cents = ?, deadline_at = ?, min_pledge_cents = ?, provider_slug = ?, updated_at = ?
           WHERE id = ?`
        )
        .run(
          after.title,
          after.need,
          after.project.name,
          after.project.forge_url,
          after.expected_outcome,
          after.target_cents,
          after.deadline_at,
          after.min_pledge_cents,
          after.provider_slug,
          iso(nowMs),
          campaign.id
        );
      this.log(campaign.id, nowMs, actor, "campaign.updated", { before, after });
    });
  }

  /** A person moves the campaign along (open, work statuses, cancel). */
  transition(
    actor: CofundingActor,
    topicId: number,
    to: RequestedStatus,
    reason: string | undefined,
    nowMs: number
  ): void {
    this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      const decision = decideTransition(campaign.status, to, this.roleOf(campaign, actor), reason);
      if (!decision.ok) {
        if (decision.reason === "forbidden")
          throw new CofundingRefusal("forbidden", "you may not change this campaign's status");
        if (decision.reason === "invalid_transition") throw conflictWithState(campaign.status, to);
        throw new CofundingRefusal("invalid_body", "a moderator gives a reason", [
          { field: "reason", code: "required", message: "say why" },
        ]);
      }
      if (to === "open") this.checkTerms(campaign, nowMs);
      this.setStatus(campaign, to, nowMs, actor, reason ?? null);
    });
  }

  /** A moderator hides or shows a campaign, with a reason. */
  setVisibility(
    actor: CofundingActor,
    topicId: number,
    hidden: boolean,
    reason: string,
    nowMs: number
  ): void {
    this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      if (!actor.moderator)
        throw new CofundingRefusal(
          "forbidden",
          "only co-funding moderators and staff may hide a campaign"
        );
      this.db
        .prepare(
          "UPDATE cofunding_campaigns SET hidden = ?, hidden_reason = ?, updated_at = ? WHERE id = ?"
        )
        .run(hidden ? 1 : 0, hidden ? reason : null, iso(nowMs), campaign.id);
      this.log(campaign.id, nowMs, actor, hidden ? "campaign.hidden" : "campaign.shown", {
        reason,
        before: { hidden: campaign.hidden === 1 },
        after: { hidden },
      });
    });
  }

  private requireOpen(campaign: CampaignRow, nowMs: number): void {
    if (campaign.status !== "open") throw notOpen(campaign.status);
    if (Date.parse(campaign.deadline_at) <= nowMs)
      throw notOpen(campaign.status, "the campaign's deadline has passed");
  }

  /** Creates or changes the member's pledge; funds the campaign when it reaches the target. */
  putPledge(actor: CofundingActor, topicId: number, request: PledgeRequest, nowMs: number): void {
    this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      this.requireOpen(campaign, nowMs);
      const problems = pledgeAmountProblems(request.amount_cents, {
        minPledgeCents: campaign.min_pledge_cents,
        maxAmountCents: this.options.maxAmountCents,
      });
      if (problems.length > 0)
        throw new CofundingRefusal("invalid_amount", "this amount cannot be pledged", problems);
      const existing = this.db
        .prepare<
          [number, number],
          PledgeRow
        >("SELECT * FROM cofunding_pledges WHERE campaign_id = ? AND user_id = ?")
        .get(campaign.id, actor.id);
      const at = iso(nowMs);
      const values = {
        association: request.association,
        anonymous: request.anonymous,
        amount_cents: request.amount_cents,
        in_kind: request.in_kind,
        note: request.note,
      };
      if (existing) {
        this.db
          .prepare(
            `UPDATE cofunding_pledges SET association = ?, anonymous = ?, amount_cents = ?, in_kind = ?, note = ?,
               username = ?, status = 'active', updated_at = ? WHERE id = ?`
          )
          .run(
            request.association,
            request.anonymous ? 1 : 0,
            request.amount_cents,
            JSON.stringify(request.in_kind),
            request.note,
            actor.username,
            at,
            existing.id
          );
        this.log(
          campaign.id,
          nowMs,
          actor,
          existing.status === "active" ? "pledge.changed" : "pledge.renewed",
          {
            before: {
              pledge_id: existing.id,
              status: existing.status,
              association: existing.association,
              anonymous: existing.anonymous === 1,
              amount_cents: existing.amount_cents,
              in_kind: JSON.parse(existing.in_kind) as unknown,
            },
            after: { pledge_id: existing.id, status: "active", ...values },
          }
        );
      } else {
        const id = this.db
          .prepare(
            `INSERT INTO cofunding_pledges (campaign_id, user_id, username, association, anonymous, amount_cents, in_kind,
               note, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`
          )
          .run(
            campaign.id,
            actor.id,
            actor.username,
            request.association,
            request.anonymous ? 1 : 0,
            request.amount_cents,
            JSON.stringify(request.in_kind),
            request.note,
            at,
            at
          ).lastInsertRowid;
        this.log(campaign.id, nowMs, actor, "pledge.created", {
          after: { pledge_id: Number(id), status: "active", ...values },
        });
      }
      this.fundIfReached(campaign, nowMs);
    });
  }

  /** Withdraws the member's pledge while the campaign is open. */
  withdrawPledge(actor: CofundingActor, topicId: number, nowMs: number): void {
    this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      this.requireOpen(campaign, nowMs);
      const pledge = this.db
        .prepare<
          [number, number],
          PledgeRow
        >("SELECT * FROM cofunding_pledges WHERE campaign_id = ? AND user_id = ? AND status = 'active'")
        .get(campaign.id, actor.id);
      if (!pledge)
        throw new CofundingRefusal("pledge_not_found", "you have no pledge on this campaign");
      this.db
        .prepare("UPDATE cofunding_pledges SET status = 'withdrawn', updated_at = ? WHERE id = ?")
        .run(iso(nowMs), pledge.id);
      this.log(campaign.id, nowMs, actor, "pledge.withdrawn", {
        before: { pledge_id: pledge.id, status: "active", amount_cents: pledge.amount_cents },
        after: { pledge_id: pledge.id, status: "withdrawn" },
      });
    });
  }

  /** A listed provider's quote, made by a member of that provider's team (product.md: providers are forum members acting for a structure). */
  addQuote(actor: CofundingActor, topicId: number, request: QuoteRequest, nowMs: number): number {
    return this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      this.requireOpen(campaign, nowMs);
      const problems = amountProblems("amount_cents", request.amount_cents, {
        max: this.options.maxAmountCents,
      });
      if (problems.length > 0)
        throw new CofundingRefusal("invalid_amount", "this amount cannot be quoted", problems);
      if (!this.options.isListedProvider(request.provider_slug))
        throw new CofundingRefusal("provider_not_listed", "only listed providers may quote", [
          {
            field: "provider_slug",
            code: "provider_not_listed",
            message: "not a listed provider",
            params: { slug: request.provider_slug },
          },
        ]);
      if (!this.options.isProviderMember(request.provider_slug, actor.id))
        throw new CofundingRefusal(
          "not_provider_member",
          "only a member of the provider's team may quote for it",
          [
            {
              field: "provider_slug",
              code: "not_provider_member",
              message: "you are not on this provider's team",
              params: { slug: request.provider_slug },
            },
          ]
        );
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO cofunding_quotes (campaign_id, provider_slug, submitted_by_id, submitted_by_username, amount_cents,
               delay_days, deliverables, licence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            campaign.id,
            request.provider_slug,
            actor.id,
            actor.username,
            request.amount_cents,
            request.delay_days,
            request.deliverables,
            request.licence,
            iso(nowMs)
          ).lastInsertRowid
      );
      this.log(campaign.id, nowMs, actor, "quote.submitted", {
        after: { quote_id: id, ...request },
      });
      return id;
    });
  }

  /** The author picks a quote: it sets the target (and may fund the campaign at once). */
  chooseQuote(actor: CofundingActor, topicId: number, quoteId: number, nowMs: number): void {
    this.immediate(() => {
      const campaign = this.visible(topicId, actor);
      if (campaign.author_id !== actor.id)
        throw new CofundingRefusal("forbidden", "only the campaign's author chooses a quote");
      if (campaign.status !== "draft") this.requireOpen(campaign, nowMs);
      const quote = this.db
        .prepare<
          [number, number],
          QuoteRow
        >("SELECT * FROM cofunding_quotes WHERE id = ? AND campaign_id = ?")
        .get(quoteId, campaign.id);
      if (!quote) throw new CofundingRefusal("quote_not_found", "no such quote on this campaign");
      const terms = termsAfterChoosing(
        { targetCents: campaign.target_cents, minPledgeCents: campaign.min_pledge_cents },
        quote.amount_cents
      );
      this.db
        .prepare(
          `UPDATE cofunding_campaigns SET chosen_quote_id = ?, target_cents = ?, min_pledge_cents = ?, provider_slug = ?,
             updated_at = ? WHERE id = ?`
        )
        .run(
          quote.id,
          terms.targetCents,
          terms.minPledgeCents,
          quote.provider_slug,
          iso(nowMs),
          campaign.id
        );
      this.log(campaign.id, nowMs, actor, "quote.chosen", {
        before: {
          chosen_quote_id: campaign.chosen_quote_id,
          target_cents: campaign.target_cents,
          min_pledge_cents: campaign.min_pledge_cents,
          provider_slug: campaign.provider_slug,
        },
        after: {
          chosen_quote_id: quote.id,
          target_cents: terms.targetCents,
          min_pledge_cents: terms.minPledgeCents,
          provider_slug: quote.provider_slug,
        },
      });
      if (campaign.status === "open") this.fundIfReached(this.row(topicId)!, nowMs);
    });
  }

  /** Inside a write transaction: lock the campaign into funded and write its split plan, once. */
  private fundIfReached(campaign: CampaignRow, nowMs: number): void {
    if (!serviceMayMove(campaign.status, "funded")) return;
    const pledged = this.pledgedCents(campaign.id);
    if (!reachesTarget(pledged, campaign.target_cents)) return;
    const chosen =
      campaign.chosen_quote_id === null
        ? null
        : (this.db
            .prepare<[number], number>("SELECT amount_cents FROM cofunding_quotes WHERE id = ?")
            .pluck()
            .get(campaign.chosen_quote_id) ?? null);
    const due = dueAmount(campaign.target_cents, chosen);
    const pledges = this.pledgesOf(campaign.id).filter(
      (p) => p.status === "active" && p.amount_cents !== null
    );
    const shares = splitPlan(
      due,
      pledges.map((p) => ({ id: p.id, pledgedCents: p.amount_cents! }))
    );
    const at = iso(nowMs);
    this.setStatus(campaign, "funded", nowMs, null, null);
    this.db
      .prepare("UPDATE cofunding_campaigns SET funded_at = ? WHERE id = ?")
      .run(at, campaign.id);
    const insert = this.db.prepare(
      `INSERT INTO cofunding_split_lines (campaign_id, pledge_id, user_id, association, anonymous, pledged_cents,
         owed_cents, due_cents, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    const byId = new Map(pledges.map((p) => [p.id, p]));
    for (const share of shares) {
      const pledge = byId.get(share.id)!;
      insert.run(
        campaign.id,
        pledge.id,
        pledge.user_id,
        pledge.association,
        pledge.anonymous,
        share.pledgedCents,
        share.owedCents,
        due,
        at
      );
    }
    this.log(campaign.id, nowMs, null, "split_plan.computed", {
      after: {
        due_cents: due,
        pledged_cents: pledged,
        lines: shares.map((s) => ({ pledge_id: s.id, owed_cents: s.owedCents })),
      },
    });
  }

  /** Ends this campaign as expired if its deadline has passed unfunded; true when it did. */
  expireIfDue(topicId: number, nowMs: number): boolean {
    const campaign = this.row(topicId);
    if (!campaign || !isDueToExpire(campaign.status, Date.parse(campaign.deadline_at), nowMs))
      return false;
    return this.immediate(() => {
      // Read again under the write lock: another process may have moved it meanwhile.
      const current = this.row(topicId)!;
      if (!isDueToExpire(current.status, Date.parse(current.deadline_at), nowMs)) return false;
      this.setStatus(current, "expired", nowMs, null, null);
      return true;
    });
  }

  /** Expires every open campaign whose deadline has passed; returns their topic ids. */
  expireAllDue(nowMs: number): number[] {
    const due = this.db
      .prepare<
        [string],
        number
      >("SELECT topic_id FROM cofunding_campaigns WHERE status = 'open' AND deadline_at <= ?")
      .pluck()
      .all(iso(nowMs));
    return due.filter((topicId) => this.expireIfDue(topicId, nowMs));
  }
}

export interface SweepResult {
  expired: number[];
  idempotencyKeysPurged: number;
}

/**
 * The periodic sweep: expire campaigns past their deadline and forget old idempotency
 * keys. Reads expire campaigns too, so nothing depends on this having run.
 */
export function sweepCampaigns(
  db: Db,
  now: Date,
  options: { idempotencyTtlMs?: number } = {}
): SweepResult {
  // Expiry reads neither amounts nor providers: these options are never consulted here.
  const store = new CofundingStore(db, {
    maxAmountCents: Number.MAX_SAFE_INTEGER,
    isListedProvider: (slug) => isListedProvider(db, slug),
    isProviderMember: (slug, userId) => isListedProviderMember(db, slug, userId),
    isOnAProviderTeam: (userId) => listedProviderMembers(db, [userId]).length > 0,
  });
  return {
    expired: store.expireAllDue(now.getTime()),
    idempotencyKeysPurged: purgeIdempotencyKeys(
      db,
      now.getTime(),
      options.idempotencyTtlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS
    ),
  };
}

/** Whether a provider exists and is listed, read from the file (other processes may have changed it). */
export function isListedProvider(db: Db, slug: string): boolean {
  return (
    db
      .prepare<[string], number>("SELECT 1 FROM providers WHERE slug = ? AND status = 'listed'")
      .pluck()
      .get(slug) === 1
  );
}
