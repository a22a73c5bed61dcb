// The mail outbox: mails are queued in SQLite with the change that causes them and sent
// later by a worker, so a business write and its mail commit (or roll back) together.
//
// Delivery is at least once. What can and cannot be avoided:
// - Two workers, or a worker and its own restart, never send the same row at the same
//   time: a worker claims due rows with a lease (status 'sending', lease_until) in one
//   UPDATE, and only the holder of that claim (same row, same attempt number) may record
//   the outcome.
// - A crash after the SMTP server accepted a mail (250 after DATA) but before the row is
//   marked sent cannot be told apart from a crash before sending: the SMTP conversation
//   and the SQLite commit are two systems with no shared transaction. Once the lease
//   expires the row is sent again. That duplicate is unavoidable; what we ensure is that
//   it is recognisable: the Message-ID header is derived from the dedupe key, so both
//   copies carry the same Message-ID and mail clients and servers that de-duplicate on it
//   show one message.
import { createHash } from "node:crypto";
import type { Db } from "../store/database.ts";
import {
  MailLocale,
  MailTemplate,
  parseMailParams,
  renderMail,
  type MailParams,
} from "./templates.ts";

export type OutboxStatus = "pending" | "sending" | "sent" | "failed";

export type OutboxMail = {
  [T in MailTemplate]: {
    /** Same key, same mail: queuing it again does nothing (e.g. "reference:42:invitation"). */
    dedupeKey: string;
    to: string;
    template: T;
    locale: MailLocale;
    params: MailParams<T>;
  };
}[MailTemplate];

export interface OutboxRow {
  id: number;
  dedupe_key: string;
  to_address: string;
  template: string;
  locale: string;
  params: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  last_error: string | null;
  message_id: string | null;
  created_at: string;
  sent_at: string | null;
}

/** What the outbox needs from a transport; a nodemailer Transporter has it. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers?: Record<string, string>;
  }): Promise<{ messageId: string; response?: string }>;
}

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/**
 * Queues a mail. Must be called inside the caller's transaction (db.transaction), so that
 * the mail is stored only if the business change commits. Returns false when a mail with
 * the same dedupe key is already queued (or sent). Throws MailParamsError, before
 * anything is stored, when the template's parameters are wrong.
 */
export function enqueueMail(db: Db, mail: OutboxMail, now: Date): boolean {
  // Outside a transaction the mail could be stored without the change it announces (or
  // the other way round): refuse, so the mistake shows in the first test that makes it.
  if (!db.inTransaction)
    throw new Error("enqueueMail must run inside the transaction of the change it announces");
  const locale = MailLocale.parse(mail.locale);
  const template = MailTemplate.parse(mail.template);
  const params = parseMailParams(template, mail.params);
  if (!ADDRESS.test(mail.to)) throw new RangeError(`not a mail address: "${mail.to}"`);
  if (mail.dedupeKey.trim() === "") throw new RangeError("dedupeKey must not be empty");
  const at = now.toISOString();
  const result = db
    .prepare(
      `INSERT INTO outbox (dedupe_key, to_address, template, locale, params, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dedupe_key) DO NOTHING`
    )
    .run(mail.dedupeKey, mail.to, template, locale, JSON.stringify(params), at, at);
  return result.changes === 1;
}

/**
 * The Message-ID of a queued mail: a hash of its dedupe key (the key itself may name
 * people or records, so it is not shown) at the sender's domain. Same key, same id.
 */
export function messageIdFor(dedupeKey: string, from: string): string {
  const hash = createHash("sha256").update(dedupeKey).digest("hex").slice(0, 32);
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? "emancipasso.invalid";
  return `<${hash}@${domain}>`;
}

