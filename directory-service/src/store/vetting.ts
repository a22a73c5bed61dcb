// Storage of vetting: applications (draft kept by the service), teams, references sent to
// referees, and the mails each change enqueues in the same transaction. State changes go
// through the domain's state machines; a refused transition throws WrongStateError and
// the transaction writes nothing.
import type {
  ActingUser,
  ApplicationDraft,
  ApplicationState,
  ApplicationView,
  OrganisationConfirmation,
  QuestionnaireAnswer,
  ReferenceDraft,
  ReferenceInput,
  ReferenceState,
  ReferenceView,
  StructureDraft,
  TeamInvitation,
  TeamMember,
} from "../contract/index.ts";
import { hashReferenceToken, newReferenceToken } from "../domain/reference-token.ts";
import {
  applicationTransition,
  effectiveReferenceState,
  isOpenReference,
  referenceTransition,
  type ApplicationAction,
  type ReferenceAction,
  type WrongState,
} from "../domain/vetting-states.ts";
import type { Detail } from "../domain/vetting-rules.ts";
import { todoOf } from "../domain/vetting-rules.ts";
import type { PendingLogin } from "../proconnect/client.ts";
import type { Db } from "./database.ts";
import { DEFAULT_REFEREE_RETENTION_DAYS, eraseDueRefereeData } from "./referee-retention.ts";
import { STATUS_MAILED, type EnqueueMail, type VettingMail } from "./vetting-mail.ts";

export class WrongStateError extends Error {
  constructor(readonly refusal: WrongState<string, string>) {
    super(`${refusal.machine} is ${refusal.state}: cannot ${refusal.action}`);
  }
}

/** A write refused because of who the user already is (e.g. already in a team). */
export class ConflictError extends Error {
  constructor(
    readonly code: "already_in_team",
    message: string
  ) {
    super(message);
  }
}

export interface VettingOptions {
  /** The forum's address; links in mails point there (never to the service). */
  forumBaseUrl: string;
  /** Days a referee's link stays valid (default 21). */
  referenceLifetimeDays: number;
  /** Days after the invitation when each reminder is sent (default 7 and 14). */
  reminderDays: readonly number[];
  /**
   * Days a referee's personal data is kept after the decision that ends a review (default
   * 90; see domain/referee-retention.ts).
   */
  refereeRetentionDays?: number;
  randomBytes: (size: number) => Buffer;
  enqueueMail: EnqueueMail;
}

export const DEFAULT_REFERENCE_LIFETIME_DAYS = 21;
export const DEFAULT_REMINDER_DAYS: readonly number[] = [7, 14];
const DAY_MS = 24 * 60 * 60 * 1000;

/** The forum pages the mails link to (the plugin's routes, /annuaire/...). */
export const forumLinks = (base: string) => ({
  reference: (token: string) => `${base.replace(/\/+$/, "")}/annuaire/reference/${token}`,
  myStructure: () => `${base.replace(/\/+$/, "")}/annuaire/ma-structure`,
});

interface ApplicationRow {
  id: number;
  state: ApplicationState;
  structure: string;
  draft_references: string;
  moderator_reason: string | null;
  locale: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
}

export interface ReferenceRow {
  id: number;
  application_id: number;
  position: number;
  details: string;
  referee_email: string;
  state: ReferenceState;
  invited_at: string;
  expires_at: string;
  reminders_sent: number;
  answered_at: string | null;
  answer: string | null;
  declined_at: string | null;
  decline_reason: string | null;
  organisation_confirmation: string | null;
  /** The first reference of the same referee for the same association (null: this one). */
  referee_group: number | null;
  /** When the referee's personal data was erased (referee_email is then ''). */
  personal_data_erased_at: string | null;
}

