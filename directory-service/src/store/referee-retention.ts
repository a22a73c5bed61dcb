// Erasing referees' personal data once it is no longer needed (the rule: domain/referee-
// retention.ts; docs/operations.md, "Referees' personal data"). Run by the periodic sweep
// and before an application is read, so nothing depends on when a timer ran: what is due
// is computed from the stored times, and what is erased is marked, so running it again
// erases nothing more.
//
// For each reference due: the referee's name and e-mail (in the reference and in the
// team's draft), the answer's comment and the reason for declining are erased; a
// questionnaire still open is closed (expired); its links and ProConnect logins are
// removed, and so are the invitations and reminders in the outbox (they hold the address).
// Kept: the association, its number, the claim, the answer's facts, the organisation
// confirmed through ProConnect, the moderators' decisions. One entry per application in
// the review's audit log says how many references were erased, naming no one.
import type { ApplicationState, ReferenceDraft, ReferenceState } from "../contract/index.ts";
import { DEFAULT_REFEREE_RETENTION_DAYS, refereeDataDue, type RetainedReference } from "../domain/referee-retention.ts";
import { referenceTransition } from "../domain/vetting-states.ts";
import type { Db } from "./database.ts";

export { DEFAULT_REFEREE_RETENTION_DAYS };

/** The actor of the audit entries the service writes by itself. */
export const SERVICE_ACTOR = "service";

