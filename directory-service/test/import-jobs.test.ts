// A large import runs off the service's thread: searches keep answering meanwhile (from
// the last committed state), an import that outlasts the answer deadline answers 202 with
// its id, and its outcome (counts, or the same errors, nothing written) is read by id.
import { afterEach, describe, expect, it } from "vitest";
import { ImportJob, SearchResponse } from "../src/contract/index.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { ADMIN, MEMBER, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";

const IMPORT = "/v1/admin/providers/import";
let service: TestService | undefined;
afterEach(() => service?.close());

async function start(): Promise<TestService> {
  service = await startTestService({ maxBodyBytes: 10 * 1024 * 1024, importAnswerWithinMs: 0 });
  service.seed([makeProvider({ slug: "deja-la" })]);
  return service;
}
const post = (s: TestService, body: string) =>
  s.json(IMPORT, { method: "POST", user: ADMIN, contentType: "application/json", body });
async function jobOf(s: TestService, id: string): Promise<ImportJob> {
  const { status, body } = await s.json(`/v1/admin/providers/imports/${id}`, { user: ADMIN });
  expect(status).toBe(200);
  return ImportJob.parse(body);
}
async function finished(s: TestService, id: string): Promise<ImportJob> {
  for (;;) {
    const job = await jobOf(s, id);
    if (job.state !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const bigImport = (count: number) =>
  JSON.stringify(
    Array.from({ length: count }, (_, i) =>
      makeProvider({
        slug: `grand-import-${i}`,
        description: "Accompagnement des associations vers des outils libres. ".repeat(40),
      })
    )
  );

describe("a large import", () => {
  it("lets searches answer while it runs, refuses a second import, then gives its counts", async () => {
    const s = await start();
    const started = await post(s, bigImport(2500));
    expect(started.status).toBe(202);
    const job = ImportJob.parse(started.body);
    expect(job.state).toBe("running");
    expect(started.response.headers.get("location")).toBe(`/v1/admin/providers/imports/${job.id}`);

    const second = await post(s, JSON.stringify([makeProvider()]));
    expect(second.status).toBe(409);
    expect(expectErrorShape(second.body).code).toBe("import_in_progress");

    // A search answered between two moments the import was seen running.
    let answeredWhileRunning = 0;
    while ((await jobOf(s, job.id)).state === "running") {
      const search = await s.json("/v1/providers");
      expect(search.status).toBe(200);
      const total = SearchResponse.parse(search.body).total;
      if ((await jobOf(s, job.id)).state === "running") {
        answeredWhileRunning++;
        expect(total).toBe(1); // the last committed state: nothing half-written
      }
    }
    expect(answeredWhileRunning).toBeGreaterThan(0);

    const done = await finished(s, job.id);
    expect(done).toMatchObject({ state: "succeeded", result: { created: 2500, updated: 0 }, error: null });
    expect(done.finished_at).not.toBeNull();
    const search = SearchResponse.parse((await s.json("/v1/providers")).body);
    expect(search.total).toBe(2501);
  });

  it("records a refused import's errors under its id, having written nothing", async () => {
    const s = await start();
    const before = s.db.prepare("SELECT slug, record FROM providers").all();
    const started = await post(s, JSON.stringify([makeProvider({ slug: "ok" }), { slug: "x" }]));
    expect(started.status).toBe(202);
    const done = await finished(s, ImportJob.parse(started.body).id);
    expect(done.state).toBe("failed");
    expect(done.result).toBeNull();
    expect(done.error).toMatchObject({ status: 422, code: "invalid_import" });
    expect(done.error!.details).toContainEqual(expect.objectContaining({ row: 2, field: "slug", code: "too_small" }));
    expect(s.db.prepare("SELECT slug, record FROM providers").all()).toEqual(before);
  });

  it("answers 404 to an unknown import id and 403 to non-admins", async () => {
    const s = await start();
    const unknown = await s.json("/v1/admin/providers/imports/0f1c7e53-0000-4000-8000-000000000000", {
      user: ADMIN,
    });
    expect([unknown.status, expectErrorShape(unknown.body).code]).toEqual([404, "not_found"]);
    const member = await s.json("/v1/admin/providers/imports/anything", { user: MEMBER });
    expect(member.status).toBe(403);
  });
});
