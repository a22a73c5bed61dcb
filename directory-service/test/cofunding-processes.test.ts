// Several service processes on one SQLite file, pledging at once around the target: the
// campaign is funded exactly once, totals are exact, a withdrawal racing with funding
// either lands before it or is refused, and one Idempotency-Key sent to every process at
// once is performed once.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActingUser, CampaignView } from "../src/contract/index.ts";
import { SERVICE_ROOT } from "../src/config.ts";
import { AUTHOR, campaignRequest, member, newKey, write } from "./helpers/cofunding.ts";
import {
  TEST_SECRET,
  encodeUser,
  newNonce,
  signatureHeaders,
  startTestService,
  type TestService,
} from "./helpers/service.ts";

const PROCESSES = 3;
const TSX = join(SERVICE_ROOT, "node_modules/.bin/tsx");

let service: TestService;
const children: ChildProcess[] = [];
const urls: string[] = [];

function startProcess(dbPath: string, nowMs: number): Promise<string> {
  const child = spawn(
    TSX,
    [join(SERVICE_ROOT, "test/helpers/service-process.ts"), dbPath, String(nowMs)],
    {
      cwd: SERVICE_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    }
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(line.trim()));
    child.once("exit", (code) => reject(new Error(`service process exited with ${code}`)));
  });
}

beforeAll(async () => {
  service = await startTestService();
  const started = await Promise.all(
    Array.from({ length: PROCESSES }, () => startProcess(service.dbPath, service.clock.now))
  );
  urls.push(...started);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        })
    )
  );
  await service.close();
});

/** A signed write to one of the processes. */
async function send(
  url: string,
  method: string,
  path: string,
  user: ActingUser,
  body: unknown,
  key = newKey()
): Promise<{ status: number; body: CampaignView & { error?: { code: string } } }> {
  const text = body === undefined ? "" : JSON.stringify(body);
  const headers = signatureHeaders(method, path, Buffer.from(text), {
    secret: TEST_SECRET,
    timestamp: String(Math.floor(service.clock.now / 1000)),
    nonce: newNonce(),
    userHeader: encodeUser(user),
  });
  const response = await fetch(url + path, {
    method,
    headers: {
      ...headers,
      "Idempotency-Key": key,
      ...(text ? { "Content-Type": "application/json" } : {}),
    },
    ...(text ? { body: text } : {}),
  });
  return {
    status: response.status,
    body: (await response.json()) as CampaignView & { error?: { code: string } },
  };
}

const pledgePath = (topicId: number) => `/v1/cofunding/campaigns/${topicId}/pledges/mine`;
const pledgeBody = (amount: number) => ({ association: `Asso ${amount}`, amount_cents: amount });

function auditCount(topicId: number, where: string): number {
  return service.db
    .prepare(
      `SELECT COUNT(*) FROM cofunding_audit a JOIN cofunding_campaigns c ON c.id = a.campaign_id WHERE c.topic_id = ? AND ${where}`
    )
    .pluck()
    .get(topicId) as number;
}

function activeTotal(topicId: number): number {
  return service.db
    .prepare(
      `SELECT COALESCE(SUM(p.amount_cents), 0) FROM cofunding_pledges p JOIN cofunding_campaigns c ON c.id = p.campaign_id
        WHERE c.topic_id = ? AND p.status = 'active'`
    )
    .pluck()
    .get(topicId) as number;
}

function splitLines(
  topicId: number
): { user_id: number; pledged_cents: number; owed_cents: number }[] {
  return service.db
    .prepare(
      `SELECT s.user_id, s.pledged_cents, s.owed_cents FROM cofunding_split_lines s
         JOIN cofunding_campaigns c ON c.id = s.campaign_id WHERE c.topic_id = ?`
    )
    .all(topicId) as { user_id: number; pledged_cents: number; owed_cents: number }[];
}

