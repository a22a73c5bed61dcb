// Records the vetting QUnit fixtures from the real directory service (as
// record-fixtures.ts does for the directory): a member's structure before and after a draft,
// a 422 with its field paths, a 422 for a coverage department that does not exist, the
// submitted application, then the referees' answers through
// the questionnaire's own HTML form (one answers, one declines). Each answer is written to
// test/javascripts/fixtures/vetting-<name>.json as { request, status, body }.
// Run: node scripts/record-vetting-fixtures.ts (Node ≥ 24 strips types).
import { spawn } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(ROOT, "test/javascripts/fixtures");
const SECRET = randomBytes(32).toString("hex");

const MEMBER = {
  id: 101,
  username: "camille",
  locale: "fr",
  trust_level: 1,
  admin: false,
  moderator: false,
  directory_moderator: false,
  cofunding_moderator: false,
};

function signed(method: string, pathWithQuery: string, body: string, user: object | null): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString("base64url");
  const userHeader = user ? Buffer.from(JSON.stringify(user)).toString("base64url") : "";
  const canonical = [method, pathWithQuery, timestamp, nonce, createHash("sha256").update(body).digest("hex"), userHeader].join("\n");
  return {
    "X-Directory-Timestamp": timestamp,
    "X-Directory-Nonce": nonce,
    "X-Directory-Signature": `v1=${createHmac("sha256", SECRET).update(canonical).digest("hex")}`,
    ...(userHeader ? { "X-Directory-User": userHeader } : {}),
  };
}

async function startService(databasePath: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn("pnpm", ["--filter", "@emancipasso/directory-service", "exec", "tsx", "src/cli.ts", "serve"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DIRECTORY_SEED: "demo", DIRECTORY_DB: databasePath, DIRECTORY_SHARED_SECRET: SECRET, NODE_ENV: "test", DIRECTORY_FORUM_URL: "http://forum.example" },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the service did not start in time")), 60_000);
    child.on("exit", (code) => reject(new Error(`the service exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /directory-service listening on (http:\/\/[^\s]+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1].replace(/\/$/, ""));
      }
    });
  });
  return { url, stop };
}

const structure = {
  name: "Coopérative Libre Élan",
  structure_type: "cooperative",
  headcount: 4,
  location: { city: "Rennes", department: "35", region: "53" },
  coverage: { national: false, regions: ["53"], departments: ["44"] },
  modalities: ["a-distance"],
  support_kinds: ["diagnostic", "migration"],
  association_sizes: ["petite"],
  tools: ["Nextcloud"],
  price_models: ["devis"],
  description: "Accompagnement vers des outils libres.",
  website: null,
  contact_email: "contact@elan.example.org",
  memberships: [],
};
const reference = (n: number) => ({
  association_name: `Association des Amis ${n}`,
  association_number: n === 1 ? "W751234567" : "732829320",
  referee_name: `Référente ${n}`,
  referee_email: `referente${n}@asso${n}.example.net`,
  project_summary: "Migration de la messagerie et formation des bénévoles.",
  period: { start: "2025-01", end: "2025-06" },
  support_kinds: ["diagnostic", "migration"],
});

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "emancipasso-vetting-fixtures-"));
  const databasePath = path.join(dir, "directory.sqlite");
  const service = await startService(databasePath);
  const record = async (name: string, method: string, pathWithQuery: string, json?: unknown) => {
    const body = json === undefined ? "" : JSON.stringify(json);
    const response = await fetch(service.url + pathWithQuery, {
      method,
      headers: { ...signed(method, pathWithQuery, body, MEMBER), ...(body ? { "Content-Type": "application/json" } : {}) },
      ...(method === "GET" ? {} : { body }),
    });
    const answer: unknown = await response.json();
    await writeFile(
      path.join(FIXTURES, `vetting-${name}.json`),
      JSON.stringify({ request: { method, path: pathWithQuery }, status: response.status, body: answer }, null, 2) + "\n"
    );
    console.log(`vetting-${name}: ${response.status} ${method} ${pathWithQuery}`);
    return answer as { id: number };
  };
  /** Answers (or declines) a questionnaire through its HTML form, as a referee's browser would. */
  const questionnaire = async (token: string, action: "answer" | "decline") => {
    const pagePath = `/v1/references/${token}`;
    const page = await (await fetch(service.url + pagePath, { headers: signed("GET", pagePath, "", null) })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const form =
      action === "answer"
        ? new URLSearchParams([["csrf", csrf], ["project_happened", "yes"], ["period_start", "2025-01"], ["period_end", "2025-06"], ["phases", "diagnostic"], ["satisfaction", "5"], ["would_recommend", "yes"], ["consent_retention", "yes"]])
        : new URLSearchParams([["csrf", csrf], ["reason", ""]]);
    const postPath = action === "answer" ? pagePath : `${pagePath}/decline`;
    const body = form.toString();
    const response = await fetch(service.url + postPath, {
      method: "POST",
      headers: { ...signed("POST", postPath, body, null), "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    if (response.status !== 200) throw new Error(`${action} answered ${response.status}`);
  };
  try {
    await record("mine-none", "GET", "/v1/structures/mine");
    await record("error-invalid-application", "POST", "/v1/applications", {
      structure: { name: "Coopérative Libre Élan" },
      references: [{ ...reference(1), association_number: "W12", period: { start: "2025-01", end: "2099-01" } }],
    });
    const created = await record("application-created", "POST", "/v1/applications", { structure: { name: structure.name }, references: [] });
    await record("application-draft", "PUT", `/v1/applications/${created.id}/draft`, { structure, references: [reference(1), reference(2)] });
    // A department code that is no department ("20": Corsica is 2A and 2B): 422 on its field, nothing saved.
    await record("error-unknown-department", "PUT", `/v1/applications/${created.id}/draft`, {
      structure: { ...structure, coverage: { ...structure.coverage, departments: ["44", "20"] } },
      references: [reference(1), reference(2)],
    });
    await record("mine-draft", "GET", "/v1/structures/mine");
    await record("application-submitted", "POST", `/v1/applications/${created.id}/submit`);
    await record("mine-references-pending", "GET", "/v1/structures/mine");
    const db = new DatabaseSync(databasePath, { readOnly: true });
    const links = (db.prepare("SELECT params FROM outbox WHERE template = 'reference_invitation' ORDER BY id").all() as { params: string }[]).map(
      (row) => (JSON.parse(row.params) as { link: string }).link
    );
    db.close();
    const tokens = links.map((link) => link.split("/annuaire/reference/")[1]!.split("?")[0]!);
    await questionnaire(tokens[0]!, "answer");
    await record("mine-one-answered", "GET", "/v1/structures/mine");
    await questionnaire(tokens[1]!, "decline");
    await record("mine-in-review", "GET", "/v1/structures/mine");
  } finally {
    service.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
