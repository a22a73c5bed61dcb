// make bench: builds a 10,000-provider database with French descriptions, loads the
// servers at the same concurrency with autocannon and prints one JSON object (p50/p99
// latency in ms, requests/s, and ratios to a floor measured in the same run).
//
// Two searches are measured:
// - cold mix: 30,000 distinct signed requests (see search-mix.ts), each sent once, so no
//   whole-answer cache can answer them; the floor is bare Express sending a JSON body of
//   the mix's median answer size to the same kind of requests;
// - hot: one signed search repeated (what the answer cache serves), against a bare
//   Express "hello" and Express around the raw SQLite query.
import autocannon from "autocannon";
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { SearchQuery } from "../src/contract/index.ts";
import { sha256Hex, sign } from "../src/domain/signature.ts";
import { openDirectory, TaxonomyCatalog } from "../src/store/directory.ts";
import { ProviderStore } from "../src/store/providers.ts";
import { searchMix } from "./search-mix.ts";
import type { ServerUrls } from "./servers.ts";
import { syntheticProviders } from "./synthetic-providers.ts";

const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 10_000);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const MIX_SIZE = Number(process.env.BENCH_QUERIES ?? 30_000);
const SECRET = randomBytes(32).toString("hex");
/** "cold": only the service under the cold mix (e.g. to profile it, see README). */
const ONLY = process.env.BENCH_ONLY;
const HOT_SEARCH = "q=equipe&support=formation&modality=a-distance&size=petite";

const dir = mkdtempSync(join(tmpdir(), "directory-bench-"));
const dbPath = join(dir, "bench.sqlite");
const started = performance.now();
const providers = syntheticProviders(PROVIDERS);
const db = openDirectory(dbPath);
const catalog = new TaxonomyCatalog(db);
const store = new ProviderStore(db, () => catalog);
store.importAll(providers, new Date());
const buildSeconds = (performance.now() - started) / 1000;

const mix = searchMix(providers, MIX_SIZE);
// The median answer size of the mix (a sample answered here, in this process).
const sizes = mix.paths
  .filter((_, i) => i % Math.max(1, Math.floor(mix.paths.length / 500)) === 0)
  .map((path) => {
    const answer = store.searchJson(queryOf(path), "fr");
    return { bytes: answer.length, answer };
  })
  .sort((a, b) => a.bytes - b.bytes);
const median = sizes[Math.floor(sizes.length / 2)]!;
const floorBodyPath = join(dir, "floor-body.json");
writeFileSync(floorBodyPath, median.answer);
const descriptionChars = providers.map((p) => p.description.length).sort((a, b) => a - b);
db.close();

const servers = fork(join(import.meta.dirname, "servers.ts"), [dbPath, SECRET, floorBodyPath], {
  execArgv: ["--import", "tsx", ...(process.env.BENCH_SERVER_NODE_OPTIONS?.split(" ").filter(Boolean) ?? [])],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const urls = await new Promise<ServerUrls>((resolve, reject) => {
  servers.once("message", (m) => resolve(m as ServerUrls));
  servers.once("exit", (code) => reject(new Error(`bench servers exited with ${code}`)));
});

/** A request path's query as Express's simple parser gives it to the route. */
function queryOf(path: string): SearchQuery {
  const params = new URLSearchParams(path.slice(path.indexOf("?") + 1));
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return SearchQuery.parse(query);
}

/** Each request gets a fresh timestamp and nonce, as the plugin's relay sends them. */
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

/** CPU microseconds the servers' process has used so far. */
function serverCpu(): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const cpu = (message as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      servers.off("message", onMessage);
      resolve(cpu.user + cpu.system);
    };
    servers.on("message", onMessage);
    servers.send("cpu");
  });
}

/**
 * Loads `url` with `paths` (in turn, each once, stopping when all were sent or after
 * DURATION_S), every request signed.
 */