describe("several service processes on one database file", () => {
  it("fund a campaign exactly once when pledges arrive at once around the target", async () => {
    const target = 100_000;
    const created = await write(
      service,
      "POST",
      "/v1/cofunding/campaigns",
      AUTHOR,
      campaignRequest(service, { target_cents: target, min_pledge_cents: 1_000 })
    );
    const topicId = created.body.topic_id;
    const pledges = Array.from({ length: 48 }, (_, i) => ({
      user: member(5_000 + i),
      amount: 4_000 + ((i * 977) % 3_000),
    }));
    const answers = await Promise.all(
      pledges.map((p, i) =>
        send(urls[i % PROCESSES]!, "PUT", pledgePath(topicId), p.user, pledgeBody(p.amount))
      )
    );
    const accepted = pledges.filter((_, i) => answers[i]!.status === 200);
    for (const answer of answers) {
      if (answer.status !== 200) {
        expect(answer.status).toBe(409);
        expect(answer.body.error?.code).toBe("campaign_not_open");
      }
    }
    const funders = answers.filter((a) => a.status === 200 && a.body.status === "funded");
    expect(funders).toHaveLength(1);
    const acceptedSum = accepted.reduce((sum, p) => sum + p.amount, 0);
    expect(acceptedSum).toBeGreaterThanOrEqual(target);
    const funder = accepted.find(
      (p) =>
        funders[0]!.body.my_pledge?.amount_cents === p.amount &&
        funders[0]!.body.my_pledge?.user?.id === p.user.id
    )!;
    expect(acceptedSum - funder.amount).toBeLessThan(target);
    expect(activeTotal(topicId)).toBe(acceptedSum);
    expect(auditCount(topicId, "a.to_status = 'funded'")).toBe(1);
    expect(auditCount(topicId, "a.action = 'pledge.created'")).toBe(accepted.length);
    const lines = splitLines(topicId);
    expect(lines).toHaveLength(accepted.length);
    expect(lines.reduce((sum, line) => sum + line.owed_cents, 0)).toBe(target);
    for (const line of lines) expect(line.owed_cents).toBeLessThanOrEqual(line.pledged_cents);
  }, 60_000);

  it("let a withdrawal racing with funding land before it or be refused, never after", async () => {
    const target = 55_000;
    const created = await write(
      service,
      "POST",
      "/v1/cofunding/campaigns",
      AUTHOR,
      campaignRequest(service, { target_cents: target, min_pledge_cents: 1_000 })
    );
    const topicId = created.body.topic_id;
    const early = Array.from({ length: 10 }, (_, i) => ({
      user: member(6_000 + i),
      amount: 5_000,
    }));
    for (const p of early)
      expect(
        (await send(urls[0]!, "PUT", pledgePath(topicId), p.user, pledgeBody(p.amount))).status
      ).toBe(200);
    const late = Array.from({ length: 10 }, (_, i) => ({ user: member(6_100 + i), amount: 8_000 }));
    const requests = [
      ...early.map(
        (p, i) => () => send(urls[i % PROCESSES]!, "DELETE", pledgePath(topicId), p.user, undefined)
      ),
      ...late.map(
        (p, i) => () =>
          send(urls[(i + 1) % PROCESSES]!, "PUT", pledgePath(topicId), p.user, pledgeBody(p.amount))
      ),
    ];
    // Interleave withdrawals and new pledges.
    const order = requests.map((_, i) => (i % 2 === 0 ? i / 2 : 10 + (i - 1) / 2));
    const answers = await Promise.all(order.map((index) => requests[index]!()));
    const byIndex = new Map(order.map((index, position) => [index, answers[position]!]));
    const withdrawn = early.filter((_, i) => byIndex.get(i)!.status === 200);
    const keptEarly = early.filter((_, i) => byIndex.get(i)!.status !== 200);
    const acceptedLate = late.filter((_, i) => byIndex.get(10 + i)!.status === 200);
    for (const answer of answers)
      if (answer.status !== 200) expect(answer.body.error?.code).toBe("campaign_not_open");

    const expectedTotal = [...keptEarly, ...acceptedLate].reduce((sum, p) => sum + p.amount, 0);
    expect(activeTotal(topicId)).toBe(expectedTotal);
    const status = service.db
      .prepare("SELECT status FROM cofunding_campaigns WHERE topic_id = ?")
      .pluck()
      .get(topicId);
    const lines = splitLines(topicId);
    if (status === "funded") {
      expect(auditCount(topicId, "a.to_status = 'funded'")).toBe(1);
      const owing = new Set(lines.map((line) => line.user_id));
      for (const p of withdrawn) expect(owing.has(p.user.id)).toBe(false);
      for (const p of keptEarly) expect(owing.has(p.user.id)).toBe(true);
      expect(lines.reduce((sum, line) => sum + line.owed_cents, 0)).toBe(target);
      // Every refused withdrawal came after funding, so nothing pledged afterwards was accepted.
      expect(lines.length).toBe(keptEarly.length + acceptedLate.length);
    } else {
      expect(status).toBe("open");
      expect(keptEarly).toHaveLength(0);
      expect(expectedTotal).toBeLessThan(target);
      expect(lines).toEqual([]);
    }
  }, 60_000);

  it("perform one Idempotency-Key sent to every process at once only once", async () => {
    const created = await write(
      service,
      "POST",
      "/v1/cofunding/campaigns",
      AUTHOR,
      campaignRequest(service)
    );
    const topicId = created.body.topic_id;
    const user = member(7_000);
    const key = newKey();
    const answers = await Promise.all(
      urls
        .flatMap((url) => [url, url])
        .map((url) => send(url, "PUT", pledgePath(topicId), user, pledgeBody(8_000), key))
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(auditCount(topicId, "a.action LIKE 'pledge.%'")).toBe(1);
  }, 60_000);
});
