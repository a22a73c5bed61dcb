// Records the QUnit fixtures of the forum-member routes (the vetting chip after poster names,
// "Contacter") from the real directory service: starts it on a free port with the demo data
// and a throw-away database, lists the preview's provider structure (« L'Atelier libre »,
// whose team is the preview's provider member) through vetting and review as
// preview/review-demo.ts does, then asks what the plugin asks: the sample request's posters
// (its author, the provider member, a member) in one request (the chip), a poster on no
// team, the provider member and a member on their own (the quote form), the listed
// provider's card and its team for a member and for a visitor, and the team of a provider
// imported without one ("Contacter"). Each answer is written to
// test/javascripts/fixtures/members-<name>.json as { request, status, body }.
// Run: node --import tsx scripts/record-members-fixtures.ts
import type { ActingUser } from "@emancipasso/directory-service/contract";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEMO_LISTED_PROVIDER,
  type ServiceAccess,
  seedListedProviderDemo,
  signedCall,
} from "../preview/review-demo.ts";
import { startService, TEST_SECRET } from "../test/e2e/helpers/service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(ROOT, "test/javascripts/fixtures");

/** The sample co-funding request's author (preview/cofunding-demo.ts's SAMPLE_AUTHOR). */
const AUTHOR_ID = 110;
const MEMBER: ActingUser = {
  id: 101,
  username: "camille",
  locale: "fr",
  trust_level: 1,
  admin: false,
  moderator: false,
  directory_moderator: false,
  cofunding_moderator: false,
};

async function record(
  access: ServiceAccess,
  name: string,
  pathWithQuery: string,
  user: ActingUser | null
): Promise<void> {
  const answer = await signedCall(access, "GET", pathWithQuery, user);
  if (answer.status === 401 && user !== null) {
    throw new Error(
      `the service refused the signature for ${pathWithQuery}: ${JSON.stringify(answer.body)}`
    );
  }
  const fixture = {
    request: { method: "GET", path: pathWithQuery },
    status: answer.status,
    body: answer.body,
  };
  await writeFile(
    path.join(FIXTURES, `members-${name}.json`),
    JSON.stringify(fixture, null, 2) + "\n"
  );
  console.log(`members-${name}: ${answer.status} GET ${pathWithQuery}`);
}

async function main(): Promise<void> {
  const service = await startService({ seedDemo: true });
  const access: ServiceAccess = {
    url: service.url,
    secret: TEST_SECRET,
    databasePath: service.databasePath,
  };
  try {
    const slug = await seedListedProviderDemo(access);
    const provider = DEMO_LISTED_PROVIDER.user.id;
    // The order the chip asks in: the page's posters as they come, each once.
    await record(
      access,
      "page",
      `/v1/providers/by-members?user_ids=${AUTHOR_ID},${provider},${MEMBER.id}`,
      MEMBER
    );
    await record(
      access,
      "none",
      `/v1/providers/by-members?user_ids=${AUTHOR_ID}`,
      null
    );
    await record(
      access,
      "provider",
      `/v1/providers/by-members?user_ids=${provider}`,
      DEMO_LISTED_PROVIDER.user
    );
    await record(
      access,
      "member",
      `/v1/providers/by-members?user_ids=${MEMBER.id}`,
      MEMBER
    );
    await record(access, "listed-provider", `/v1/providers/${slug}`, MEMBER);
    await record(access, "team", `/v1/providers/${slug}/team`, MEMBER);
    await record(access, "team-anonymous", `/v1/providers/${slug}/team`, null);
    // One of the demo data's providers, imported from the list: no forum team.
    await record(
      access,
      "team-imported",
      "/v1/providers/coop-libre-armor/team",
      MEMBER
    );
  } finally {
    await service.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
