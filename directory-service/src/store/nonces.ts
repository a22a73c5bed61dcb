// Used nonces of signed requests, in SQLite (docs/architecture.md, "Signed requests").
// Kept on disk rather than in memory so that a request captured on the wire cannot be
// replayed after a restart, nor against a second process serving the same file.
//
// They live in a file of their own beside the directory's database: every signed request
// writes one row, and a write to the main file would wait behind a long write transaction
// there (an import holds one for seconds) — with better-sqlite3 that wait blocks the event
// loop, so every search would stall, then fail, for as long as the import writes.
import Database from "better-sqlite3";
import type { NonceMemory } from "../domain/signature.ts";
import type { Db } from "./database.ts";

/** The nonce file of a directory database: "<path>-nonces" (in memory for ":memory:"). */
export function nonceDatabasePath(directoryPath: string): string {
  return directoryPath === ":memory:" || directoryPath === ""
    ? ":memory:"
    : `${directoryPath}-nonces`;
}

/** Opens (and creates when missing) the nonce file; it holds nothing worth migrating or backing up. */
export function openNonceDatabase(path: string): Db {
  const db = new Database(path);
  try {
    db.pragma("journal_mode = WAL");
    // Claims are one-row writes: another process holds the lock for microseconds.
    db.pragma("busy_timeout = 1000");
    // Each claim is handed to the operating system before the request is answered, so a
    // restart or a crash of the service loses none; only a crash of the machine itself
    // could lose the last seconds of claims. Syncing to disk as well would double the
    // cost of every signed request (bench/signature-check.ts: about 20 µs against 9).
    db.pragma("synchronous = OFF");
    db.exec(`CREATE TABLE IF NOT EXISTS used_nonces (
      nonce      TEXT PRIMARY KEY,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

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