interface RetentionRow {
  id: number;
  referee_group: number | null;
  state: ReferenceState;
  answered_at: string | null;
  declined_at: string | null;
  expires_at: string;
  answer: string | null;
  personal_data_erased_at: string | null;
  decision: "accepted" | "refused" | null;
  decided_at: string | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

function closedAt(row: RetentionRow): number | null {
  if (row.state === "answered" && row.answered_at) return Date.parse(row.answered_at);
  if (row.state === "declined" && row.declined_at) return Date.parse(row.declined_at);
  if (row.state === "expired") return Date.parse(row.expires_at);
  return null;
}

/**
 * Erases what is due at `nowMs`, for one application or for all. Returns how many
 * applications and references it erased data of (0 and 0 when nothing was due).
 */
export function eraseDueRefereeData(
  db: Db,
  nowMs: number,
  retentionDays: number,
  applicationId?: number
): { applications: number; references: number } {
  return db.transaction(() => {
    const candidates = db
      .prepare(
        `SELECT a.id, a.state, a.review_version FROM vetting_applications a
          WHERE a.state IN ('listed', 'rejected', 'suspended') AND (@id IS NULL OR a.id = @id)
            AND EXISTS (SELECT 1 FROM vetting_references r
                         WHERE r.application_id = a.id AND r.personal_data_erased_at IS NULL)
          ORDER BY a.id`
      )
      .all({ id: applicationId ?? null }) as { id: number; state: ApplicationState; review_version: number }[];
    const done = { applications: 0, references: 0 };
    for (const application of candidates) {
      const erased = eraseApplication(db, application, nowMs, retentionDays);
      if (erased > 0) {
        done.applications += 1;
        done.references += erased;
      }
    }
    return done;
  })();
}

function eraseApplication(
  db: Db,
  application: { id: number; state: ApplicationState; review_version: number },
  nowMs: number,
  retentionDays: number
): number {
  const decidedAt = db
    .prepare("SELECT at FROM vetting_events WHERE application_id = ? ORDER BY id DESC LIMIT 1")
    .pluck()
    .get(application.id) as string | undefined;
  if (decidedAt === undefined) return 0;
  const rows = db
    .prepare(
      `SELECT r.id, r.referee_group, r.state, r.answered_at, r.declined_at, r.expires_at, r.answer,
              r.personal_data_erased_at, d.decision, d.decided_at
         FROM vetting_references r LEFT JOIN review_reference_decisions d ON d.reference_id = r.id
        WHERE r.application_id = ? ORDER BY r.id`
    )
    .all(application.id) as RetentionRow[];
  const references: RetainedReference[] = rows.map((row) => ({
    id: row.id,
    group: row.referee_group ?? row.id,
    state: row.state,
    closedAtMs: closedAt(row),
    decidedAtMs: row.decided_at ? Date.parse(row.decided_at) : null,
    accepted: row.decision === "accepted",
    consented: row.answer !== null && (JSON.parse(row.answer) as { consent_retention?: boolean }).consent_retention === true,
    erased: row.personal_data_erased_at !== null,
  }));
  const due = refereeDataDue({ state: application.state, decidedAtMs: Date.parse(decidedAt) }, references, retentionDays, nowMs);
  if (due.length === 0) return 0;

  const at = iso(nowMs);
  const erase = db.prepare(
    `UPDATE vetting_references
        SET state = @state,
            referee_email = '',
            details = json_set(details, '$.referee_name', json('null'), '$.referee_email', json('null')),
            answer = CASE WHEN answer IS NULL THEN NULL ELSE json_set(answer, '$.comment', json('null')) END,
            decline_reason = NULL,
            personal_data_erased_at = @at
      WHERE id = @id`
  );
  const dropTokens = db.prepare("DELETE FROM vetting_reference_tokens WHERE reference_id = ?");
  const dropLogins = db.prepare("DELETE FROM vetting_proconnect_logins WHERE reference_id = ?");
  const dropMails = db.prepare(
    "DELETE FROM outbox WHERE dedupe_key LIKE ? AND template IN ('reference_invitation', 'reference_reminder')"
  );
  for (const id of due) {
    const row = rows.find((r) => r.id === id)!;
    // A questionnaire still open closes: its links stop working with its referee's address.
    const open = row.state === "invited" || row.state === "reminded";
    const state = open ? expiredFrom(row.state) : row.state;
    erase.run({ id, state, at });
    dropTokens.run(id);
    dropLogins.run(id);
    dropMails.run(`reference:${id}:%`);
  }
  eraseFromDraft(db, application.id);

  const version = db
    .prepare("SELECT review_version FROM vetting_applications WHERE id = ?")
    .pluck()
    .get(application.id) as number;
  db.prepare(
    "INSERT INTO review_audit (application_id, at, actor, action, reason, reference_id, tag, before, after) VALUES (?, ?, ?, 'erase_referee_data', NULL, NULL, NULL, ?, ?)"
  ).run(
    application.id,
    at,
    SERVICE_ACTOR,
    JSON.stringify({ state: application.state, version: application.review_version, detail: {} }),
    JSON.stringify({
      state: application.state,
      version,
      detail: { references_erased: due.length, reference_ids: due.join(", "), retention_days: retentionDays },
    })
  );
  return due.length;
}

function expiredFrom(state: ReferenceState): ReferenceState {
  const result = referenceTransition(state, "expire");
  if (!result.ok) throw new Error(`a ${state} reference cannot be closed`);
  return result.to;
}

/**
 * The team's draft holds the referees' names and addresses too: those of referees whose
 * references are all erased are taken out (the draft's fields are optional; a team asked
 * for changes later types them again).
 */
function eraseFromDraft(db: Db, applicationId: number): void {
  const kept = new Set(
    db
      .prepare(
        "SELECT referee_email FROM vetting_references WHERE application_id = ? AND personal_data_erased_at IS NULL"
      )
      .pluck()
      .all(applicationId) as string[]
  );
  const draft = JSON.parse(
    db.prepare("SELECT draft_references FROM vetting_applications WHERE id = ?").pluck().get(applicationId) as string
  ) as ReferenceDraft[];
  let changed = false;
  const next = draft.map((entry) => {
    if (entry.referee_email !== undefined && kept.has(entry.referee_email.toLowerCase())) return entry;
    if (entry.referee_email === undefined && entry.referee_name === undefined) return entry;
    changed = true;
    const { referee_name: _name, referee_email: _email, ...rest } = entry;
    return rest;
  });
  if (changed)
    db.prepare("UPDATE vetting_applications SET draft_references = ? WHERE id = ?").run(JSON.stringify(next), applicationId);
}