async function load(url: string, paths: readonly string[], signed = true) {
  let next = 0;
  const cpuBefore = await serverCpu();
  // Without a callback autocannon's tracker is also a promise of the result.
  const tracker: Promise<autocannon.Result> & { stop(): void } = autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [
      {
        method: "GET",
        setupRequest: (request) => {
          const path = paths[next % paths.length]!;
          if (++next === paths.length && paths.length > 1) tracker.stop();
          return signed ? { ...request, path, headers: { ...request.headers, ...signedHeaders(path) } } : { ...request, path };
        },
      },
    ],
  }) as never;
  // autocannon's histogram keeps whole milliseconds; each response's own duration (from
  // process.hrtime) keeps the fractions that separate a 1.2 ms floor from a 1.9 ms one.
  const durations: number[] = [];
  (tracker as unknown as NodeJS.EventEmitter).on("response", (_client, status: number, _bytes, ms: number) => {
    if (status >= 200 && status < 300) durations.push(ms);
  });
  const result = await tracker;
  const cpuMs = ((await serverCpu()) - cpuBefore) / 1000;
  durations.sort((x, y) => x - y);
  const percentile = (p: number) => Number(durations[Math.min(durations.length - 1, Math.ceil((p / 100) * durations.length) - 1)]!.toFixed(2));
  const ok = result["2xx"];
  if (result.non2xx > 0 || result.errors > 0 || ok === 0) {
    throw new Error(`${url}${paths[0]}: ${result.non2xx} non-2xx, ${result.errors} errors, ${ok} ok`);
  }
  return {
    p50_ms: percentile(50),
    p99_ms: percentile(99),
    mean_ms: Number((durations.reduce((a, b) => a + b, 0) / durations.length).toFixed(3)),
    // The same as autocannon reports them, in whole milliseconds.
    whole_ms: { p50: result.latency.p50, p99: result.latency.p99 },
    requests_per_s: Math.round(ok / result.duration),
    requests: ok,
    server_cpu_ms_per_request: Number((cpuMs / ok).toFixed(3)),
  };
}

const ratio = (x: number, y: number) => (y > 0 ? Number((x / y).toFixed(2)) : null);

async function fullReport() {
  // Cold mix first, so that nothing it asks was answered before.
  const coldFloor = await load(urls.floor, mix.paths);
  const cold = await load(urls.service, mix.paths);
  const coldRatios = {
    p50_over_floor: ratio(cold.p50_ms, coldFloor.p50_ms),
    mean_latency_over_floor: ratio(cold.mean_ms, coldFloor.mean_ms),
    throughput_over_floor: ratio(cold.requests_per_s, coldFloor.requests_per_s),
    server_cpu_per_request_over_floor: ratio(cold.server_cpu_ms_per_request, coldFloor.server_cpu_ms_per_request),
  };

  const a = await load(urls.hello, ["/hello"], false);
  const b = await load(urls.raw, [`/raw?${HOT_SEARCH}`], false);
  const c = await load(urls.service, [`/v1/providers?${HOT_SEARCH}`]);
  const hotRatios = {
    c_over_a_p50: ratio(c.p50_ms, a.p50_ms),
    c_over_a_mean_latency: ratio(c.mean_ms, a.mean_ms),
    c_over_a_throughput: ratio(c.requests_per_s, a.requests_per_s),
  };

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
    text: {
      description_chars_median: descriptionChars[Math.floor(descriptionChars.length / 2)],
      distinct_words: mix.vocabulary,
      ten_most_common_words_share: mix.top10_share,
    },
    cold_mix: {
      search: "GET /v1/providers, distinct signed requests: 1–2 words drawn by frequency, 0–3 filters, pages 1–3",
      distinct_paths: mix.paths.length,
      example_paths: mix.paths.slice(0, 3).map(decodeURIComponent),
      median_body_bytes: median.bytes,
      floor_express_same_body: coldFloor,
      service: cold,
      ratios: coldRatios,
      goals: {
        p50_at_most_3x_floor: (coldRatios.p50_over_floor ?? Infinity) <= 3,
        p99_at_most_25_ms: cold.p99_ms <= 25,
        throughput_at_least_33_percent_of_floor: (coldRatios.throughput_over_floor ?? 0) >= 0.33,
      },
    },
    hot: {
      search: `GET /v1/providers?${HOT_SEARCH} (signed, repeated)`,
      a_express_hello: a,
      b_raw_sqlite_search: b,
      c_signed_search: c,
      ratios: hotRatios,
    },
  };
  return report;
}

try {
  const report = ONLY === "cold" ? { cold_mix: await load(urls.service, mix.paths) } : await fullReport();
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} finally {
  // Let the servers exit on their own (so that a CPU profile asked for is written).
  const exited = new Promise((resolve) => servers.once("exit", resolve));
  servers.disconnect();
  const timer = setTimeout(() => servers.kill(), 10_000);
  await exited;
  clearTimeout(timer);
  rmSync(dir, { recursive: true, force: true });
}
