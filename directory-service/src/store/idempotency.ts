// Idempotent writes: the first result of a write sent with an Idempotency-Key is kept for a
// bounded time, per user and route. The same key with the same body answers that result
// again; with another body it is refused. The lookup, the write and the record of its
// result share one BEGIN IMMEDIATE transaction, so two processes receiving the same key
// at once cannot both perform the write.
import { CofundingRefusal } from "../domain/cofunding-refusal.ts";
import type { Db } from "./database.ts";

export interface IdempotencyScope {
  userId: number;
  /** Method and path, e.g. "PUT /v1/cofunding/campaigns/12/pledges/mine". */
  route: string;
  key: string;
  bodySha256: string;
}

export interface StoredResult {
  status: number;
  /** The JSON body as sent. */
  body: string;
  replayed: boolean;
}

/** How long a key is remembered by default: one day. */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface KeyRow {
  body_sha256: string;
  status: number;
  response: string;
  created_at: number;
}

/**
 * Runs `write` at most once per (user, route, key) within `ttlMs`. A refusal thrown by
 * `write` rolls everything back and is not remembered: the request changed nothing, so
 * sending it again is evaluated afresh.
 */
export function runIdempotent(
  db: Db,
  scope: IdempotencyScope,
  nowMs: number,
  ttlMs: number,
  write: () => { status: number; body: unknown }
): StoredResult {
  const find = db.prepare<[number, string, string], KeyRow>(
    "SELECT body_sha256, status, response, created_at FROM idempotency_keys WHERE user_id = ? AND route = ? AND key = ?"
  );
  const save = db.prepare(
    `INSERT INTO idempotency_keys (user_id, route, key, body_sha256, status, response, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (user_id, route, key) DO UPDATE SET
       body_sha256 = excluded.body_sha256, status = excluded.status,
       response = excluded.response, created_at = excluded.created_at`
  );
  return db
    .transaction((): StoredResult => {
      const previous = find.get(scope.userId, scope.route, scope.key);
      if (previous && previous.created_at > nowMs - ttlMs) {
        if (previous.body_sha256 !== scope.bodySha256)
          throw new CofundingRefusal(
            "idempotency_conflict",
            "this Idempotency-Key was already used with another request body",
            [
              {
                field: "Idempotency-Key",
                code: "reused_with_other_body",
                message: "use a new key for a new request",
              },
            ]
          );
        return { status: previous.status, body: previous.response, replayed: true };
      }
      const result = write();
      const body = JSON.stringify(result.body);
      save.run(scope.userId, scope.route, scope.key, scope.bodySha256, result.status, body, nowMs);
      return { status: result.status, body, replayed: false };
    })
    .immediate();
}

/** Forgets keys older than the time they are kept for; returns how many. */
export function purgeIdempotencyKeys(db: Db, nowMs: number, ttlMs: number): number {
  return db.prepare("DELETE FROM idempotency_keys WHERE created_at <= ?").run(nowMs - ttlMs)
    .changes;
}
