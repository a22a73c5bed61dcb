// Records the co-funding QUnit fixtures from the real directory service (started on a free
// port with the demo data and a throw-away database): an open campaign with a public and an
// anonymous pledge and a quote, seen by a member, by a provider's team member and by its
// author; a funded one with its
// split plan; an expired one; a 409, a 404 and a quote refused to a member on no provider's
// team (403); a member's pledges. Each answer is written to
// test/javascripts/fixtures/cofunding-<name>.json as { request, status, body }.
// Run: node --import tsx scripts/record-cofunding-fixtures.ts
import { writeFile } from "node:fs/promises";
import path from "node:path";
import {
  callService,
  demoMember,
  SAMPLE_AUTHOR,
  SAMPLE_COFUNDING_TOPIC_ID,
  sampleCampaign,
  seedCofundingDemo,
} from "../preview/cofunding-demo.ts";
import {
  ROOT,
  startService,
  TEST_SECRET,
} from "../test/e2e/helpers/service.ts";

const FIXTURES = path.join(ROOT, "test/javascripts/fixtures");
const MEMBER = demoMember(101, "camille");
const OTHER = demoMember(120, "maison-quartier");
const PROVIDER_MEMBER = demoMember(102, "atelier-libre");

async function main(): Promise<void> {
  const service = await startService({ seedDemo: true });
  const call = (
    user: typeof MEMBER | null,
    method: string,
    p: string,
    body?: unknown,
    key?: string
  ) => callService(service.url, TEST_SECRET, user, method, p, body, key);
  const record = async (
    name: string,
    user: typeof MEMBER | null,
    method: string,
    p: string,
    body?: unknown,
    key?: string
  ) => {
    const answer = await call(user, method, p, body, key);
    const fixture = {
      request: { method, path: p },
      status: answer.status,
      body: answer.body,
    };
    await writeFile(
      path.join(FIXTURES, `cofunding-${name}.json`),
      JSON.stringify(fixture, null, 2) + "\n"
    );
    console.log(`cofunding-${name}: ${answer.status} ${method} ${p}`);
    return answer;
  };
  try {
    await seedCofundingDemo({
      url: service.url,
      secret: TEST_SECRET,
      databasePath: service.databasePath,
    });
    const open = `/v1/cofunding/campaigns/${SAMPLE_COFUNDING_TOPIC_ID}`;
    await record("open-member", MEMBER, "GET", open);
    await record("open-author", SAMPLE_AUTHOR, "GET", open);
    // The demo's provider member (on the team of a provider listed through vetting): may quote.
    await record("open-provider-member", PROVIDER_MEMBER, "GET", open);
    // A member on no provider's team quoting for the demo's listed provider: 403.
    const quotedBy = (
      (await call(MEMBER, "GET", open)).body as {
        quotes: Array<{ provider_slug: string }>;
      }
    ).quotes[0]!.provider_slug;
    await record(
      "not-provider-member",
      MEMBER,
      "POST",
      `${open}/quotes`,
      {
        provider_slug: quotedBy,
        amount_cents: 900_000,
        delay_days: 30,
        deliverables: "Export FEC.",
        licence: "MIT",
      },
      "rec-quote-not-member"
    );
    const quoteId = (
      (await call(SAMPLE_AUTHOR, "GET", open)).body as {
        quotes: Array<{ id: number }>;
      }
    ).quotes[0]!.id;
    await record(
      "chosen-author",
      SAMPLE_AUTHOR,
      "POST",
      `${open}/quotes/${quoteId}/choose`,
      undefined,
      "rec-choose"
    );
    await record("not-found", MEMBER, "GET", "/v1/cofunding/campaigns/999");

    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await call(
      SAMPLE_AUTHOR,
      "POST",
      "/v1/cofunding/campaigns",
      {
        ...sampleCampaign(5001, later),
        target_cents: 30_000,
        provider_slug: null,
      },
      "rec-5001"
    );
    await call(
      OTHER,
      "PUT",
      "/v1/cofunding/campaigns/5001/pledges/mine",
      { association: "Maison de quartier Nord", amount_cents: 10_001 },
      "rec-5001-a"
    );
    await record(
      "pledged-member",
      MEMBER,
      "PUT",
      "/v1/cofunding/campaigns/5001/pledges/mine",
      {
        association: "Les Amis du Vélo",
        anonymous: true,
        amount_cents: 19_999,
      },
      "rec-5001-b"
    );
    await record(
      "funded-member",
      MEMBER,
      "GET",
      "/v1/cofunding/campaigns/5001"
    );
    await record(
      "not-open",
      MEMBER,
      "PUT",
      "/v1/cofunding/campaigns/5001/pledges/mine",
      { association: "Les Amis du Vélo", amount_cents: 25_000 },
      "rec-5001-c"
    );
    await record("mine", MEMBER, "GET", "/v1/cofunding/pledges/mine");

    const soon = new Date(Date.now() + 2_000).toISOString();
    await call(
      SAMPLE_AUTHOR,
      "POST",
      "/v1/cofunding/campaigns",
      { ...sampleCampaign(5002, soon), provider_slug: null },
      "rec-5002"
    );
    await call(
      OTHER,
      "PUT",
      "/v1/cofunding/campaigns/5002/pledges/mine",
      { association: "Maison de quartier Nord", amount_cents: 6_000 },
      "rec-5002-a"
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await record(
      "expired-member",
      MEMBER,
      "GET",
      "/v1/cofunding/campaigns/5002"
    );

    await record(
      "created",
      SAMPLE_AUTHOR,
      "POST",
      "/v1/cofunding/campaigns",
      { ...sampleCampaign(5003, later), provider_slug: null },
      "cofunding-campaign-5003"
    );
  } finally {
    await service.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
