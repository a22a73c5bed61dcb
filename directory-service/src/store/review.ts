// Storage of the moderators' review (docs/product.md, "Category moderators"): decisions on
// applications and references, manual tags, the listed provider record an approval
// creates, and the append-only audit log. Every action runs in one IMMEDIATE transaction
// that first compares the version it was decided on: of two moderators acting on the
// same version, the second gets StaleVersionError and nothing of theirs is written.
import type {
  ApplicationReview,
  ApplicationState,
  ReviewAuditEntry,
  AuditSnapshot,
  ManualTag,
  ManualTagKey,
  Provider,
  ProviderImportRecord,
  ReferenceDecision,
  ReviewAction,
  ReviewActionName,
  ReviewQueue,
  ReviewQueueQuery,
  StructureCard,
} from "../contract/index.ts";
import { ApplicationState as ApplicationStates, ReviewActionName as ReviewActionNames } from "../contract/index.ts";
import {
  DEFAULT_CRITERIA_SETTINGS,
  applicationCriteria,
  confirmsProject,
  referenceCounts,
  referenceCriteria,
  type ReviewedReference,
} from "../domain/criteria.ts";
import { DEFAULT_FAST_ANSWER_SECONDS, redFlagsOf, type OtherApplications, type RedFlagSettings } from "../domain/red-flags.ts";
import { actionFitsReference, actionFitsState, allowedActions } from "../domain/review-actions.ts";
import { slugify } from "../domain/text.ts";
import { yearMonthOf } from "../domain/vetting-rules.ts";
import {
  DEFAULT_TAG_VALIDITY_MONTHS,
  deriveTags,
  isExpired,
  publicTags,
  type HandVetting,
  type TagSettings,
} from "../domain/vetting-tags.ts";
import type { Db } from "./database.ts";
import { writeProviders } from "./provider-writer.ts";
import type { TaxonomyCatalog } from "./taxonomies.ts";
import type { EnqueueMail } from "./vetting-mail.ts";
import { WrongStateError, forumLinks, type VettingStore } from "./vetting.ts";

export interface ReviewSettings extends RedFlagSettings, TagSettings {
  /** Days before a tag expires when its provider is told (default 30). */
  expiryNoticeDays: number;
}

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  ...DEFAULT_CRITERIA_SETTINGS,
  fastAnswerSeconds: DEFAULT_FAST_ANSWER_SECONDS,
  validityMonths: DEFAULT_TAG_VALIDITY_MONTHS,
  expiryNoticeDays: 30,
};

/** The action was decided on a version that has moved on. */
export class StaleVersionError extends Error {
  constructor(
    readonly state: ApplicationState,
    readonly version: number
  ) {
    super(`the application is now ${state} at version ${version}`);
  }
}

/** An action that names something it cannot act on (422, nothing written). */
export class ReviewInputError extends Error {
  constructor(
    readonly field: string,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

interface AppRow {
  id: number;
  state: ApplicationState;
  review_version: number;
  structure: string;
  submitted_at: string | null;
  updated_at: string;
}

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: ReviewAuditEntry["action"];
  reason: string | null;
  reference_id: number | null;
  tag: string | null;
  before: string;
  after: string;
}

export interface ReviewStoreOptions {
  forumBaseUrl: string;
  enqueueMail: EnqueueMail;
  settings: ReviewSettings;
}

const iso = (ms: number) => new Date(ms).toISOString();
const DAY_MS = 24 * 60 * 60 * 1000;

export class ReviewStore {
  readonly #db: Db;
  readonly #vetting: VettingStore;
  readonly #catalog: () => TaxonomyCatalog;
  readonly #options: ReviewStoreOptions;

  constructor(db: Db, vetting: VettingStore, catalog: () => TaxonomyCatalog, options: ReviewStoreOptions) {
    this.#db = db;
    this.#vetting = vetting;
    this.#catalog = catalog;
    this.#options = options;
  }

  get settings(): ReviewSettings {
    return this.#options.settings;
  }

  // ── Reads ───────────────────────────────────────────────────────────────────────────

  #app(id: number): AppRow | undefined {
    return this.#db
      .prepare("SELECT id, state, review_version, structure, submitted_at, updated_at FROM vetting_applications WHERE id = ?")
      .get(id) as AppRow | undefined;
  }

