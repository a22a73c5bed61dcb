// The request signature: the shared test vectors, then every way a request can fail it
// against the real middleware (401, nothing served, nothing written), then used nonces
// kept in SQLite across restarts and processes.
import Database from "better-sqlite3";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { canonicalString, sha256Hex, sign, verifySignedRequest } from "../src/domain/signature.ts";
import { createApp } from "../src/http/app.ts";
import { parseActingUser } from "../src/http/auth.ts";
import { listen } from "../src/http/server.ts";
import type { Db } from "../src/store/database.ts";
import { openDirectory } from "../src/store/directory.ts";
import {
  NONCE_PURGE_INTERVAL_SECONDS,
  openNonceDatabase,
  SqliteNonceMemory,
} from "../src/store/nonces.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import {
  ADMIN,
  MEMBER,
  TEST_SECRET,
  encodeUser,
  expectErrorShape,
  newNonce,
  signatureHeaders,
  startTestService,
  type TestService,
} from "./helpers/service.ts";

interface Vector {
  name: string;
  method: string;
  path_with_query: string;
  timestamp: string;
  nonce: string;
  body: string;
  body_sha256: string;
  user_header: string;
  canonical: string;
  signature: string;
}
const vectorsFile = JSON.parse(
  readFileSync(new URL("../../contract/signature-vectors.json", import.meta.url), "utf8")
) as {
  secret: string;
  user_example: unknown;
  vectors: Vector[];
};

describe("signature test vectors", () => {
  let memoryDb: Db;
  beforeAll(() => {
    memoryDb = openNonceDatabase(":memory:");
  });
  afterAll(() => memoryDb.close());

  it("has vectors to check", () => {
    expect(vectorsFile.vectors.length).toBeGreaterThanOrEqual(3);
  });

  for (const vector of vectorsFile.vectors) {
    it(`reproduces "${vector.name}"`, () => {
      expect(sha256Hex(Buffer.from(vector.body, "utf8"))).toBe(vector.body_sha256);
      const parts = {
        method: vector.method,
        pathWithQuery: vector.path_with_query,
        timestamp: vector.timestamp,
        nonce: vector.nonce,
        bodySha256: vector.body_sha256,
        userHeader: vector.user_header,
      };
      expect(canonicalString(parts)).toBe(vector.canonical);
      expect(sign(parts, vectorsFile.secret)).toBe(vector.signature);
      const check = verifySignedRequest(
        {
          method: vector.method,
          pathWithQuery: vector.path_with_query,
          body: Buffer.from(vector.body, "utf8"),
          timestamp: vector.timestamp,
          nonce: vector.nonce,
          userHeader: vector.user_header === "" ? undefined : vector.user_header,
          signature: vector.signature,
        },
        vectorsFile.secret,
        Number(vector.timestamp) + 10,
        new SqliteNonceMemory(memoryDb)
      );
      expect(check).toEqual({ ok: true });
    });
  }

  it("decodes the example user header to the example user", () => {
    const withUser = vectorsFile.vectors.find((v) => v.user_header !== "")!;
    expect(JSON.parse(Buffer.from(withUser.user_header, "base64url").toString("utf8"))).toEqual(
      vectorsFile.user_example
    );
  });

  it("refuses the reference example's older user shape, which lacks the Guardian's answers", () => {
    const withUser = vectorsFile.vectors.find((v) => v.user_header !== "")!;
    expect(() => parseActingUser(withUser.user_header)).toThrow(/does not describe a user/);
  });
});

