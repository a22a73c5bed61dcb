// make bench: builds a 10,000-provider database, loads three servers at the same
// concurrency with autocannon and prints one JSON object (p50/p99 latency in ms,
// requests/s, and the ratios of the signed search to the bare Express route).
import autocannon from "autocannon";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { sha256Hex, sign } from "../src/domain/signature.ts";
import { ProviderStore } from "../src/store/providers.ts";
import { openDirectory, TaxonomyCatalog } from "../src/store/directory.ts";
import { syntheticProviders } from "./synthetic-providers.ts";

const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECRET = randomBytes(32).toString("hex");
const SEARCH = "q=equipe&support=formation&modality=a-distance&size=petite";

const dir = mkdtempSync(join(tmpdir(), "directory-bench-"));
const dbPath = join(dir, "bench.sqlite");
const started = performance.now();
const db = openDirectory(dbPath);
const catalog = new TaxonomyCatalog(db);
new ProviderStore(db, () => catalog).importAll(syntheticProviders(PROVIDERS), new Date());
db.close();
const buildSeconds = (performance.now() - started) / 1000;

const servers = fork(join(import.meta.dirname, "servers.ts"), [dbPath, SECRET], {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const urls = await new Promise<{ a: string; b: string; c: string }>((resolve, reject) => {
  servers.once("message", (m) => resolve(m as { a: string; b: string; c: string }));
  servers.once("exit", (code) => reject(new Error(`bench servers exited with ${code}`)));
});

/** Each request gets a fresh timestamp and nonce, as the plugin's proxy sends them. */
function signedHeaders(path: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("base64url");
  const parts = { method: "GET", pathWithQuery: path, timestamp, nonce, bodySha256: sha256Hex(""), userHeader: "" };
  return {
    "x-directory-timestamp": timestamp,
    "x-directory-nonce": nonce,
    "x-directory-signature": sign(parts, SECRET),
  };
}

async function load(url: string, path: string, signed: boolean) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: "GET",
        path,
        setupRequest: (request) => (signed ? { ...request, headers: { ...request.headers, ...signedHeaders(path) } } : request),
      },
    ],
  });
  const ok = result["2xx"];
  if (result.non2xx > 0 || result.errors > 0 || ok === 0) {
    throw new Error(`${url}${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${ok} ok`);
  }
  return {
    // autocannon's percentiles are whole milliseconds; the mean keeps fractions.
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    mean_ms: Number(result.latency.mean.toFixed(3)),
    requests_per_s: Math.round(result.requests.average),
    requests: ok,
  };
}

try {
  const a = await load(urls.a, "/hello", false);
  const b = await load(urls.b, `/raw?${SEARCH}`, false);
  const c = await load(urls.c, `/v1/providers?${SEARCH}`, true);
  const ratio = (x: number, y: number) => (y > 0 ? Number((x / y).toFixed(2)) : null);
  const ratios = {
    // null when a's p50 is under autocannon's 1 ms resolution: then compare means.
    c_over_a_p50: ratio(c.p50_ms, a.p50_ms),
    c_over_a_mean_latency: ratio(c.mean_ms, a.mean_ms),
    c_over_a_throughput: ratio(c.requests_per_s, a.requests_per_s),
  };
  const latencyRatio = ratios.c_over_a_p50 ?? ratios.c_over_a_mean_latency;
  const report = {
    machine: {
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? "unknown",
      memory_gib: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    providers: PROVIDERS,
    database_build_s: Number(buildSeconds.toFixed(1)),
    connections: CONNECTIONS,
    duration_s: DURATION_S,
    search: `GET /v1/providers?${SEARCH} (signed, with facets)`,
    a_express_hello: a,
    b_raw_sqlite_search: b,
    c_signed_search: c,
    ratios,
    goals: {
      c_p50_at_most_2x_a: latencyRatio !== null && latencyRatio <= 2,
      c_throughput_at_least_half_a: (ratios.c_over_a_throughput ?? 0) >= 0.5,
    },
  };
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} finally {
  servers.disconnect();
  servers.kill();
  rmSync(dir, { recursive: true, force: true });
}