  exists(id: number): boolean {
    return this.#app(id) !== undefined;
  }

  /** Waiting for a moderator's decision: one indexed COUNT, for the forum's navigation. */
  pendingCount(): number {
    return this.#db
      .prepare("SELECT COUNT(*) FROM vetting_applications WHERE state = 'in_review'")
      .pluck()
      .get() as number;
  }

  #decisions(id: number): Map<number, ReferenceDecision> {
    const rows = this.#db
      .prepare(
        `SELECT d.reference_id, d.decision, d.decided_by, d.decided_at, d.reason FROM review_reference_decisions d
           JOIN vetting_references r ON r.id = d.reference_id WHERE r.application_id = ?`
      )
      .all(id) as { reference_id: number; decision: "accepted" | "refused"; decided_by: string; decided_at: string; reason: string | null }[];
    return new Map(
      rows.map((row) => [row.reference_id, { decision: row.decision, by: row.decided_by, at: row.decided_at, reason: row.reason }])
    );
  }

  #reviewedReferences(id: number): ReviewedReference[] {
    const decisions = this.#decisions(id);
    const view = this.#vetting.view(id, { withAnswers: true, draftErrors: [] });
    return view.references.map((ref) => ({ ...ref, decision: decisions.get(ref.id) ?? null }));
  }

  #manualTags(id: number): ManualTag[] {
    return this.#db
      .prepare(
        "SELECT key, granted_by, granted_at, reason, decision_id FROM review_manual_tags WHERE application_id = ? ORDER BY key"
      )
      .all(id) as ManualTag[];
  }

  #listing(id: number): { slug: string; listed_at: string; status: Provider["status"] } | undefined {
    return this.#db
      .prepare(
        `SELECT l.provider_slug AS slug, l.listed_at, p.status FROM review_listings l
           JOIN providers p ON p.slug = l.provider_slug WHERE l.application_id = ?`
      )
      .get(id) as { slug: string; listed_at: string; status: Provider["status"] } | undefined;
  }

  #handVetting(slug: string): HandVetting | null {
    return (
      (this.#db.prepare("SELECT decided_at, decided_by FROM provider_hand_vetting WHERE provider_slug = ?").get(slug) as
        | HandVetting
        | undefined) ?? null
    );
  }

  /**
   * Referee e-mails (null once erased) and association numbers of every application, with
   * the provider's name.
   */
  #declared(): { applicationId: number; name: string; email: string | null; number: string }[] {
    return this.#db
      .prepare(
        `SELECT DISTINCT r.application_id AS applicationId,
                COALESCE(json_extract(a.structure, '$.name'), '#' || a.id) AS name,
                CASE WHEN r.personal_data_erased_at IS NULL THEN r.referee_email END AS email,
                UPPER(json_extract(r.details, '$.association_number')) AS number
           FROM vetting_references r JOIN vetting_applications a ON a.id = r.application_id`
      )
      .all() as { applicationId: number; name: string; email: string | null; number: string }[];
  }

  #othersFor(id: number, declared = this.#declared()): OtherApplications {
    const byEmail = new Map<string, Set<string>>();
    const byNumber = new Map<string, Set<string>>();
    for (const row of declared) {
      if (row.applicationId === id) continue;
      if (row.email !== null) byEmail.set(row.email, (byEmail.get(row.email) ?? new Set()).add(row.name));
      byNumber.set(row.number, (byNumber.get(row.number) ?? new Set()).add(row.name));
    }
    const sorted = (map: Map<string, Set<string>>) => new Map([...map].map(([k, v]) => [k, [...v].sort()]));
    return { providersByRefereeEmail: sorted(byEmail), providersByAssociationNumber: sorted(byNumber) };
  }

  #slugFor(id: number, structure: Partial<StructureCard>): string {
    const listing = this.#db.prepare("SELECT provider_slug FROM review_listings WHERE application_id = ?").pluck().get(id) as
      | string
      | undefined;
    if (listing) return listing;
    // Not listed yet: the name's slug, or the first free suffix (-2, -3, …). A slug is taken
    // by any provider record (imported, or listed through another application) and by any
    // listing: a structure never takes over another provider's card. Called inside the
    // approval's transaction, so the slug it finds is still free when it is written.
    const base = slugify(structure.name ?? "") || `structure-${id}`;
    const taken = this.#db
      .prepare("SELECT 1 FROM providers WHERE slug = ? UNION ALL SELECT 1 FROM review_listings WHERE provider_slug = ?")
      .pluck();
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base.slice(0, 75)}-${n}`;
      if (slug.length >= 2 && taken.get(slug, slug) === undefined) return slug;
    }
  }

  #tags(id: number, references: readonly ReviewedReference[], structure: Partial<StructureCard>, nowMs: number) {
    const catalog = this.#catalog();
    return deriveTags(
      references,
      this.#manualTags(id),
      this.#handVetting(this.#slugFor(id, structure)),
      (key) => catalog.label("support_kinds", key, "fr") ?? key,
      this.#options.settings,
      nowMs
    );
  }

  #audit(id: number): ReviewAuditEntry[] {
    return (this.#db.prepare("SELECT * FROM review_audit WHERE application_id = ? ORDER BY id").all(id) as AuditRow[]).map(
      (row) => ({
        id: row.id,
        at: row.at,
        actor: row.actor,
        action: row.action,
        reason: row.reason,
        reference_id: row.reference_id,
        tag: row.tag,
        before: JSON.parse(row.before) as AuditSnapshot,
        after: JSON.parse(row.after) as AuditSnapshot,
      })
    );
  }

  /** The application side by side with its references, answers, criteria, red flags and audit log. */
  review(id: number, nowMs: number): ApplicationReview {
    this.#vetting.catchUp(id, nowMs);
    const row = this.#app(id)!;
    const structure = JSON.parse(row.structure) as Partial<StructureCard>;
    const application = this.#vetting.view(id, { withAnswers: true, draftErrors: [] });
    const references = this.#reviewedReferences(id);
    const settings = this.#options.settings;
    const month = yearMonthOf(nowMs);
    const listing = this.#listing(id);
    return {
      version: row.review_version,
      application,
      references: references.map((ref) => ({
        ...ref,
        criteria: referenceCriteria(ref, month, settings),
        counts: referenceCounts(ref, settings),
      })),
      criteria: applicationCriteria(references, month, settings),
      red_flags: redFlagsOf(structure, references, this.#othersFor(id), settings),
      tags: this.#tags(id, references, structure, nowMs),
      manual_tags: this.#manualTags(id),
      listing: listing
        ? { slug: listing.slug, status: listing.status === "listed" ? "listed" : "suspended", listed_at: listing.listed_at }
        : null,
      audit: this.#audit(id),
      allowed_actions: allowedActions(row.state, ReviewActionNames.options),
    };
  }

  queue(query: ReviewQueueQuery, nowMs: number): ReviewQueue {
    const rows = (
      query.state === "all"
        ? this.#db.prepare("SELECT id, state FROM vetting_applications ORDER BY COALESCE(submitted_at, updated_at), id").all()
        : this.#db
            .prepare("SELECT id, state FROM vetting_applications WHERE state = ? ORDER BY COALESCE(submitted_at, updated_at), id")
            .all(query.state)
    ) as { id: number }[];
    const declared = this.#declared();
    const settings = this.#options.settings;
    const items = rows.map(({ id }) => {
      this.#vetting.catchUp(id, nowMs);
      const row = this.#app(id)!;
      const structure = JSON.parse(row.structure) as Partial<StructureCard>;
      const references = this.#reviewedReferences(id);
      return {
        id,
        name: structure.name ?? null,
        state: row.state,
        version: row.review_version,
        submitted_at: row.submitted_at,
        updated_at: row.updated_at,
        references: {
          total: references.length,
          answered: references.filter((ref) => ref.state === "answered").length,
          open: references.filter((ref) => ref.state === "invited" || ref.state === "reminded").length,
          counted: references.filter((ref) => referenceCounts(ref, settings)).length,
        },
        red_flags: redFlagsOf(structure, references, this.#othersFor(id, declared), settings).length,
      };
    });
    const counts = Object.fromEntries(ApplicationStates.options.map((state) => [state, 0])) as Record<ApplicationState, number>;
    for (const { state, n } of this.#db
      .prepare("SELECT state, COUNT(*) AS n FROM vetting_applications GROUP BY state")
      .all() as { state: ApplicationState; n: number }[])
      counts[state] = n;
    return { items, counts };
  }

  // ── Actions ─────────────────────────────────────────────────────────────────────────

  /**
   * One moderator action, all or nothing. Throws StaleVersionError (the version moved on),
   * WrongStateError (the action does not fit the state) or ReviewInputError (it names
   * something it cannot act on); the transaction then writes nothing.
   */
  act(id: number, actor: string, action: ReviewAction, nowMs: number): void {
    this.#vetting.catchUp(id, nowMs);
    this.#db
      .transaction(() => {
        const row = this.#app(id)!;
        if (row.review_version !== action.version) throw new StaleVersionError(row.state, row.review_version);
        if (!actionFitsState(action.action, row.state))
          throw new WrongStateError({ kind: "wrong_state", machine: "application", state: row.state, action: action.action });
        const before = this.#snapshot(id, action);
        const afterAudit = this.#perform(id, actor, action, nowMs);
        this.#db.prepare("UPDATE vetting_applications SET review_version = review_version + 1 WHERE id = ?").run(id);
        const auditId = this.#appendAudit(id, actor, action.action, action.reason ?? null, action, before, nowMs);
        afterAudit?.(auditId);
        this.#refreshListing(id, nowMs);
      })
      .immediate();
  }

  /** The team asks for re-verification: each reference that counted is sent a new questionnaire. */
  requestReverification(id: number, actor: string, nowMs: number): number {
    this.#vetting.catchUp(id, nowMs);
    return this.#db
      .transaction(() => {
        const row = this.#app(id)!;
        if (row.state !== "listed")
          throw new WrongStateError({ kind: "wrong_state", machine: "application", state: row.state, action: "request_reverification" });
        const settings = this.#options.settings;
        const references = this.#reviewedReferences(id);
        const open = new Set(
          references.filter((ref) => ref.state === "invited" || ref.state === "reminded").map((ref) => ref.referee_group)
        );
        // A referee whose data was erased (no consent to keep it) cannot be written to again.
        const counted = references.filter((ref) => referenceCounts(ref, settings) && ref.personal_data_erased_at === null);
        const seen = new Set<number>();
        const before = this.#snapshot(id, null);
        let sent = 0;
        for (const ref of counted) {
          const key = ref.referee_group;
          if (seen.has(key) || open.has(key)) continue;
          seen.add(key);
          this.#vetting.inviteAgain(ref.id, nowMs);
          sent += 1;
        }
        if (sent === 0)
          throw new ReviewInputError("references", "nothing_to_reverify", "no accepted reference left to send again, or new questionnaires are already open");
        this.#db.prepare("UPDATE vetting_applications SET review_version = review_version + 1 WHERE id = ?").run(id);
        this.#appendAudit(id, actor, "request_reverification", null, null, before, nowMs, { sent });
        return sent;
      })
      .immediate();
  }

  #reference(id: number, referenceId: number) {
    const ref = this.#vetting.referenceById(referenceId);
    if (!ref || ref.application_id !== id)
      throw new ReviewInputError("reference_id", "unknown_reference", "this application has no such reference");
    return ref;
  }

  #perform(id: number, actor: string, action: ReviewAction, nowMs: number): ((auditId: number) => void) | void {
    const at = iso(nowMs);
    const settings = this.#options.settings;
    switch (action.action) {
      case "approve": {
        const counted = this.#reviewedReferences(id).filter((ref) => referenceCounts(ref, settings));
        const criteria = applicationCriteria(this.#reviewedReferences(id), yearMonthOf(nowMs), settings);
        const enough = criteria.find((c) => c.code === "enough_references")!;
        if (enough.status !== "met")
          throw new ReviewInputError(
            "references",
            "not_enough_references",
            `${counted.length} reference(s) accepted; at least ${enough.params.minimum} are needed to approve`
          );
        this.#vetting.decide(id, "approve", actor, action.reason ?? null, nowMs);
        this.#publish(id, nowMs, "listed");
        return;
      }
      case "reject":
      case "request_changes":
      case "suspend":
      case "reopen":
        this.#vetting.decide(id, action.action, actor, action.reason ?? null, nowMs);
        if (action.action === "suspend") this.#publish(id, nowMs, "suspended");
        return;
      case "accept_reference":
      case "refuse_reference": {
        const ref = this.#reference(id, action.reference_id);
        if (!actionFitsReference(action.action, ref.state))
          throw new WrongStateError({ kind: "wrong_state", machine: "reference", state: ref.state, action: action.action });
        if (action.action === "accept_reference") {
          const reviewed = this.#reviewedReferences(id).find((r) => r.id === ref.id)!;
          if (!confirmsProject(reviewed, settings))
            throw new ReviewInputError(
              "reference_id",
              "reference_does_not_confirm",
              "the referee does not confirm the project in the claimed period: it cannot count"
            );
        }
        this.#db
          .prepare(
            `INSERT INTO review_reference_decisions (reference_id, decision, decided_by, decided_at, reason) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (reference_id) DO UPDATE SET decision = excluded.decision, decided_by = excluded.decided_by,
               decided_at = excluded.decided_at, reason = excluded.reason`
          )
          .run(ref.id, action.action === "accept_reference" ? "accepted" : "refused", actor, at, action.reason ?? null);
        return;
      }
      case "grant_tag": {
        if (this.#hasManualTag(id, action.tag))
          throw new ReviewInputError("tag", "tag_already_granted", "this tag is already granted");
        return (auditId) =>
          this.#db
            .prepare(
              "INSERT INTO review_manual_tags (application_id, key, granted_by, granted_at, reason, decision_id) VALUES (?, ?, ?, ?, ?, ?)"
            )
            .run(id, action.tag, actor, at, action.reason, auditId);
      }
      case "revoke_tag": {
        if (!this.#hasManualTag(id, action.tag))
          throw new ReviewInputError("tag", "tag_not_granted", "this tag is not granted");
        this.#db.prepare("DELETE FROM review_manual_tags WHERE application_id = ? AND key = ?").run(id, action.tag);
        return;
      }
      case "resend_questionnaire":
      case "cancel_questionnaire": {
        const ref = this.#reference(id, action.reference_id);
        if (!actionFitsReference(action.action, ref.state))
          throw new WrongStateError({ kind: "wrong_state", machine: "reference", state: ref.state, action: action.action });
        if (action.action === "resend_questionnaire" && ref.personal_data_erased_at !== null)
          throw new ReviewInputError(
            "reference_id",
            "referee_data_erased",
            "the referee's contact data was erased at the end of its retention period: the questionnaire cannot be sent again"
          );
        if (action.action === "cancel_questionnaire") this.#vetting.cancelReference(ref.id, nowMs);
        else if (ref.state === "invited" || ref.state === "reminded") this.#vetting.renewLink(ref.id, nowMs);
        else this.#vetting.inviteAgain(ref.id, nowMs);
        return;
      }
    }
  }

  #hasManualTag(id: number, key: ManualTagKey): boolean {
    return this.#db.prepare("SELECT 1 FROM review_manual_tags WHERE application_id = ? AND key = ?").pluck().get(id, key) === 1;
  }

  #snapshot(id: number, action: ReviewAction | null): AuditSnapshot {
    const row = this.#app(id)!;
    const detail: AuditSnapshot["detail"] = {};
    if (action && "reference_id" in action) {
      const ref = this.#vetting.referenceById(action.reference_id);
      detail.reference_state = ref?.state ?? null;
      detail.reference_decision = this.#decisions(id).get(action.reference_id)?.decision ?? null;
    }
    if (action && "tag" in action) detail.tag_granted = this.#hasManualTag(id, action.tag);
    const listing = this.#listing(id);
    detail.listing = listing ? listing.status : null;
    return { state: row.state, version: row.review_version, detail };
  }

  #appendAudit(
    id: number,
    actor: string,
    action: ReviewAuditEntry["action"],
    reason: string | null,
    input: ReviewAction | null,
    before: AuditSnapshot,
    nowMs: number,
    extra: AuditSnapshot["detail"] = {}
  ): number {
    const after = this.#snapshot(id, input);
    after.detail = { ...after.detail, ...extra };
    return Number(
      this.#db
        .prepare(
          "INSERT INTO review_audit (application_id, at, actor, action, reason, reference_id, tag, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        .run(
          id,
          iso(nowMs),
          actor,
          action,
          reason,
          input && "reference_id" in input ? input.reference_id : null,
          input && "tag" in input ? input.tag : null,
          JSON.stringify(before),
          JSON.stringify(after)
        ).lastInsertRowid
    );
  }

  // ── The public record ───────────────────────────────────────────────────────────────

  /** Creates or updates the provider record from the application's card and derived tags. */
  #publish(id: number, nowMs: number, status: "listed" | "suspended"): void {
    const row = this.#app(id)!;
    const card = JSON.parse(row.structure) as StructureCard;
    const slug = this.#slugFor(id, card);
    const settings = this.#options.settings;
    const references = this.#reviewedReferences(id);
    const counted = references.filter((ref) => referenceCounts(ref, settings));
    const record: ProviderImportRecord = {
      slug,
      name: card.name,
      structure_type: card.structure_type,
      headcount: card.headcount,
      location: card.location,
      coverage: card.coverage,
      modalities: card.modalities,
      support_kinds: card.support_kinds,
      association_sizes: card.association_sizes,
      tools: card.tools,
      price_models: card.price_models,
      description: card.description,
      website: card.website,
      contact_email: card.contact_email,
      example_projects: counted.slice(0, 50).map((ref) => ({
        association: ref.association_name,
        summary: ref.project_summary,
        year: Number(ref.period.end.slice(0, 4)),
      })),
      memberships: card.memberships,
      status,
      vetting_tags: publicTags(this.#tags(id, references, card, nowMs)).slice(0, 30),
    };
    writeProviders(this.#db, [record], this.#catalog().geography, new Date(nowMs));
    this.#db
      .prepare("INSERT INTO review_listings (application_id, provider_slug, listed_at) VALUES (?, ?, ?) ON CONFLICT (application_id) DO NOTHING")
      .run(id, slug, iso(nowMs));
  }

  /** A listed provider's tags follow every decision on its references and manual tags. */
  #refreshListing(id: number, nowMs: number): void {
    const row = this.#app(id)!;
    const listing = this.#listing(id);
    if (row.state === "listed" && listing?.status === "listed") this.#publish(id, nowMs, "listed");
  }
}

// ── Time: tags expiring ─────────────────────────────────────────────────────────────

/**
 * Tells each listed provider, by mail, of a tag about to expire and of a tag expired.
 * Idempotent: each notice has its outbox key (provider, tag, expiry, kind). Run by the
 * periodic sweep; nothing else depends on it (reads leave expired tags out themselves).
 */
export function sendTagNotices(
  db: Db,
  nowMs: number,
  options: Pick<ReviewStoreOptions, "forumBaseUrl" | "enqueueMail"> & { expiryNoticeDays: number }
): { expiring: number; expired: number } {
  return db.transaction(() => {
    const done = { expiring: 0, expired: 0 };
    const rows = db
      .prepare(
        `SELECT p.slug, p.record FROM review_listings l JOIN providers p ON p.slug = l.provider_slug WHERE p.status = 'listed'`
      )
      .all() as { slug: string; record: string }[];
    for (const { slug, record } of rows) {
      const provider = JSON.parse(record) as Provider;
      if (!provider.contact_email) continue;
      for (const tag of provider.vetting_tags) {
        if (tag.expires_at === null) continue;
        const expiresMs = Date.parse(tag.expires_at);
        const kind = isExpired(tag, nowMs)
          ? "expired"
          : expiresMs - options.expiryNoticeDays * DAY_MS <= nowMs
            ? "expiring"
            : null;
        if (kind === null) continue;
        const queued = options.enqueueMail(
          db,
          {
            dedupeKey: `provider:${slug}:tag:${tag.key}:${tag.expires_at}:${kind}`,
            to: provider.contact_email,
            template: kind === "expired" ? "vetting_tag_expired" : "vetting_tag_expiring",
            locale: "fr",
            params: {
              provider_name: provider.name,
              tag_label: tag.label,
              expires_on: iso(expiresMs).slice(0, 10),
              link: forumLinks(options.forumBaseUrl).myStructure(),
            },
          },
          new Date(nowMs)
        );
        if (queued) done[kind] += 1;
      }
    }
    return done;
  })();
}

export type { ReviewActionName };
