// Tells providers, at a fixed interval, of vetting tags about to expire and expired
// (docs/product.md, "Vetting"). Nothing else depends on it: public reads leave expired
// tags out by themselves; each notice is queued once (outbox key).
import { enqueueMail } from "./mail/outbox.ts";
import type { Db } from "./store/database.ts";
import { sendTagNotices } from "./store/review.ts";

export function startTagNoticeSweeper(
  db: Db,
  options: { forumBaseUrl: string; expiryNoticeDays: number },
  intervalMs: number,
  log: (line: string) => void
): { stop(): void } {
  const run = () => {
    try {
      const done = sendTagNotices(db, Date.now(), { ...options, enqueueMail });
      if (done.expiring > 0 || done.expired > 0) log(`vetting tags: ${JSON.stringify(done)}`);
    } catch (error) {
      log(`vetting tags: sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
