// The preview's proxy on the co-funding routes (docs/cofunding.md), through the real service:
// PUT/PATCH/DELETE pass with their body signed as sent, the Idempotency-Key header travels (a
// retry replays the first answer), the split plan comes back as a CSV download, and paths
// outside the allow-list never reach the service.
import {
  CampaignView,
  ErrorResponse,
} from "@emancipasso/directory-service/contract";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { RunningPreview } from "../../preview/server.ts";
import { type PreviewUserKey, USER_COOKIE } from "../../preview/users.ts";
import { startRecordingUpstream, startTestPreview } from "./helpers/preview.ts";
import { type RunningService, startService } from "./helpers/service.ts";

const API = "/directory-api/v1/cofunding";
/** One deadline for the run, so that a retried body is the same body. */
const DEADLINE = new Date(Date.now() + 20 * 86_400_000).toISOString();

function write(
  preview: RunningPreview,
  user: PreviewUserKey,
  method: string,
  path: string,
  body: unknown,
  key: string
): Promise<Response> {
  return fetch(`${preview.url}${API}${path}`, {
    method,
    headers: {
      cookie: `${USER_COOKIE}=${user}`,
      "idempotency-key": key,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const campaign = (topicId: number, targetCents: number) => ({
  topic_id: topicId,
  title: "Traduction de l'interface de Mobilizon",
  need: "Une interface en occitan.",
  project: {
    name: "Mobilizon",
    forge_url: "https://framagit.org/framasoft/mobilizon",
  },
  expected_outcome: "Les chaînes traduites et relues.",
  target_cents: targetCents,
  deadline_at: DEADLINE,
  min_pledge_cents: 500,
});

describe("co-funding through the preview's proxy", () => {
  let service: RunningService;
  let preview: RunningPreview;

  before(async () => {
    service = await startService({ seedDemo: false });
    preview = await startTestPreview(service.url);
  });
  after(async () => {
    await preview?.close();
    await service?.stop();
  });

  test("create, replay with the same key, pledge (PUT), withdraw (DELETE)", async () => {
    const created = await write(
      preview,
      "member",
      "POST",
      "/campaigns",
      campaign(9001, 50_000),
      "creer-9001"
    );
    assert.equal(created.status, 201);
    assert.equal(created.headers.get("idempotent-replayed"), "false");
    const replay = await write(
      preview,
      "member",
      "POST",
      "/campaigns",
      campaign(9001, 50_000),
      "creer-9001"
    );
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get("idempotent-replayed"), "true");

    const pledge = {
      association: "Café associatif « Le Lien »",
      amount_cents: 12_500,
    };
    const pledged = await write(
      preview,
      "provider",
      "PUT",
      "/campaigns/9001/pledges/mine",
      pledge,
      "promesse-9001-a"
    );
    assert.equal(pledged.status, 200);
    const view = CampaignView.parse(await pledged.json());
    assert.equal(view.pledged_cents, 12_500);
    assert.equal(view.my_pledge?.association, "Café associatif « Le Lien »");

    const conflict = await write(
      preview,
      "provider",
      "PUT",
      "/campaigns/9001/pledges/mine",
      { ...pledge, amount_cents: 9_000 },
      "promesse-9001-a"
    );
    assert.equal(conflict.status, 409);
    assert.equal(
      ErrorResponse.parse(await conflict.json()).error.code,
      "idempotency_conflict"
    );

    const withdrawn = await write(
      preview,
      "provider",
      "DELETE",
      "/campaigns/9001/pledges/mine",
      undefined,
      "retrait-9001-a"
    );
    assert.equal(withdrawn.status, 200);
    assert.equal(CampaignView.parse(await withdrawn.json()).pledged_cents, 0);
  });

  test("funded → the split plan as a CSV download", async () => {
    await write(
      preview,
      "member",
      "POST",
      "/campaigns",
      campaign(9002, 20_000),
      "creer-9002"
    );
    const funded = await write(
      preview,
      "provider",
      "PUT",
      "/campaigns/9002/pledges/mine",
      { association: "Vélo libre", amount_cents: 20_000 },
      "financer-9002"
    );
    assert.equal(CampaignView.parse(await funded.json()).status, "funded");
    const csv = await fetch(
      `${preview.url}${API}/campaigns/9002/split-plan?format=csv`
    );
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("content-type") ?? "", /^text\/csv/);
    assert.match(
      csv.headers.get("content-disposition") ?? "",
      /plan-de-repartition-9002\.csv/
    );
    assert.match(await csv.text(), /Vélo libre/);
  });
});

describe("what the service receives on co-funding routes", () => {
  test("the Idempotency-Key and the PATCH body as sent; other paths refused", async () => {
    const upstream = await startRecordingUpstream();
    const preview = await startTestPreview(upstream.url);
    try {
      const body = JSON.stringify({ title: "Élan — « commun »" });
      await fetch(`${preview.url}${API}/campaigns/42`, {
        method: "PATCH",
        headers: {
          cookie: `${USER_COOKIE}=member`,
          "content-type": "application/json",
          "idempotency-key": "modifier-42-abcdef",
        },
        body,
      });
      assert.equal(upstream.requests.length, 1);
      const received = upstream.requests[0]!;
      assert.equal(received.method, "PATCH");
      assert.equal(received.headers["idempotency-key"], "modifier-42-abcdef");
      assert.equal(received.body.toString("utf8"), body);

      for (const [method, path] of [
        ["GET", "/campaigns/abc"],
        ["DELETE", "/campaigns/42"],
        ["PUT", "/campaigns/42/pledges"],
        ["GET", "/campaigns/42/quotes/x/choose"],
      ] as const) {
        const response = await fetch(`${preview.url}${API}${path}`, { method });
        assert.equal(response.status, 404, `${method} ${path}`);
      }
      assert.equal(upstream.requests.length, 1);
    } finally {
      await preview.close();
      await upstream.close();
    }
  });
});
