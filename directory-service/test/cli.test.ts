// The command line as people run it: configuration checks, the one stdout line, demo
// seeding into an empty database only, import/export sub-commands, graceful SIGTERM.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Health, SearchResponse } from "../src/contract/index.ts";
import { DEVELOPMENT_SHARED_SECRET, loadConfig } from "../src/config.ts";
import { openApiDocument } from "../src/http/openapi.ts";
import { openDirectory } from "../src/store/directory.ts";
import { SERVICE_VERSION } from "../src/version.ts";
import { DEMO_PROVIDERS_PATH, seedDemoIfEmpty } from "../src/service.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { signatureHeaders, newNonce } from "./helpers/service.ts";

const SERVICE_DIR = new URL("..", import.meta.url).pathname;
const TSX = join(SERVICE_DIR, "node_modules/.bin/tsx");
const SECRET = "cli-test-secret-0123456789abcdef0123456789";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "directory-cli-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
  return { ...env, ...extra };
}

describe("configuration", () => {
  it("refuses to start without a secret, or with a short one, outside development", () => {
    expect(() => loadConfig({})).toThrow(/DIRECTORY_SHARED_SECRET is required/);
    expect(() => loadConfig({ DIRECTORY_SHARED_SECRET: "" })).toThrow(/required/);
    expect(() => loadConfig({ DIRECTORY_SHARED_SECRET: "x".repeat(31) })).toThrow(/at least 32/);
    expect(() => loadConfig({ NODE_ENV: "development", DIRECTORY_SHARED_SECRET: "short" })).toThrow(
      /at least 32/
    );
  });

  it("uses the development secret only in development, and the documented defaults", () => {
    const config = loadConfig({ NODE_ENV: "development" });
    expect(config.secret).toBe(DEVELOPMENT_SHARED_SECRET);
    expect(config.port).toBe(4100);
    expect(config.host).toBe("127.0.0.1");
    expect(config.databasePath).toBe(join(SERVICE_DIR, "data/directory.sqlite"));
    expect(config.seedDemo).toBe(false);
    expect(
      loadConfig({
        DIRECTORY_SHARED_SECRET: SECRET,
        PORT: "0",
        DIRECTORY_SEED: "demo",
        DIRECTORY_DB: "/tmp/x.sqlite",
      })
    ).toMatchObject({
      port: 0,
      seedDemo: true,
      databasePath: "/tmp/x.sqlite",
    });
    expect(() => loadConfig({ DIRECTORY_SHARED_SECRET: SECRET, PORT: "http" })).toThrow(/PORT/);
    expect(() => loadConfig({ DIRECTORY_SHARED_SECRET: SECRET, DIRECTORY_SEED: "prod" })).toThrow(
      /DIRECTORY_SEED/
    );
  });

  it("exits non-zero with a message when the secret is missing", () => {
    const result = spawnSync(TSX, ["src/cli.ts", "serve"], {
      cwd: SERVICE_DIR,
      env: cleanEnv({ DIRECTORY_DB: join(dir, "db.sqlite"), PORT: "0" }),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("DIRECTORY_SHARED_SECRET");
  });
});

describe("demo seed", () => {
  it("loads the demo providers into an empty database only", () => {
    const db = openDirectory(join(dir, "demo.sqlite"));
    try {
      const seeded = seedDemoIfEmpty(db, DEMO_PROVIDERS_PATH);
      expect(seeded!.created).toBeGreaterThanOrEqual(40);
      expect(seedDemoIfEmpty(db, DEMO_PROVIDERS_PATH)).toBeNull();
      expect(db.prepare("SELECT COUNT(*) FROM providers").pluck().get()).toBe(seeded!.created);
    } finally {
      db.close();
    }
  });
});

describe("serve", () => {
  it("prints exactly one line with the address, serves demo data, and stops on SIGTERM", async () => {
    const child = spawn(TSX, ["src/cli.ts", "serve"], {
      cwd: SERVICE_DIR,
      env: cleanEnv({
        DIRECTORY_DB: join(dir, "serve.sqlite"),
        PORT: "0",
        DIRECTORY_SHARED_SECRET: SECRET,
        DIRECTORY_SEED: "demo",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code))
    );
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no listening line; stderr: ${stderr}`)),
        15_000
      );
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^directory-service listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    try {
      const health = Health.parse(await (await fetch(`${url}/healthz`)).json());
      expect(health.status).toBe("ok");
      const path = "/v1/providers?q=association&per_page=5";
      const headers = signatureHeaders("GET", path, Buffer.alloc(0), {
        secret: SECRET,
        timestamp: String(Math.floor(Date.now() / 1000)),
        nonce: newNonce(),
        userHeader: "",
      });
      const answer = await fetch(url + path, {
        headers: { ...headers, "X-Request-Id": "cli-request-1" },
      });
      expect(answer.headers.get("x-request-id")).toBe("cli-request-1");
      const search = SearchResponse.parse(await answer.json());
      expect(search.total).toBeGreaterThan(0);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
    // stderr holds the log: JSON lines only, the request among them.
    const logged = stderr
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: "info",
        request_id: "cli-request-1",
        method: "GET",
        route: "/v1/providers",
        status: 200,
      })
    );
    expect(stderr).not.toContain("association");
  });
});

/** `cli.ts serve` in its own process; resolves once it prints its address. */
async function serveProcess(env: Record<string, string>) {
  const child = spawn(TSX, ["src/cli.ts", "serve"], {
    cwd: SERVICE_DIR,
    env: cleanEnv({ PORT: "0", DIRECTORY_SHARED_SECRET: SECRET, LOG_LEVEL: "warn", ...env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 15_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

describe("restart", () => {
  it("refuses, after a restart on the same database, a request the previous process served", async () => {
    const env = { DIRECTORY_DB: join(dir, "restart.sqlite") };
    const path = "/v1/taxonomies";
    const headers = signatureHeaders("GET", path, Buffer.alloc(0), {
      secret: SECRET,
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: newNonce(),
      userHeader: "",
    });
    const first = await serveProcess(env);
    try {
      expect((await fetch(first.url + path, { headers })).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await serveProcess(env);
    try {
      const replayed = await fetch(second.url + path, { headers });
      expect(replayed.status).toBe(401);
      expect(await replayed.json()).toMatchObject({
        error: { code: "invalid_signature", details: [{ code: "nonce_replayed" }] },
      });
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});

describe("backup command", () => {
  it("copies the database into a new file that opens with the same providers, never over a file", () => {
    const env = cleanEnv({ DIRECTORY_DB: join(dir, "live.sqlite") });
    const file = join(dir, "providers.json");
    writeFileSync(file, JSON.stringify([makeProvider({ slug: "a-garder" })]));
    const run = (...args: string[]) =>
      spawnSync(TSX, ["src/cli.ts", ...args], { cwd: SERVICE_DIR, env, encoding: "utf8", timeout: 20_000 });
    expect(run("import", file).status).toBe(0);
    const target = join(dir, "backup.sqlite");
    const done = run("backup", target);
    expect(done.stderr).toBe("");
    expect(JSON.parse(done.stdout)).toEqual({ backup: target });
    const copy = openDirectory(target);
    try {
      expect(copy.prepare("SELECT slug FROM providers").pluck().all()).toEqual(["a-garder"]);
    } finally {
      copy.close();
    }
    const again = run("backup", target);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("already exists");
    expect(run("backup").stderr).toContain("usage");
  });
});

describe("openapi command", () => {
  it("prints the document the service publishes", () => {
    const printed = spawnSync(TSX, ["src/cli.ts", "openapi"], {
      cwd: SERVICE_DIR,
      env: cleanEnv({}),
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(printed.status).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(
      JSON.parse(JSON.stringify(openApiDocument(SERVICE_VERSION)))
    );
  });
});

describe("import and export commands", () => {
  it("imports a CSV file and exports it back as CSV and JSON", () => {
    const env = cleanEnv({ DIRECTORY_DB: join(dir, "cli.sqlite") });
    const file = join(dir, "providers.json");
    writeFileSync(
      file,
      JSON.stringify([makeProvider({ slug: "cli-un" }), makeProvider({ slug: "cli-deux" })])
    );
    const imported = spawnSync(TSX, ["src/cli.ts", "import", file], {
      cwd: SERVICE_DIR,
      env,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(imported.stderr).toBe("");
    expect(JSON.parse(imported.stdout)).toEqual({ created: 2, updated: 0 });

    const csv = spawnSync(TSX, ["src/cli.ts", "export", "--format", "csv"], {
      cwd: SERVICE_DIR,
      env,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(csv.status).toBe(0);
    expect(csv.stdout.startsWith("\uFEFFslug;name;")).toBe(true);
    const csvFile = join(dir, "export.csv");
    writeFileSync(csvFile, csv.stdout);
    const again = spawnSync(TSX, ["src/cli.ts", "import", csvFile], {
      cwd: SERVICE_DIR,
      env,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(JSON.parse(again.stdout)).toEqual({ created: 0, updated: 2 });

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify([{ slug: "x" }]));
    const refused = spawnSync(TSX, ["src/cli.ts", "import", bad], {
      cwd: SERVICE_DIR,
      env,
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("invalid_import");
    expect(refused.stderr).toContain("row 1");
  });
});
