// The mails vetting sends go through the outbox (src/mail/outbox.ts) inside the transaction
// that makes the change: a mail is queued if and only if the change is committed. Handed
// in (not imported) so that the store stays independent of how mail is delivered.
import type { ApplicationState } from "../contract/index.ts";
import type { OutboxMail } from "../mail/outbox.ts";
import type { ApplicationStatus } from "../mail/templates.ts";
import type { Db } from "./database.ts";

export type VettingMail = OutboxMail;

export type EnqueueMail = (db: Db, mail: VettingMail, now: Date) => unknown;

/**
 * What the applicant is told for each state reached (null: nothing to tell). Waiting for
 * referees is, for the applicant, still "submitted".
 */
export const STATUS_MAILED: Record<ApplicationState, ApplicationStatus | null> = {
  draft: null,
  submitted: null,
  references_pending: "submitted",
  in_review: "in_review",
  changes_requested: "changes_requested",
  listed: "approved",
  rejected: "rejected",
  suspended: "suspended",
};