export interface StoredApplication {
  id: number;
  state: ApplicationState;
  structure: StructureDraft;
  references: ReferenceDraft[];
  locale: "fr" | "en";
  teamUserIds: number[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const localeOf = (value: string): "fr" | "en" => (value.slice(0, 2) === "en" ? "en" : "fr");

export class VettingStore {
  readonly #db: Db;
  readonly #options: VettingOptions;

  constructor(db: Db, options: VettingOptions) {
    this.#db = db;
    this.#options = options;
  }

  get options(): VettingOptions {
    return this.#options;
  }

  get #retentionDays(): number {
    return this.#options.refereeRetentionDays ?? DEFAULT_REFEREE_RETENTION_DAYS;
  }

  // ── Reads ───────────────────────────────────────────────────────────────────────────

  #row(id: number): ApplicationRow | undefined {
    return this.#db.prepare("SELECT * FROM vetting_applications WHERE id = ?").get(id) as
      | ApplicationRow
      | undefined;
  }

  #team(id: number): TeamMember[] {
    return this.#db
      .prepare(
        "SELECT user_id, username, role, joined_at FROM vetting_team_members WHERE application_id = ? ORDER BY role DESC, joined_at, user_id"
      )
      .all(id) as TeamMember[];
  }

  /** The application a member's team holds, if any. */
  applicationIdOf(userId: number): number | undefined {
    return this.#db
      .prepare("SELECT application_id FROM vetting_team_members WHERE user_id = ?")
      .pluck()
      .get(userId) as number | undefined;
  }

  get(id: number): StoredApplication | undefined {
    const row = this.#row(id);
    if (!row) return undefined;
    return {
      id: row.id,
      state: row.state,
      structure: JSON.parse(row.structure) as StructureDraft,
      references: JSON.parse(row.draft_references) as ReferenceDraft[],
      locale: localeOf(row.locale),
      teamUserIds: this.#team(id).map((member) => member.user_id),
    };
  }

  allIds(): number[] {
    return this.#db
      .prepare("SELECT id FROM vetting_applications ORDER BY updated_at DESC, id DESC")
      .pluck()
      .all() as number[];
  }

  #invitationsOfApplication(id: number): TeamInvitation[] {
    return this.#db
      .prepare(
        `SELECT i.application_id, json_extract(a.structure, '$.name') AS structure_name,
                i.username, i.invited_by, i.invited_at
           FROM vetting_team_invitations i JOIN vetting_applications a ON a.id = i.application_id
          WHERE i.application_id = ? ORDER BY i.invited_at, i.username_key`
      )
      .all(id) as TeamInvitation[];
  }

  invitationsFor(username: string): TeamInvitation[] {
    return this.#db
      .prepare(
        `SELECT i.application_id, json_extract(a.structure, '$.name') AS structure_name,
                i.username, i.invited_by, i.invited_at
           FROM vetting_team_invitations i JOIN vetting_applications a ON a.id = i.application_id
          WHERE i.username_key = ? ORDER BY i.invited_at, i.application_id`
      )
      .all(username.toLowerCase()) as TeamInvitation[];
  }

  referencesOf(id: number): ReferenceRow[] {
    return this.#db
      .prepare("SELECT * FROM vetting_references WHERE application_id = ? ORDER BY position, id")
      .all(id) as ReferenceRow[];
  }

  referenceByTokenHash(tokenHash: string): ReferenceRow | undefined {
    return this.#db
      .prepare(
        "SELECT r.* FROM vetting_reference_tokens t JOIN vetting_references r ON r.id = t.reference_id WHERE t.token_hash = ?"
      )
      .get(tokenHash) as ReferenceRow | undefined;
  }

  referenceById(id: number): ReferenceRow | undefined {
    return this.#db.prepare("SELECT * FROM vetting_references WHERE id = ?").get(id) as
      | ReferenceRow
      | undefined;
  }

  /** The application as its team (or, with answers, a reviewer) sees it. */
  view(id: number, options: { withAnswers: boolean; draftErrors: Detail[] }): ApplicationView {
    const row = this.#row(id);
    if (!row) throw new Error(`no application ${id}`);
    const structure = JSON.parse(row.structure) as StructureDraft;
    const draftReferences = JSON.parse(row.draft_references) as ReferenceDraft[];
    const references = this.referencesOf(id).map((ref) => referenceView(ref, options.withAnswers));
    return {
      id: row.id,
      state: row.state,
      draft: { structure, references: draftReferences },
      references,
      todo: todoOf(
        row.state,
        structure,
        draftReferences,
        references.map((ref) => ref.state),
        options.draftErrors
      ),
      moderator_reason: row.moderator_reason,
      team: this.#team(id),
      pending_invitations: this.#invitationsOfApplication(id),
      created_at: row.created_at,
      updated_at: row.updated_at,
      submitted_at: row.submitted_at,
    };
  }

  // ── Writes by the team ──────────────────────────────────────────────────────────────

  /** A new draft whose team is its creator (who must not be in a team yet). */
  create(user: ActingUser, draft: ApplicationDraft, nowMs: number): number {
    return this.#db.transaction(() => {
      if (this.applicationIdOf(user.id) !== undefined)
        throw new ConflictError("already_in_team", "you already belong to a structure's team");
      const at = iso(nowMs);
      const id = Number(
        this.#db
          .prepare(
            `INSERT INTO vetting_applications (state, structure, draft_references, locale, created_at, updated_at)
             VALUES ('draft', ?, ?, ?, ?, ?)`
          )
          .run(JSON.stringify(draft.structure), JSON.stringify(draft.references), localeOf(user.locale), at, at)
          .lastInsertRowid
      );
      this.#db
        .prepare(
          "INSERT INTO vetting_team_members (user_id, application_id, username, role, joined_at) VALUES (?, ?, ?, 'owner', ?)"
        )
        .run(user.id, id, user.username, at);
      this.#event(id, user.username, "create", null, "draft", null, at);
      return id;
    })();
  }

  saveDraft(id: number, draft: ApplicationDraft, nowMs: number): void {
    this.#db.transaction(() => {
      const row = this.#row(id)!;
      this.#transition(row.state, "edit");
      this.#db
        .prepare(
          "UPDATE vetting_applications SET structure = ?, draft_references = ?, updated_at = ? WHERE id = ?"
        )
        .run(JSON.stringify(draft.structure), JSON.stringify(draft.references), iso(nowMs), id);
    })();
  }

  /**
   * Submission: the draft's references become references sent to referees (a reference
   * already sent and still valid is kept as it is), each with a fresh link and an
   * invitation mail, all in one transaction. The caller has checked the draft is complete.
   */
  submit(id: number, actor: ActingUser, references: readonly ReferenceInput[], nowMs: number): void {
    this.#db.transaction(() => {
      const row = this.#row(id)!;
      const submitted = this.#transition(row.state, "submit");
      const at = iso(nowMs);
      this.#setState(id, row.state, submitted, "submit", actor.username, null, at);
      this.#db
        .prepare("UPDATE vetting_applications SET submitted_at = ?, moderator_reason = NULL WHERE id = ?")
        .run(at, id);
      const existing = this.referencesOf(id);
      // A reference whose referee data is erased is not kept: its referee is asked again.
      const kept = new Set(
        existing
          .filter((ref) => ref.state !== "declined" && ref.state !== "expired" && ref.personal_data_erased_at === null)
          .map((ref) => referenceKey(JSON.parse(ref.details) as ReferenceInput))
      );
      let position = existing.reduce((max, ref) => Math.max(max, ref.position), -1);
      const structure = JSON.parse(row.structure) as StructureDraft;
      for (const reference of references) {
        if (kept.has(referenceKey(reference))) continue;
        position += 1;
        this.#invite(id, position, reference, structure.name ?? "", nowMs);
      }
      const open = this.referencesOf(id).some((ref) => isOpenReference(ref.state));
      const next = this.#transition(submitted, open ? "invite_referees" : "references_settled");
      this.#setState(id, submitted, next, open ? "invite_referees" : "references_settled", "service", null, at);
    })();
  }

  /** A new link for a reference: the token goes into the mail, its hash into the database. */
  #issueToken(referenceId: number, nowMs: number): string {
    const token = newReferenceToken(this.#options.randomBytes);
    this.#db
      .prepare("INSERT INTO vetting_reference_tokens (token_hash, reference_id, issued_at) VALUES (?, ?, ?)")
      .run(hashReferenceToken(token), referenceId, iso(nowMs));
    return token;
  }

  #invite(applicationId: number, position: number, reference: ReferenceInput, providerName: string, nowMs: number) {
    const expiresMs = nowMs + this.#options.referenceLifetimeDays * DAY_MS;
    // The same referee for the same association already asked: the same referee group.
    const group = this.#db
      .prepare(
        `SELECT MIN(COALESCE(referee_group, id)) FROM vetting_references
          WHERE application_id = ? AND referee_email = ? AND UPPER(json_extract(details, '$.association_number')) = ?
            AND personal_data_erased_at IS NULL`
      )
      .pluck()
      .get(applicationId, reference.referee_email.toLowerCase(), reference.association_number.toUpperCase()) as number | null;
    const referenceId = Number(
      this.#db
        .prepare(
          `INSERT INTO vetting_references (application_id, position, details, referee_email, state, invited_at, expires_at, referee_group)
           VALUES (?, ?, ?, ?, 'invited', ?, ?, ?)`
        )
        .run(
          applicationId,
          position,
          JSON.stringify(reference),
          reference.referee_email.toLowerCase(),
          iso(nowMs),
          iso(expiresMs),
          group
        ).lastInsertRowid
    );
    const token = this.#issueToken(referenceId, nowMs);
    this.#mail(
      {
        dedupeKey: `reference:${referenceId}:invitation`,
        to: reference.referee_email,
        template: "reference_invitation",
        locale: "fr",
        params: {
          referee_name: reference.referee_name,
          provider_name: providerName,
          association_name: reference.association_name,
          link: forumLinks(this.#options.forumBaseUrl).reference(token),
          expires_on: iso(expiresMs).slice(0, 10),
        },
      },
      nowMs
    );
  }

  invite(id: number, inviter: ActingUser, username: string, nowMs: number): void {
    this.#db
      .prepare(
        `INSERT INTO vetting_team_invitations (application_id, username_key, username, invited_by, invited_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (username_key, application_id) DO UPDATE SET invited_by = excluded.invited_by, invited_at = excluded.invited_at`
      )
      .run(id, username.toLowerCase(), username, inviter.username, iso(nowMs));
  }

  /** The invited member joins the team; false when there is no such invitation. */
  acceptInvitation(id: number, user: ActingUser, nowMs: number): boolean {
    return this.#db.transaction(() => {
      const removed = this.#db
        .prepare("DELETE FROM vetting_team_invitations WHERE application_id = ? AND username_key = ?")
        .run(id, user.username.toLowerCase()).changes;
      if (removed === 0) return false;
      if (this.applicationIdOf(user.id) !== undefined)
        throw new ConflictError("already_in_team", "you already belong to a structure's team");
      this.#db
        .prepare(
          "INSERT INTO vetting_team_members (user_id, application_id, username, role, joined_at) VALUES (?, ?, ?, 'member', ?)"
        )
        .run(user.id, id, user.username, iso(nowMs));
      return true;
    })();
  }

  // ── Writes by referees ──────────────────────────────────────────────────────────────

  answer(referenceId: number, answer: QuestionnaireAnswer, nowMs: number): void {
    this.#db.transaction(() => {
      const ref = this.#openReference(referenceId, "answer", nowMs);
      this.#db
        .prepare("UPDATE vetting_references SET state = 'answered', answered_at = ?, answer = ? WHERE id = ?")
        .run(iso(nowMs), JSON.stringify(answer), ref.id);
      const app = this.#row(ref.application_id)!;
      const details = JSON.parse(ref.details) as ReferenceInput;
      const structure = JSON.parse(app.structure) as StructureDraft;
      if (structure.contact_email)
        this.#mail(
          {
            dedupeKey: `reference:${ref.id}:answered`,
            to: structure.contact_email,
            template: "reference_answered",
            locale: localeOf(app.locale),
            params: {
              provider_name: structure.name ?? "",
              association_name: details.association_name,
              link: forumLinks(this.#options.forumBaseUrl).myStructure(),
            },
          },
          nowMs
        );
      this.#settle(ref.application_id, nowMs);
    })();
  }

  decline(referenceId: number, reason: string, nowMs: number): void {
    this.#db.transaction(() => {
      const ref = this.#openReference(referenceId, "decline", nowMs);
      this.#db
        .prepare("UPDATE vetting_references SET state = 'declined', declined_at = ?, decline_reason = ? WHERE id = ?")
        .run(iso(nowMs), reason === "" ? null : reason, ref.id);
      this.#settle(ref.application_id, nowMs);
    })();
  }

  confirmOrganisation(referenceId: number, confirmation: OrganisationConfirmation, nowMs: number): void {
    this.#db.transaction(() => {
      const ref = this.#openReference(referenceId, "confirm_organisation", nowMs);
      this.#db
        .prepare("UPDATE vetting_references SET organisation_confirmation = ? WHERE id = ?")
        .run(JSON.stringify(confirmation), ref.id);
    })();
  }

  saveProConnectLogin(referenceId: number, pending: PendingLogin, nowMs: number): void {
    this.#db
      .prepare(
        "INSERT INTO vetting_proconnect_logins (state, reference_id, nonce, code_verifier, redirect_uri, created_at) VALUES (?, ?, ?, ?, ?, ?)"
      )
      .run(pending.state, referenceId, pending.nonce, pending.codeVerifier, pending.redirectUri, iso(nowMs));
  }

  /** The login under way for this OpenID state (used once: it is removed). */
  takeProConnectLogin(
    state: string,
    notBeforeMs: number
  ): { referenceId: number; pending: PendingLogin } | undefined {
    return this.#db.transaction(() => {
      const row = this.#db
        .prepare("SELECT * FROM vetting_proconnect_logins WHERE state = ?")
        .get(state) as
        | {
            state: string;
            reference_id: number;
            nonce: string;
            code_verifier: string;
            redirect_uri: string;
            created_at: string;
          }
        | undefined;
      if (!row) return undefined;
      this.#db.prepare("DELETE FROM vetting_proconnect_logins WHERE state = ?").run(state);
      if (row.created_at < iso(notBeforeMs)) return undefined;
      return {
        referenceId: row.reference_id,
        pending: {
          state: row.state,
          nonce: row.nonce,
          codeVerifier: row.code_verifier,
          redirectUri: row.redirect_uri,
        },
      };
    })();
  }

  // ── Time: reminders and expiry ──────────────────────────────────────────────────────

  /**
   * Records what time has done to one application's references (expired links; the
   * application then in review) — called before reading it, so that nothing depends on
   * the periodic sweep having run.
   */
  catchUp(applicationId: number, nowMs: number): void {
    this.#db.transaction(() => {
      this.#expireDue(applicationId, nowMs);
      // Referee data past its retention period is erased before anyone reads it.
      eraseDueRefereeData(this.#db, nowMs, this.#retentionDays, applicationId);
    })();
  }

  /** Records the expiry of the application's links past their date (the application then in review). */
  #expireDue(applicationId: number, nowMs: number): void {
    const due = this.#db
      .prepare(
        "SELECT id, state FROM vetting_references WHERE application_id = ? AND state IN ('invited', 'reminded') AND expires_at <= ?"
      )
      .all(applicationId, iso(nowMs)) as { id: number; state: ReferenceState }[];
    if (due.length === 0) return;
    for (const ref of due) this.#expire(ref.id, ref.state);
    this.#settle(applicationId, nowMs);
  }

  /**
   * The periodic sweep: reminders that are due, then expiries, then referee data past its
   * retention period. Returns what it did.
   */
  sweep(nowMs: number): { reminded: number; expired: number; erased: number } {
    return this.#db.transaction(() => {
      let reminded = 0;
      const open = this.#db
        .prepare("SELECT * FROM vetting_references WHERE state IN ('invited', 'reminded') AND expires_at > ?")
        .all(iso(nowMs)) as ReferenceRow[];
      for (const ref of open) {
        // Reminders whose day has come; after a long pause only one mail goes out for all.
        const due = this.#options.reminderDays.filter(
          (day) => Date.parse(ref.invited_at) + day * DAY_MS <= nowMs
        ).length;
        if (due <= ref.reminders_sent) continue;
        const next = this.#referenceTransition(ref.state, "remind");
        this.#db
          .prepare("UPDATE vetting_references SET state = ?, reminders_sent = ? WHERE id = ?")
          .run(next, due, ref.id);
        this.#remindMail(ref, due, nowMs);
        reminded += 1;
      }
      const applications = this.#db
        .prepare(
          "SELECT DISTINCT application_id FROM vetting_references WHERE state IN ('invited', 'reminded') AND expires_at <= ?"
        )
        .pluck()
        .all(iso(nowMs)) as number[];
      let expired = 0;
      for (const applicationId of applications) {
        const before = this.#db
          .prepare("SELECT COUNT(*) FROM vetting_references WHERE application_id = ? AND state = 'expired'")
          .pluck();
        const count = before.get(applicationId) as number;
        this.#expireDue(applicationId, nowMs);
        expired += (before.get(applicationId) as number) - count;
      }
      const erased = eraseDueRefereeData(this.#db, nowMs, this.#retentionDays).references;
      return { reminded, expired, erased };
    })();
  }

  #remindMail(ref: ReferenceRow, reminderNumber: number, nowMs: number): void {
    // Tokens are not kept in clear: a reminder carries a new link; the invitation's link
    // keeps working until the reference closes.
    const token = this.#issueToken(ref.id, nowMs);
    const details = JSON.parse(ref.details) as ReferenceInput;
    const app = this.#row(ref.application_id)!;
    const structure = JSON.parse(app.structure) as StructureDraft;
    this.#mail(
      {
        dedupeKey: `reference:${ref.id}:reminder:${reminderNumber}`,
        to: details.referee_email,
        template: "reference_reminder",
        locale: "fr",
        params: {
          referee_name: details.referee_name,
          provider_name: structure.name ?? "",
          association_name: details.association_name,
          link: forumLinks(this.#options.forumBaseUrl).reference(token),
          expires_on: ref.expires_at.slice(0, 10),
        },
      },
      nowMs
    );
  }

  // ── Writes by moderators (src/store/review.ts runs them inside its transaction) ─────

  /**
   * A moderator's decision on the application, through its state machine: the new state
   * is logged and the applicant mailed; the reason of a request for changes or a refusal
   * is kept for the applicant to read.
   */
  decide(
    id: number,
    action: "approve" | "reject" | "request_changes" | "suspend" | "reopen",
    actor: string,
    reason: string | null,
    nowMs: number
  ): ApplicationState {
    return this.#db.transaction(() => {
      const row = this.#row(id)!;
      const next = this.#transition(row.state, action);
      if (action === "request_changes" || action === "reject")
        this.#db.prepare("UPDATE vetting_applications SET moderator_reason = ? WHERE id = ?").run(reason, id);
      this.#setState(id, row.state, next, action, actor, reason, iso(nowMs));
      return next;
    })();
  }

  /** A new link for a questionnaire still open, valid for a full lifetime from now. */
  renewLink(referenceId: number, nowMs: number): void {
    this.#db.transaction(() => {
      const ref = this.#openReference(referenceId, "remind", nowMs);
      const expiresMs = nowMs + this.#options.referenceLifetimeDays * DAY_MS;
      this.#db
        .prepare("UPDATE vetting_references SET expires_at = ?, invited_at = ?, reminders_sent = 0 WHERE id = ?")
        .run(iso(expiresMs), iso(nowMs), ref.id);
      this.#invitationMail(this.referenceById(ref.id)!, nowMs, `resend:${nowMs}`);
    })();
  }

  /** The same reference sent again as a new questionnaire; returns the new reference's id. */
  inviteAgain(referenceId: number, nowMs: number): number {
    return this.#db.transaction(() => {
      const ref = this.referenceById(referenceId)!;
      // The caller checks first (review.ts answers 422): an erased referee has no address.
      if (ref.personal_data_erased_at !== null) throw new Error(`the referee of reference ${referenceId} was erased`);
      const app = this.#row(ref.application_id)!;
      const position =
        (this.#db.prepare("SELECT MAX(position) FROM vetting_references WHERE application_id = ?").pluck().get(app.id) as number) + 1;
      const structure = JSON.parse(app.structure) as StructureDraft;
      this.#invite(app.id, position, JSON.parse(ref.details) as ReferenceInput, structure.name ?? "", nowMs);
      return this.#db.prepare("SELECT MAX(id) FROM vetting_references WHERE application_id = ?").pluck().get(app.id) as number;
    })();
  }

  /** A moderator closes an open questionnaire (recorded as expired: its links stop working). */
  cancelReference(referenceId: number, nowMs: number): void {
    this.#db.transaction(() => {
      const ref = this.#openReference(referenceId, "expire", nowMs);
      this.#expire(ref.id, ref.state);
      this.#settle(ref.application_id, nowMs);
    })();
  }

  #invitationMail(ref: ReferenceRow, nowMs: number, key: string): void {
    const token = this.#issueToken(ref.id, nowMs);
    const details = JSON.parse(ref.details) as ReferenceInput;
    const structure = JSON.parse(this.#row(ref.application_id)!.structure) as StructureDraft;
    this.#mail(
      {
        dedupeKey: `reference:${ref.id}:${key}`,
        to: details.referee_email,
        template: "reference_invitation",
        locale: "fr",
        params: {
          referee_name: details.referee_name,
          provider_name: structure.name ?? "",
          association_name: details.association_name,
          link: forumLinks(this.#options.forumBaseUrl).reference(token),
          expires_on: ref.expires_at.slice(0, 10),
        },
      },
      nowMs
    );
  }

  // ── Internals ───────────────────────────────────────────────────────────────────────

  #openReference(referenceId: number, action: ReferenceAction, nowMs: number): ReferenceRow {
    const ref = this.referenceById(referenceId)!;
    const state = effectiveReferenceState(ref.state, Date.parse(ref.expires_at), nowMs);
    if (state !== ref.state) {
      // Expired while nobody looked: record it (and its consequences) before refusing.
      this.#expire(ref.id, ref.state);
      this.#settle(ref.application_id, nowMs);
    }
    this.#referenceTransition(state, action);
    return ref;
  }

  #expire(referenceId: number, state: ReferenceState): void {
    const next = this.#referenceTransition(state, "expire");
    this.#db.prepare("UPDATE vetting_references SET state = ? WHERE id = ?").run(next, referenceId);
  }

  /** When no reference is open any more, the application goes to review. */
  #settle(applicationId: number, nowMs: number): void {
    const row = this.#row(applicationId)!;
    if (row.state !== "references_pending") return;
    const open = this.referencesOf(applicationId).some((ref) => isOpenReference(ref.state));
    if (open) return;
    const next = this.#transition(row.state, "references_settled");
    this.#setState(applicationId, row.state, next, "references_settled", "service", null, iso(nowMs));
  }

  #transition(state: ApplicationState, action: ApplicationAction): ApplicationState {
    const result = applicationTransition(state, action);
    if (!result.ok) throw new WrongStateError(result.refusal);
    return result.to;
  }

  #referenceTransition(state: ReferenceState, action: ReferenceAction): ReferenceState {
    const result = referenceTransition(state, action);
    if (!result.ok) throw new WrongStateError(result.refusal);
    return result.to;
  }

  /** Writes a new state, logs it, and tells the applicant by mail. */
  #setState(
    id: number,
    from: ApplicationState,
    to: ApplicationState,
    action: string,
    actor: string,
    reason: string | null,
    at: string
  ): void {
    this.#db
      .prepare("UPDATE vetting_applications SET state = ?, updated_at = ? WHERE id = ?")
      .run(to, at, id);
    const eventId = this.#event(id, actor, action, from, to, reason, at);
    const row = this.#row(id)!;
    const structure = JSON.parse(row.structure) as StructureDraft;
    const status = STATUS_MAILED[to];
    // The service knows no member's address: the structure's contact address receives it.
    if (from !== to && status !== null && structure.contact_email && structure.name)
      this.#mail(
        {
          dedupeKey: `application:${id}:event:${eventId}`,
          to: structure.contact_email,
          template: "application_status_changed",
          locale: localeOf(row.locale),
          params: {
            provider_name: structure.name,
            status,
            ...(reason ? { reason } : {}),
            link: forumLinks(this.#options.forumBaseUrl).myStructure(),
          },
        },
        Date.parse(at)
      );
  }

  #event(
    id: number,
    actor: string,
    action: string,
    from: ApplicationState | null,
    to: ApplicationState,
    reason: string | null,
    at: string
  ): number {
    return Number(
      this.#db
        .prepare(
          "INSERT INTO vetting_events (application_id, at, actor, action, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        .run(id, at, actor, action, from, to, reason).lastInsertRowid
    );
  }

  #mail(mail: VettingMail, nowMs: number): void {
    this.#options.enqueueMail(this.#db, mail, new Date(nowMs));
  }
}