describe("used nonces in SQLite", () => {
  let dir: string;
  const dbs: Db[] = [];
  const open = (name = "nonces.sqlite") => {
    const db = openNonceDatabase(join(dir, name));
    dbs.push(db);
    return db;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "directory-nonces-"));
  });
  afterEach(() => {
    for (const db of dbs.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("claims a nonce once, refuses it until it expires, then lets it be claimed again", () => {
    const nonces = new SqliteNonceMemory(open());
    expect(nonces.claim("abc", 900, 1000)).toBe(true);
    expect(nonces.claim("abc", 999, 1100)).toBe(false);
    expect(nonces.claim("abc", 1000, 1100)).toBe(false);
    expect(nonces.claim("other", 999, 1100)).toBe(true);
    expect(nonces.claim("abc", 1001, 1300)).toBe(true);
    expect(nonces.claim("abc", 1200, 1400)).toBe(false);
  });

  it("lets exactly one of two connections to one file claim a nonce", () => {
    const first = new SqliteNonceMemory(open());
    const second = new SqliteNonceMemory(open());
    const results = [first.claim("shared-nonce", 100, 500), second.claim("shared-nonce", 100, 500)];
    expect(results.sort()).toEqual([false, true]);
    expect(second.claim("shared-nonce", 200, 600)).toBe(false);
    expect(first.claim("another", 200, 600)).toBe(true);
    expect(second.claim("another", 200, 600)).toBe(false);
  });

  it("deletes expired nonces at most once per purge interval", () => {
    const db = open();
    const nonces = new SqliteNonceMemory(db);
    const rows = () => db.prepare("SELECT nonce FROM used_nonces ORDER BY nonce").pluck().all();
    nonces.claim("old-1", 100, 150);
    nonces.claim("old-2", 100, 155);
    nonces.claim("live", 100, 10_000);
    expect(rows()).toEqual(["live", "old-1", "old-2"]);
    // Within the interval of the first purge (at 100): nothing is deleted yet.
    nonces.claim("next", 100 + NONCE_PURGE_INTERVAL_SECONDS - 1, 10_000);
    expect(rows()).toEqual(["live", "next", "old-1", "old-2"]);
    nonces.claim("later", 100 + NONCE_PURGE_INTERVAL_SECONDS, 10_000);
    expect(rows()).toEqual(["later", "live", "next"]);
  });
});

describe("replays across restarts and processes", () => {
  let dir: string;
  const clock = { now: Date.UTC(2026, 10, 23, 12, 0, 0) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "directory-replay-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The service as the command line starts it: its own connection, its own app. */
  async function start(path: string) {
    const db = openDirectory(path);
    const listening = await listen(
      createApp({
        db,
        secret: TEST_SECRET,
        now: () => clock.now,
        log: () => {},
      }),
      0,
      "127.0.0.1"
    );
    return {
      url: listening.url,
      stop: async () => {
        await listening.close();
        db.close();
      },
    };
  }

  const captured = (path: string) =>
    signatureHeaders("GET", path, Buffer.alloc(0), {
      secret: TEST_SECRET,
      timestamp: String(Math.floor(clock.now / 1000)),
      nonce: newNonce(),
      userHeader: "",
    });

  it("refuses a request captured before a restart, replayed after it on the same database", async () => {
    const path = join(dir, "directory.sqlite");
    const headers = captured("/v1/taxonomies");
    const before = await start(path);
    try {
      expect((await fetch(`${before.url}/v1/taxonomies`, { headers })).status).toBe(200);
    } finally {
      await before.stop();
    }
    clock.now += 10_000;
    const after = await start(path);
    try {
      const response = await fetch(`${after.url}/v1/taxonomies`, { headers });
      expect(response.status).toBe(401);
      const error = expectErrorShape(await response.json());
      expect(error.code).toBe("invalid_signature");
      expect(error.details[0]?.code).toBe("nonce_replayed");
    } finally {
      await after.stop();
    }
  });

  it("serves the same request once when two services share a database file", async () => {
    const path = join(dir, "shared.sqlite");
    const [one, two] = [await start(path), await start(path)];
    try {
      for (let round = 0; round < 5; round++) {
        const headers = captured("/v1/taxonomies");
        const statuses = await Promise.all(
          [one, two].map(async (service) => {
            const response = await fetch(`${service.url}/v1/taxonomies`, {
              headers,
            });
            await response.arrayBuffer();
            return response.status;
          })
        );
        expect(statuses.sort()).toEqual([200, 401]);
      }
    } finally {
      await one.stop();
      await two.stop();
    }
  });
});

describe("signed requests over HTTP", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    service.seed([makeProvider({ slug: "atelier-libre", name: "Atelier Libre" })]);
  });
  afterAll(() => service.close());

  async function expectRefused(response: Response, reason: string) {
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const error = expectErrorShape(await response.json());
    expect(error.code).toBe("invalid_signature");
    expect(error.details[0]?.code).toBe(reason);
  }

  it("serves a correctly signed anonymous request", async () => {
    const response = await service.request("/v1/providers/atelier-libre");
    expect(response.status).toBe(200);
  });

  it("serves a correctly signed request with a user", async () => {
    const response = await service.request("/v1/providers/atelier-libre", {
      user: MEMBER,
    });
    expect(response.status).toBe(200);
  });

  it("refuses an unsigned request", async () => {
    await expectRefused(
      await service.request("/v1/providers/atelier-libre", { unsigned: true }),
      "signature_missing"
    );
  });

  for (const header of ["X-Directory-Timestamp", "X-Directory-Nonce", "X-Directory-Signature"]) {
    it(`refuses a request without ${header}`, async () => {
      const response = await service.request("/v1/providers", {
        tamper: ({ headers }) => void delete headers[header],
      });
      await expectRefused(response, "signature_missing");
    });
  }

  it("refuses a signature made with another secret", async () => {
    await expectRefused(
      await service.request("/v1/providers", {
        secret: "another-secret-0123456789abcdef0123456789",
      }),
      "signature_mismatch"
    );
  });

  it("refuses a malformed signature", async () => {
    const response = await service.request("/v1/providers", {
      tamper: ({ headers }) => void (headers["X-Directory-Signature"] = "sha256=abc"),
    });
    await expectRefused(response, "signature_malformed");
  });

  it("refuses a signature whose last hex digit was changed", async () => {
    const response = await service.request("/v1/providers", {
      tamper: ({ headers }) => {
        const signature = headers["X-Directory-Signature"]!;
        headers["X-Directory-Signature"] =
          signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");
      },
    });
    await expectRefused(response, "signature_mismatch");
  });

  it("refuses a request whose path or query changed after signing", async () => {
    await expectRefused(
      await service.request("/v1/providers?page=1", {
        tamper: (parts) => void (parts.pathWithQuery = "/v1/providers?page=2"),
      }),
      "signature_mismatch"
    );
    await expectRefused(
      await service.request("/v1/providers/atelier-libre", {
        tamper: (parts) => void (parts.pathWithQuery = "/v1/providers/autre"),
      }),
      "signature_mismatch"
    );
  });

  it("refuses a request whose user header changed after signing (no privilege escalation)", async () => {
    const response = await service.request("/v1/admin/providers/export", {
      user: MEMBER,
      tamper: ({ headers }) => void (headers["X-Directory-User"] = encodeUser(ADMIN)),
    });
    await expectRefused(response, "signature_mismatch");
  });

  it("refuses a request that adds a user header to an anonymous signature", async () => {
    const response = await service.request("/v1/admin/providers/export", {
      tamper: ({ headers }) => void (headers["X-Directory-User"] = encodeUser(ADMIN)),
    });
    await expectRefused(response, "signature_mismatch");
  });

  it("refuses a timestamp more than 300 s in the past or future, accepts one within", async () => {
    const now = Math.floor(service.clock.now / 1000);
    await expectRefused(
      await service.request("/v1/providers", { timestamp: now - 301 }),
      "timestamp_out_of_window"
    );
    await expectRefused(
      await service.request("/v1/providers", { timestamp: now + 301 }),
      "timestamp_out_of_window"
    );
    expect((await service.request("/v1/providers", { timestamp: now - 300 })).status).toBe(200);
    expect((await service.request("/v1/providers", { timestamp: now + 299 })).status).toBe(200);
  });

  it("refuses a malformed timestamp and a malformed nonce", async () => {
    await expectRefused(
      await service.request("/v1/providers", { timestamp: "yesterday" }),
      "timestamp_invalid"
    );
    await expectRefused(
      await service.request("/v1/providers", { nonce: "short" }),
      "nonce_invalid"
    );
  });

  it("refuses a nonce seen before within the window, even on another route", async () => {
    const nonce = newNonce();
    expect((await service.request("/v1/providers", { nonce })).status).toBe(200);
    await expectRefused(await service.request("/v1/providers", { nonce }), "nonce_replayed");
    await expectRefused(await service.request("/v1/taxonomies", { nonce }), "nonce_replayed");
  });

  it("does not burn a nonce on a refused request", async () => {
    const nonce = newNonce();
    await expectRefused(
      await service.request("/v1/providers", { nonce, secret: "x".repeat(40) }),
      "signature_mismatch"
    );
    expect((await service.request("/v1/providers", { nonce })).status).toBe(200);
  });

  it("refuses a body that does not match its hash, and writes nothing", async () => {
    const body = JSON.stringify([makeProvider({ slug: "intrus", name: "Intrus" })]);
    const response = await service.request("/v1/admin/providers/import", {
      method: "POST",
      user: ADMIN,
      body,
      contentType: "application/json",
      tamper: (parts) => void (parts.body = Buffer.from(body.replace("Intrus", "Intruse"))),
    });
    await expectRefused(response, "signature_mismatch");
    expect(
      service.db.prepare("SELECT COUNT(*) FROM providers WHERE slug = 'intrus'").pluck().get()
    ).toBe(0);
  });

  it("refuses a signed request whose user header is not a user", async () => {
    const response = await service.request("/v1/providers", {
      userHeader: "bm90LWpzb24",
    });
    expect(response.status).toBe(400);
    expect(expectErrorShape(await response.json()).code).toBe("invalid_user_header");
  });

  it("does not ask for a signature on /healthz and /openapi.json", async () => {
    expect((await service.request("/healthz", { unsigned: true })).status).toBe(200);
    expect((await service.request("/openapi.json", { unsigned: true })).status).toBe(200);
  });
});

describe("signed requests while another connection writes", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close().catch(() => undefined));

  // An import writes in one long transaction from its own connection. The nonce each signed
  // request records must not queue behind it (better-sqlite3 would block the event loop while
  // it waits, then fail the request).
  it("answers a signed search at once while the directory's file is locked for writing", async () => {
    const writer = new Database(service.dbPath);
    writer.pragma("busy_timeout = 0");
    writer.exec("BEGIN IMMEDIATE");
    try {
      // A nonce written to the locked file would wait out the busy timeout, then fail (500).
      const response = await service.request("/v1/providers?q=numerique");
      expect(response.status).toBe(200);
    } finally {
      writer.exec("ROLLBACK");
      writer.close();
    }
  });
});
