// make bench: searches while an admin imports a 10 MB file. The service (in its own
// process) answers the same signed search under load twice: alone (the floor) and while
// the import runs (checked and written in the import worker); prints one JSON object with
// both p99s and their ratio. Then what each bad file shape costs the import rules (time,
// peak memory), each measured in a fresh process.
import { fork, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { ActingUser, ImportJob, ProviderImportRecord } from "../src/contract/index.ts";
import { sha256Hex, sign } from "../src/domain/signature.ts";
import { readImport } from "../src/domain/provider-import.ts";
import { ProviderStore } from "../src/store/providers.ts";
import { openDirectory, TaxonomyCatalog } from "../src/store/directory.ts";
import { syntheticProviders } from "./synthetic-providers.ts";

const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 2_000);
const FLOOR_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const IMPORT_BYTES = 10 * 1000 * 1000;
const SEARCH = "/v1/providers?q=equipe&support=formation&modality=a-distance&size=petite";
const ADMIN: ActingUser = {
  id: 1,
  username: "admin",
  admin: true,
  moderator: true,
  directory_moderator: false,
  cofunding_moderator: false,
  trust_level: 4,
  locale: "fr",
};

/** About `bytes` of valid records: the synthetic directory with long descriptions. */
function importFile(bytes: number): { body: Buffer; records: number } {
  const base = syntheticProviders(4_000);
  const paragraph = "Accompagnement des associations vers des outils libres, pas à pas. ";
  const records: ProviderImportRecord[] = [];
  let size = 2;
  for (let i = 0; ; i++) {
    const source = base[i % base.length]!;
    const record = {
      ...source,
      slug: `import-${i}`,
      description: `${source.description}\n\n${paragraph.repeat(6)}`,
    };
    const length = Buffer.byteLength(JSON.stringify(record)) + 1;
    if (size + length > bytes) break;
    records.push(record);
    size += length;
  }
  return { body: Buffer.from(JSON.stringify(records)), records: records.length };
}

function signedHeaders(method: string, path: string, body: Buffer, secret: string, user?: ActingUser) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("base64url");
  const userHeader = user ? Buffer.from(JSON.stringify(user)).toString("base64url") : "";
  const parts = { method, pathWithQuery: path, timestamp, nonce, bodySha256: sha256Hex(body), userHeader };
  return {
    "x-directory-timestamp": timestamp,
    "x-directory-nonce": nonce,
    "x-directory-signature": sign(parts, secret),
    ...(user ? { "x-directory-user": userHeader } : {}),
  };
}

/**
 * Loads the search from CONNECTIONS concurrent clients, each sending its next request as
 * soon as the last one is answered, for `seconds` or until `until` settles. Every request
 * sent is waited for and counted (one held up by a blocked event loop too).
 */