/** The same referee for the same association is the same reference. */
function referenceKey(reference: ReferenceInput): string {
  return `${reference.referee_email.toLowerCase()}\u0000${reference.association_number.toUpperCase()}`;
}

function referenceView(ref: ReferenceRow, withAnswers: boolean): ReferenceView {
  // Erased: referee_name and referee_email are null in the details, the comment in the answer.
  const details = JSON.parse(ref.details) as ReferenceView;
  return {
    ...details,
    id: ref.id,
    referee_group: ref.referee_group ?? ref.id,
    personal_data_erased_at: ref.personal_data_erased_at,
    state: ref.state,
    invited_at: ref.invited_at,
    expires_at: ref.expires_at,
    reminders_sent: ref.reminders_sent,
    answered_at: ref.answered_at,
    declined_at: ref.declined_at,
    organisation_confirmation: ref.organisation_confirmation
      ? (JSON.parse(ref.organisation_confirmation) as OrganisationConfirmation)
      : null,
    answer: withAnswers && ref.answer ? (JSON.parse(ref.answer) as QuestionnaireAnswer) : null,
    decline_reason: withAnswers ? ref.decline_reason : null,
  };
}

/** The periodic sweep (reminders, expiries, referee data past retention) over the whole database. */
export function sweepReferences(
  db: Db,
  now: Date,
  options: VettingOptions
): { reminded: number; expired: number; erased: number } {
  return new VettingStore(db, options).sweep(now.getTime());
}