export interface DeliveryOptions {
  db: Db;
  transport: MailTransport;
  /** Sender, e.g. "Emancip'Asso <annuaire@example.org>" (MAIL_FROM). */
  from: string;
  now?: () => Date;
  /** In [0, 1); spreads retries so that a batch of failures does not retry in step. */
  random?: () => number;
  /** After this many attempts a mail is marked failed and kept for the admin. */
  maxAttempts?: number;
  batchSize?: number;
  /** How long a claim lasts: longer than one SMTP exchange can take. */
  leaseMs?: number;
  /** First retry delay; doubled at each attempt, capped at maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export const DELIVERY_DEFAULTS = {
  maxAttempts: 8,
  batchSize: 20,
  leaseMs: 5 * 60_000,
  baseBackoffMs: 60_000,
  maxBackoffMs: 6 * 3600_000,
} as const;

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

/**
 * Delay before attempt n+1 after n failed attempts: exponential, capped, with "equal
 * jitter" (half fixed, half random) so retries spread out but never come back at once.
 */
export function backoffMs(
  attempts: number,
  random: number,
  base: number = DELIVERY_DEFAULTS.baseBackoffMs,
  max: number = DELIVERY_DEFAULTS.maxBackoffMs
): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Claims due mails (leased), sends them, records each outcome. */
export async function deliverDueMail(options: DeliveryOptions): Promise<DeliveryReport> {
  const { db, transport, from } = options;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? DELIVERY_DEFAULTS.maxAttempts;
  const batchSize = options.batchSize ?? DELIVERY_DEFAULTS.batchSize;
  const leaseMs = options.leaseMs ?? DELIVERY_DEFAULTS.leaseMs;
  const base = options.baseBackoffMs ?? DELIVERY_DEFAULTS.baseBackoffMs;
  const max = options.maxBackoffMs ?? DELIVERY_DEFAULTS.maxBackoffMs;

  const report: DeliveryReport = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  const start = now();
  report.failed += abandonExpiredLeases(db, start, maxAttempts);
  const rows = claimDue(db, start, leaseMs, maxAttempts, batchSize);
  report.claimed = rows.length;

  for (const row of rows) {
    const messageId = messageIdFor(row.dedupe_key, from);
    let outcome: { ok: true; messageId: string } | { ok: false; error: string };
    try {
      const rendered = renderMail(
        row.template as MailTemplate,
        row.locale as MailLocale,
        JSON.parse(row.params)
      );
      const info = await transport.sendMail({
        from,
        to: row.to_address,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: { "Auto-Submitted": "auto-generated" },
      });
      outcome = { ok: true, messageId: info.messageId || messageId };
    } catch (error) {
      outcome = { ok: false, error: describeError(error) };
    }
    const at = now();
    if (outcome.ok) {
      if (markSent(db, row, outcome.messageId, at)) report.sent += 1;
    } else if (row.attempts >= maxAttempts) {
      if (markFailed(db, row, outcome.error)) report.failed += 1;
    } else {
      const retryAt = new Date(at.getTime() + backoffMs(row.attempts, random(), base, max));
      if (markRetry(db, row, outcome.error, retryAt)) report.retried += 1;
    }
  }
  return report;
}

/**
 * One UPDATE picks and leases the due rows: pending ones whose time has come, and
 * 'sending' ones whose lease ran out (their worker died). The attempt counter goes up
 * at claim time, so a mail that keeps killing its worker still runs out of attempts.
 */
function claimDue(
  db: Db,
  now: Date,
  leaseMs: number,
  maxAttempts: number,
  batchSize: number
): OutboxRow[] {
  const at = now.toISOString();
  return db
    .prepare(
      `UPDATE outbox
          SET status = 'sending', lease_until = @lease, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM outbox
           WHERE attempts < @max
             AND ((status = 'pending' AND next_attempt_at <= @now)
               OR (status = 'sending' AND lease_until <= @now))
           ORDER BY next_attempt_at, id
           LIMIT @batch)
       RETURNING *`
    )
    .all({
      now: at,
      lease: new Date(now.getTime() + leaseMs).toISOString(),
      max: maxAttempts,
      batch: batchSize,
    }) as OutboxRow[];
}

/** Rows whose worker died on their last allowed attempt: failed, not sent again. */
function abandonExpiredLeases(db: Db, now: Date, maxAttempts: number): number {
  return db
    .prepare(
      `UPDATE outbox
          SET status = 'failed', lease_until = NULL,
              last_error = coalesce(last_error || ' / ', '') || 'worker stopped during the last attempt'
        WHERE status = 'sending' AND lease_until <= ? AND attempts >= ?`
    )
    .run(now.toISOString(), maxAttempts).changes;
}

// The outcome is recorded only by the holder of the claim: same row, still 'sending',
// same attempt number. A worker whose lease expired and whose row was claimed again
// changes nothing.
const HOLDER = "id = @id AND status = 'sending' AND attempts = @attempts";

function markSent(db: Db, row: OutboxRow, messageId: string, at: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'sent', sent_at = @at, message_id = @messageId,
                lease_until = NULL, last_error = NULL
          WHERE ${HOLDER}`
      )
      .run({ id: row.id, attempts: row.attempts, at: at.toISOString(), messageId }).changes === 1
  );
}

function markRetry(db: Db, row: OutboxRow, error: string, retryAt: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'pending', lease_until = NULL, last_error = @error,
                next_attempt_at = @retryAt
          WHERE ${HOLDER}`
      )
      .run({ id: row.id, attempts: row.attempts, error, retryAt: retryAt.toISOString() })
      .changes === 1
  );
}

function markFailed(db: Db, row: OutboxRow, error: string): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = @error
          WHERE ${HOLDER}`
      )
      .run({ id: row.id, attempts: row.attempts, error }).changes === 1
  );
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text = typeof code === "string" ? `${code}: ${error.message}` : error.message;
    return text.slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}

/** Mails that will not be sent any more, newest first: what the admin looks at. */
export function failedMail(db: Db, limit = 100): OutboxRow[] {
  return db
    .prepare("SELECT * FROM outbox WHERE status = 'failed' ORDER BY created_at DESC, id DESC LIMIT ?")
    .all(limit) as OutboxRow[];
}

export interface OutboxSummary {
  pending: number;
  sending: number;
  sent: number;
  failed: number;
  /** When the oldest mail still waiting was queued (null when none waits). */
  oldest_waiting_since: string | null;
}

/** Counts by status and the age of the backlog: what a health or admin page shows. */
export function outboxSummary(db: Db): OutboxSummary {
  const summary: OutboxSummary = { pending: 0, sending: 0, sent: 0, failed: 0, oldest_waiting_since: null };
  const counts = db.prepare("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status").all() as {
    status: OutboxStatus;
    n: number;
  }[];
  for (const { status, n } of counts) summary[status] = n;
  summary.oldest_waiting_since =
    (db
      .prepare("SELECT MIN(created_at) FROM outbox WHERE status IN ('pending', 'sending')")
      .pluck()
      .get() as string | null) ?? null;
  return summary;
}