async function searchLoad(
  url: string,
  secret: string,
  stop: { seconds: number } | { until: Promise<unknown> }
) {
  let running = true;
  if ("until" in stop) void stop.until.finally(() => (running = false));
  else setTimeout(() => (running = false), stop.seconds * 1000);
  const latencies: number[] = [];
  const client = async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(url + SEARCH, {
        headers: signedHeaders("GET", SEARCH, Buffer.alloc(0), secret),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`search answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, client));
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1));
  return { p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1), requests: latencies.length };
}

/** Posts the import; when it answers 202, follows its id until it ends. */
async function runImport(url: string, secret: string, body: Buffer) {
  const path = "/v1/admin/providers/import";
  const started = performance.now();
  const response = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...signedHeaders("POST", path, body, secret, ADMIN) },
    body: new Uint8Array(body),
  });
  let outcome = (await response.json()) as unknown;
  const answeredS = (performance.now() - started) / 1000;
  if (response.status === 202) {
    const jobPath = `/v1/admin/providers/imports/${(outcome as ImportJob).id}`;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const job = (await (
        await fetch(url + jobPath, { headers: signedHeaders("GET", jobPath, Buffer.alloc(0), secret, ADMIN) })
      ).json()) as ImportJob;
      if (job.state !== "running") {
        outcome = job.result ?? job.error;
        break;
      }
    }
  } else if (response.status !== 200) {
    throw new Error(`import answered ${response.status}: ${JSON.stringify(outcome).slice(0, 300)}`);
  }
  return {
    status: response.status,
    answered_s: Number(answeredS.toFixed(2)),
    done_s: Number(((performance.now() - started) / 1000).toFixed(2)),
    outcome,
  };
}

/** The bad shapes, each measured in a fresh process (`--shape <name>`). */
const SHAPES: Record<string, () => Buffer> = {
  "300 KB of empty records": () => Buffer.from(`[${Array(100_000).fill("{}").join(",")}]`),
  "1 MB of empty records": () => Buffer.from(`[${Array(350_000).fill("{}").join(",")}]`),
  "10 MB of empty records": () => Buffer.from(`[${Array(3_400_000).fill("{}").join(",")}]`),
  "5,000 empty records (15 KB)": () => Buffer.from(`[${Array(5_000).fill("{}").join(",")}]`),
  "one record with a 200,000-item list": () =>
    Buffer.from(JSON.stringify([{ ...syntheticProviders(1)[0], modalities: Array(200_000).fill("inconnu") }])),
  "10 MB of valid records (for scale: passes)": () => importFile(IMPORT_BYTES).body,
  "10 MB of nesting": () => Buffer.from(`[{"slug":${"[".repeat(5_000_000)}${"]".repeat(5_000_000)}}]`),
};

function measureShape(name: string): void {
  const db = openDirectory(":memory:");
  const catalog = new TaxonomyCatalog(db);
  const body = SHAPES[name]!();
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const result = readImport(body, "json", { known: catalog.known, regionOf: catalog.geography.regionOf });
  const ms = performance.now() - started;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      body_bytes: body.length,
      ms: Number(ms.toFixed(1)),
      peak_rss_mb: Math.round(peakMb),
      rss_before_mb: Math.round(rssBefore / 2 ** 20),
      errors: result.ok ? 0 : result.errors.length,
      first_error: result.ok ? null : result.errors[0],
    })
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "directory-import-bench-"));
  const dbPath = join(dir, "bench.sqlite");
  const secret = randomBytes(32).toString("hex");
  const db = openDirectory(dbPath);
  const catalog = new TaxonomyCatalog(db);
  new ProviderStore(db, () => catalog).importAll(syntheticProviders(PROVIDERS), new Date());
  db.close();
  const file = importFile(IMPORT_BYTES);

  const servers = fork(join(import.meta.dirname, "servers.ts"), [dbPath, secret], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  try {
    const urls = await new Promise<{ service: string }>((resolve, reject) => {
      servers.once("message", (m) => resolve(m as { service: string }));
      servers.once("exit", (code) => reject(new Error(`bench servers exited with ${code}`)));
    });
    const floor = await searchLoad(urls.service, secret, { seconds: FLOOR_SECONDS });
    const importing = runImport(urls.service, secret, file.body);
    const during = await searchLoad(urls.service, secret, { until: importing });
    const imported = await importing;

    const shapes: Record<string, unknown> = {};
    for (const name of Object.keys(SHAPES)) {
      const run = spawnSync(
        process.execPath,
        ["--import", "tsx", "--expose-gc", import.meta.filename, "--shape", name],
        { encoding: "utf8", timeout: 120_000 }
      );
      shapes[name] = run.status === 0 ? JSON.parse(run.stdout) : { failed: run.stderr.slice(-300) };
    }

    const report = {
      machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", node: process.version },
      directory_providers: PROVIDERS,
      connections: CONNECTIONS,
      search: `GET ${SEARCH} (signed, with facets)`,
      import: {
        body_bytes: file.body.length,
        records: file.records,
        http_status: imported.status,
        answered_s: imported.answered_s,
        done_s: imported.done_s,
        outcome: imported.outcome,
      },
      floor_no_import: floor,
      during_import: during,
      ratios: {
        p99_during_over_floor: floor.p99_ms > 0 ? Number((during.p99_ms / floor.p99_ms).toFixed(2)) : null,
      },
      bad_shapes: shapes,
    };
    process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } finally {
    servers.disconnect();
    servers.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const shapeIndex = process.argv.indexOf("--shape");
if (shapeIndex >= 0) measureShape(process.argv[shapeIndex + 1]!);
else await main();
