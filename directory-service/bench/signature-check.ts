// The signature check's cost per request, printed as JSON: the full check (HMAC, then the
// nonce claimed in the database's used_nonces table, on a file in WAL mode as served)
// against the same check with a nonce memory held in a Map (the floor), in the same run.
// Run: cd directory-service && pnpm exec tsx bench/signature-check.ts
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256Hex, sign, verifySignedRequest, type NonceMemory } from "../src/domain/signature.ts";

import { openNonceDatabase, SqliteNonceMemory } from "../src/store/nonces.ts";

const COUNT = Number(process.env.BENCH_REQUESTS ?? 20_000);
const SECRET = randomBytes(32).toString("hex");
const now = Math.floor(Date.now() / 1000);

class MapNonceMemory implements NonceMemory {
  readonly #expiries = new Map<string, number>();
  claim(nonce: string, nowSeconds: number, expiresAtSeconds: number): boolean {
    const expiry = this.#expiries.get(nonce);
    if (expiry !== undefined && expiry >= nowSeconds) return false;
    this.#expiries.set(nonce, expiresAtSeconds);
    return true;
  }
}

/** Distinct signed requests, as the plugin sends them (fresh nonce each). */
function requests(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const pathWithQuery = `/v1/providers?q=equipe&page=${i % 50}`;
    const nonce = randomBytes(16).toString("base64url");
    const timestamp = String(now);
    const signature = sign(
      {
        method: "GET",
        pathWithQuery,
        timestamp,
        nonce,
        bodySha256: sha256Hex(""),
        userHeader: "",
      },
      SECRET
    );
    return {
      method: "GET",
      pathWithQuery,
      body: new Uint8Array(),
      timestamp,
      nonce,
      userHeader: undefined,
      signature,
    };
  });
}

function microsPerCheck(nonces: NonceMemory): number {
  const batch = requests(COUNT);
  const started = performance.now();
  for (const request of batch) {
    if (!verifySignedRequest(request, SECRET, now, nonces).ok) throw new Error("refused");
  }
  return ((performance.now() - started) * 1000) / COUNT;
}

const dir = mkdtempSync(join(tmpdir(), "directory-bench-nonces-"));
const db = openNonceDatabase(join(dir, "bench.sqlite-nonces"));
try {
  // Warm both paths, then alternate so machine noise hits both alike.
  microsPerCheck(new MapNonceMemory());
  microsPerCheck(new SqliteNonceMemory(db));
  const floor: number[] = [];
  const sqlite: number[] = [];
  for (let round = 0; round < 3; round++) {
    floor.push(microsPerCheck(new MapNonceMemory()));
    sqlite.push(microsPerCheck(new SqliteNonceMemory(db)));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
  const result = {
    requests_per_round: COUNT,
    check_in_memory_us: Number(median(floor).toFixed(2)),
    check_sqlite_us: Number(median(sqlite).toFixed(2)),
    added_us_per_request: Number((median(sqlite) - median(floor)).toFixed(2)),
    ratio: Number((median(sqlite) / median(floor)).toFixed(2)),
  };
  process.stdout.write(JSON.stringify(result) + "\n");
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
