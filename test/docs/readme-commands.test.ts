// The commands the README gives, as a newcomer runs them: each in a clean login shell
// (env -i HOME=$HOME PATH=/usr/bin:/bin bash -lc …) from the repository root, so nothing
// set up by the caller's shell (Node 24 and pnpm on PATH, variables) helps. Short commands
// must succeed; long-running ones are started, must answer, and are stopped.
// docs/testing.md, "The README's commands".
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";

const ROOT = resolve(import.meta.dirname, "../..");
const HOME = process.env.HOME ?? "/root";
const CLEAN = ["-i", `HOME=${HOME}`, "PATH=/usr/bin:/bin", "bash", "-lc"];

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "emancipasso-readme-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/** Runs a command to its end in a clean shell; its output. */
function run(command: string, cwd = ROOT, timeoutMs = 600_000) {
  const result = spawnSync("env", [...CLEAN, `cd ${quote(cwd)} && ${command}`], {
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(
    result.status,
    0,
    `${command} exited with ${result.status}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-4000)}`
  );
  return result;
}

/**
 * Starts a long-running command in a clean shell, in its own process group, and waits
 * until its output shows every pattern; the first group of each match.
 */
async function start(command: string, patterns: RegExp[], timeoutMs = 300_000) {
  const child = spawn("env", [...CLEAN, `cd ${quote(ROOT)} && ${command}`], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const started = Date.now();
  let stopped = false;
  void exited.then(() => (stopped = true));
  for (;;) {
    const matches = patterns.map((pattern) => pattern.exec(output)?.[1]);
    if (matches.every((match) => match !== undefined)) {
      return { urls: matches as string[], output: () => output, stop };
    }
    if (stopped || Date.now() - started > timeoutMs) {
      await stop();
      assert.fail(`${command} did not start:\n${output.slice(-4000)}`);
    }
    await new Promise((done) => setTimeout(done, 200));
  }
}

const LISTENING = /directory-service listening on (http:\/\/\S+)/;

async function expectHealthy(url: string) {
  const response = await fetch(`${url}/healthz`);
  assert.equal(response.status, 200);
  assert.equal(((await response.json()) as { status: string }).status, "ok");
}

test("make service starts the service, with the demo data when asked", async () => {
  const db = join(dir, "make-service.sqlite");
  const service = await start(`PORT=0 DIRECTORY_DB=${quote(db)} DIRECTORY_SEED=demo make service`, [
    LISTENING,
  ]);
  try {
    await expectHealthy(service.urls[0]!);
    assert.match(service.output(), /"msg":"demo data loaded: \d+ providers"/);
  } finally {
    await service.stop();
  }
  assert.ok(existsSync(db));
});

test("npm run service starts the service", async () => {
  const db = join(dir, "npm-service.sqlite");
  const service = await start(`PORT=0 DIRECTORY_DB=${quote(db)} npm run service`, [LISTENING]);
  try {
    await expectHealthy(service.urls[0]!);
  } finally {
    await service.stop();
  }
});

test("make start serves the service, the preview's directory page and the sample co-funding request with its quote and the provider member's reply", async () => {
  const db = join(dir, "make-start.sqlite");
  const started = await start(`PORT=0 PREVIEW_PORT=0 DIRECTORY_DB=${quote(db)} make start`, [
    /directory service: (http:\/\/\S+)/,
    /plugin preview: (http:\/\/\S+)/,
  ]);
  try {
    await expectHealthy(started.urls[0]!);
    const page = await fetch(started.urls[1]!);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    // The sample request at /t/financement-exemple/4242, its quote made by a member of the
    // team of a provider listed through vetting and review (preview/cofunding-demo.ts).
    const origin = new URL(started.urls[1]!).origin;
    const sample = await fetch(`${origin}/directory-api/v1/cofunding/campaigns/4242`);
    assert.equal(sample.status, 200);
    const campaign = (await sample.json()) as { quotes: { provider_slug: string }[] };
    assert.deepEqual(
      campaign.quotes.map((quote) => quote.provider_slug),
      ["l-atelier-libre"]
    );
    const topic = await fetch(`${origin}/t/financement-exemple/4242`);
    assert.equal(topic.status, 200);
    // Its reply from that team's member, whose name the vetting chip follows.
    const shown = (await (await fetch(`${origin}/preview/topics/4242.json`)).json()) as {
      posts: { user_id: number; username: string }[];
    };
    assert.deepEqual(
      shown.posts.map((post) => post.username),
      ["jardins-partages", "atelier-libre"]
    );
    const ids = shown.posts.map((post) => post.user_id).join(",");
    const members = await fetch(`${origin}/directory-api/v1/providers/by-members?user_ids=${ids}`);
    assert.equal(members.status, 200);
    assert.deepEqual(
      ((await members.json()) as { members: { slug: string }[] }).members.map(
        (member) => member.slug
      ),
      ["l-atelier-libre"]
    );
  } finally {
    await started.stop();
  }
});

test("scripts/directory.sh imports, exports, backs up and prints the OpenAPI document, from any directory", () => {
  const work = mkdtempSync(join(dir, "cli-"));
  const env = `DIRECTORY_DB=${quote(join(work, "directory.sqlite"))}`;
  const cli = quote(join(ROOT, "scripts/directory.sh"));
  const demo = JSON.parse(
    readFileSync(join(ROOT, "directory-service/src/store/data/demo-providers.json"), "utf8")
  ) as { slug: string }[];
  writeFileSync(join(work, "liste.json"), JSON.stringify(demo.slice(0, 3)));

  const imported = run(`${env} ${cli} import liste.json`, work);
  assert.deepEqual(JSON.parse(imported.stdout), { created: 3, updated: 0 });
  run(`${env} ${cli} export --format csv > export.csv`, work);
  const csv = readFileSync(join(work, "export.csv"), "utf8");
  assert.ok(csv.startsWith("\uFEFFslug;name;"), csv.slice(0, 80));
  for (const { slug } of demo.slice(0, 3)) assert.ok(csv.includes(`\n"${slug}";`), slug);
  run(`${env} ${cli} backup sauvegarde.sqlite`, work);
  assert.ok(existsSync(join(work, "sauvegarde.sqlite")));
  const document = JSON.parse(run(`${cli} openapi`, work).stdout) as { openapi: string };
  assert.match(document.openapi, /^3\.1\./);
});

test("the screenshots command writes the README's pictures", { timeout: 600_000 }, () => {
  const shots = join(dir, "screenshots");
  run(`source scripts/env.sh && node --import tsx preview/screenshots.ts ${quote(shots)}`);
  assert.deepEqual(readdirSync(shots).sort(), [
    "annuaire-telephone.png",
    "annuaire.png",
    "cofinancement.png",
    "fiche-prestataire.png",
    "sujet-carte-en-ligne.png",
  ]);
});

test("make lint passes", { timeout: 900_000 }, () => {
  const result = run("make lint", ROOT, 900_000);
  assert.match(result.stdout, /openapi\.json: 0 errors, 0 warnings/);
});

test("make bench prints its measures as JSON", { timeout: 900_000 }, () => {
  // Small settings: this checks that the command works from a clean shell, not the figures.
  const result = run(
    "BENCH_PROVIDERS=300 BENCH_SECONDS=1 BENCH_RUNS=1 make bench",
    ROOT,
    900_000
  );
  // One JSON object per part (pretty-printed): split at each closing brace of depth 0.
  const objects: unknown[] = [];
  let depth = 0;
  let startAt = -1;
  for (let i = 0; i < result.stdout.length; i++) {
    const char = result.stdout[i];
    if (char === "{" && depth++ === 0) startAt = i;
    else if (char === "}" && --depth === 0) objects.push(JSON.parse(result.stdout.slice(startAt, i + 1)));
  }
  assert.ok(objects.length >= 1, result.stdout);
});
