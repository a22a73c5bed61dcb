// Used nonces of signed requests, in SQLite (docs/architecture.md, "Signed requests").
// Kept in the database rather than in memory so that a request captured on the wire cannot
// be replayed after a restart, nor against a second process serving the same file.
import type { NonceMemory } from "../domain/signature.ts";
import type { Db } from "./database.ts";

/** How often (seconds of the service clock) expired nonces are deleted. */
export const NONCE_PURGE_INTERVAL_SECONDS = 60;

export class SqliteNonceMemory implements NonceMemory {
  // One statement, so the check and the record are a single atomic write: of two
  // connections claiming the same nonce, exactly one changes a row. An expired row is
  // taken over rather than refused.
  readonly #claim;
  readonly #purge;
  #nextPurge = 0;

  constructor(db: Db) {
    this.#claim = db.prepare(
      `INSERT INTO used_nonces (nonce, expires_at) VALUES (?, ?)
       ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at
       WHERE used_nonces.expires_at < ?`
    );
    this.#purge = db.prepare("DELETE FROM used_nonces WHERE expires_at < ?");
  }

  claim(nonce: string, nowSeconds: number, expiresAtSeconds: number): boolean {
    // Purged at most once a minute: the table holds about a replay window's worth of rows,
    // and one scan of them (a few ms at 100 requests/s) is cheaper than an index that every
    // claim would have to write.
    if (nowSeconds >= this.#nextPurge) {
      this.#purge.run(nowSeconds);
      this.#nextPurge = nowSeconds + NONCE_PURGE_INTERVAL_SECONDS;
    }
    return this.#claim.run(nonce, expiresAtSeconds, nowSeconds).changes === 1;
  }
}
