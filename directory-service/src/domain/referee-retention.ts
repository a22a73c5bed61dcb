// How long a referee's personal data is kept (docs/product.md, "Referees": "their personal
// data is kept only as long as needed"; docs/operations.md, "Referees' personal data").
// Pure: the application's state and decision time, its references and the clock are handed in.
//
// A referee's name, e-mail, comment and reason for declining serve the review: sending the
// questionnaire, and letting moderators check who answered. Once a moderator has decided
// (approved, rejected, suspended), they are kept for the retention period — time to reopen
// or to question a decision — then erased. One exception, the one the questionnaire asks
// consent for: while the provider is listed, a referee whose latest answer consented to it
// and was accepted by a moderator keeps their name and address, so that a re-verification
// can write to them again. Applications still being written or reviewed keep everything.
import type { ApplicationState, ReferenceState } from "../contract/index.ts";

export const DEFAULT_REFEREE_RETENTION_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The states where a moderator's decision ends the review. */
export const DECIDED_STATES: ReadonlySet<ApplicationState> = new Set(["listed", "rejected", "suspended"]);

/** What the rule needs to know of a reference. */
export interface RetainedReference {
  id: number;
  /** Same number, same referee for the same association. */
  group: number;
  state: ReferenceState;
  /** When it closed: answered, declined, or expired (its expiry); null while open. */
  closedAtMs: number | null;
  /** When a moderator last accepted or refused it; null if never. */
  decidedAtMs: number | null;
  accepted: boolean;
  /** The referee's answer consented to keeping their name and address. */
  consented: boolean;
  erased: boolean;
}

/**
 * The references whose referee data is due for erasure at `nowMs`: none before a decision;
 * after one, each reference once `retentionDays` have passed since the latest of the
 * decision, its closing and a moderator's decision on it. Already erased ones are left out,
 * so the answer for the same data is the same at every later time (a purge is idempotent).
 */
export function refereeDataDue(
  application: { state: ApplicationState; decidedAtMs: number },
  references: readonly RetainedReference[],
  retentionDays: number,
  nowMs: number
): number[] {
  if (!DECIDED_STATES.has(application.state)) return [];
  const kept = new Set<number>();
  if (application.state === "listed") {
    // While listed: the latest closed reference of each referee, when it consented and counts.
    const latest = new Map<number, RetainedReference>();
    for (const ref of references)
      if (ref.closedAtMs !== null && (latest.get(ref.group)?.id ?? 0) < ref.id) latest.set(ref.group, ref);
    for (const ref of latest.values()) if (ref.consented && ref.accepted) kept.add(ref.id);
  }
  const retentionMs = retentionDays * DAY_MS;
  return references
    .filter((ref) => {
      if (ref.erased || kept.has(ref.id)) return false;
      // A questionnaire still open is part of a review under way while listed (re-verification).
      if (ref.closedAtMs === null && application.state === "listed") return false;
      const since = Math.max(application.decidedAtMs, ref.closedAtMs ?? 0, ref.decidedAtMs ?? 0);
      return since + retentionMs <= nowMs;
    })
    .map((ref) => ref.id)
    .sort((a, b) => a - b);
}
