// Records the QUnit fixtures from the real directory service: starts it on a free port with
// the demo data and a throw-away database, sends signed requests (as the forum's proxy
// does), and writes each answer to test/javascripts/fixtures/<name>.json as
// { request, status, body }. Run: node scripts/record-fixtures.ts (Node ≥ 24 strips types).
import { spawn } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(ROOT, "test/javascripts/fixtures");
const SECRET = randomBytes(32).toString("hex");
const START_TIMEOUT_MS = 60_000;

/** What each fixture asks the service (path with query, exactly as the plugin sends it). */
const REQUESTS: Record<string, string> = {
  taxonomies: "/v1/taxonomies",
  "search-default": "/v1/providers?per_page=20",
  "search-page-2": "/v1/providers?page=2&per_page=20",
  "search-support": "/v1/providers?support=diagnostic&per_page=20",
  "search-filtered": "/v1/providers?support=diagnostic&modality=a-distance&per_page=20",
  "search-text": "/v1/providers?q=hebergement&per_page=20",
  "search-empty": "/v1/providers?q=aucun-prestataire-zzz&per_page=20",
  // The request form's provider picker: a short first page of the words' matches.
  "search-picker-coop": "/v1/providers?q=coop&per_page=8",
  "search-picker-libre": "/v1/providers?q=libre&per_page=8",
  "search-picker-none": "/v1/providers?q=aucun-prestataire-zzz&per_page=8",
  "provider-coop-libre-armor": "/v1/providers/coop-libre-armor",
  "provider-horizon-commun-scic": "/v1/providers/horizon-commun-scic",
  "error-not-found": "/v1/providers/prestataire-inexistant",
  "error-unknown-parameter": "/v1/providers?couleur=rouge",
};

/** The engineering notes' signature: HMAC-SHA256 over method, path, timestamp, nonce, body hash, user. */
function signedHeaders(method: string, pathWithQuery: string, body = ""): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("base64url");
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const user = "";
  const canonical = [method.toUpperCase(), pathWithQuery, timestamp, nonce, bodyHash, user].join("\n");
  const signature = createHmac("sha256", SECRET).update(canonical).digest("hex");
  return {
    "X-Directory-Timestamp": timestamp,
    "X-Directory-Nonce": nonce,
    "X-Directory-Signature": `v1=${signature}`,
    Accept: "application/json",
  };
}

async function startService(databasePath: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    "pnpm",
    ["--filter", "@emancipasso/directory-service", "exec", "tsx", "src/cli.ts", "serve"],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DIRECTORY_SEED: "demo", DIRECTORY_DB: databasePath, DIRECTORY_SHARED_SECRET: SECRET, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    },
  );
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the service did not start in time")), START_TIMEOUT_MS);
    child.on("exit", (code) => reject(new Error(`the service exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /directory-service listening on (http:\/\/[^\s]+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ""));
      }
    });
  }).catch((error: unknown) => {
    stop();
    throw error;
  });
  return { url, stop };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "emancipasso-fixtures-"));
  const service = await startService(path.join(dir, "directory.sqlite"));
  try {
    for (const [name, pathWithQuery] of Object.entries(REQUESTS)) {
      const response = await fetch(service.url + pathWithQuery, { headers: signedHeaders("GET", pathWithQuery) });
      const body: unknown = await response.json();
      if (response.status === 401) {
        throw new Error(`the service refused the signature for ${pathWithQuery}: ${JSON.stringify(body)}`);
      }
      const fixture = { request: { method: "GET", path: pathWithQuery }, status: response.status, body };
      await writeFile(path.join(FIXTURES, `${name}.json`), JSON.stringify(fixture, null, 2) + "\n");
      console.log(`${name}: ${response.status} ${pathWithQuery}`);
    }
  } finally {
    service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
