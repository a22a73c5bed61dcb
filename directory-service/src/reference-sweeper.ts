// Runs the references' sweep (reminders due, links expired, referees' personal data past its
// retention period erased) at a fixed interval. Nothing depends on it having run: reading a
// reference or an application records an expiry and erases what is due itself.
import { randomBytes } from "node:crypto";
import { enqueueMail } from "./mail/outbox.ts";
import type { Db } from "./store/database.ts";
import { sweepReferences, type VettingOptions } from "./store/vetting.ts";

export function startReferenceSweeper(
  db: Db,
  options: Pick<VettingOptions, "forumBaseUrl" | "referenceLifetimeDays" | "reminderDays" | "refereeRetentionDays">,
  intervalMs: number,
  log: (line: string) => void
): { stop(): void } {
  const run = () => {
    try {
      const done = sweepReferences(db, new Date(), { ...options, randomBytes, enqueueMail });
      if (done.reminded > 0 || done.expired > 0 || done.erased > 0) log(`references: ${JSON.stringify(done)}`);
    } catch (error) {
      log(`references: sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
