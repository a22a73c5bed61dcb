// Records the review queue's QUnit fixtures from the real directory service: starts it on a
// free port with a throw-away database, has a structure apply and its referees answer
// (preview/review-demo.ts, through the service's API), then asks what the plugin asks, as a
// directory moderator (and, from a second service that keeps referees' data 0 days, a rejected
// application once that data is erased), and writes each answer to
// test/javascripts/fixtures/review-*.json as { request, status, body }.
// Run: node --import tsx scripts/record-review-fixtures.ts
import type { ActingUser } from "@emancipasso/directory-service/contract";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  applyAndAnswer,
  DEMO_APPLICANTS,
  type ServiceAccess,
  signedCall,
} from "../preview/review-demo.ts";
import { startService, TEST_SECRET } from "../test/e2e/helpers/service.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const FIXTURES = path.join(ROOT, "test/javascripts/fixtures");

const MODERATOR: ActingUser = {
  id: 103,
  username: "sacha",
  locale: "fr",
  trust_level: 3,
  admin: false,
  moderator: false,
  directory_moderator: true,
  cofunding_moderator: false,
};
const OTHER_MODERATOR: ActingUser = { ...MODERATOR, id: 104, username: "dominique" };
const MEMBER: ActingUser = { ...MODERATOR, id: 101, username: "camille", directory_moderator: false };

interface Review {
  version: number;
  references: { id: number }[];
  application: { id: number };
}

async function record(
  access: ServiceAccess,
  name: string,
  method: string,
  pathWithQuery: string,
  user: ActingUser | null,
  json?: unknown
): Promise<unknown> {
  const answer = await signedCall(access, method, pathWithQuery, user, json);
  const fixture = {
    request: { method, path: pathWithQuery, ...(json === undefined ? {} : { body: json }) },
    status: answer.status,
    body: answer.body,
  };
  await writeFile(path.join(FIXTURES, `review-${name}.json`), JSON.stringify(fixture, null, 2) + "\n");
  console.log(`review-${name}: ${answer.status} ${method} ${pathWithQuery}`);
  return answer.body;
}

async function main(): Promise<void> {
  const service = await startService({ seedDemo: true });
  try {
    const access: ServiceAccess = { url: service.url, secret: TEST_SECRET, databasePath: service.databasePath };
    const id = await applyAndAnswer(access, DEMO_APPLICANTS[0]!);
    await record(access, "pending-count", "GET", "/v1/review/pending-count", MODERATOR);
    await record(access, "queue", "GET", "/v1/review/queue", MODERATOR);
    await record(access, "queue-suspended", "GET", "/v1/review/queue?state=suspended", MODERATOR);
    await record(access, "forbidden", "GET", "/v1/review/queue", MEMBER);
    const review = (await record(access, "application", "GET", `/v1/review/applications/${id}`, MODERATOR)) as Review;
    const [first, second] = review.references;
    await record(access, "invalid-action", "POST", `/v1/review/applications/${id}/actions`, MODERATOR, {
      action: "request_changes",
      version: review.version,
    });
    // Another moderator accepts the first reference; the page still holds the old version.
    const accepted = (await record(access, "accept-reference", "POST", `/v1/review/applications/${id}/actions`, OTHER_MODERATOR, {
      action: "accept_reference",
      version: review.version,
      reference_id: first!.id,
    })) as Review;
    await record(access, "conflict", "POST", `/v1/review/applications/${id}/actions`, MODERATOR, {
      action: "refuse_reference",
      version: review.version,
      reference_id: first!.id,
      reason: "Le référent travaille pour la structure.",
    });
    await record(access, "application-after-conflict", "GET", `/v1/review/applications/${id}`, MODERATOR);
    const both = (await signedCall(access, "POST", `/v1/review/applications/${id}/actions`, MODERATOR, {
      action: "accept_reference",
      version: accepted.version,
      reference_id: second!.id,
    })).body as Review;
    const approved = (await record(access, "approve", "POST", `/v1/review/applications/${id}/actions`, MODERATOR, {
      action: "approve",
      version: both.version,
      reason: "Deux références confirmées.",
    })) as Review & { listing: { slug: string } | null };
    if (approved.listing) {
      await record(access, "listed-provider", "GET", `/v1/providers/${approved.listing.slug}`, null);
    }
  } finally {
    await service.stop();
  }
  // A rejected application once its referees' personal data is erased: a service that keeps
  // it 0 days after the decision erases it as soon as the application is read again.
  const erasing = await startService({ seedDemo: true, env: { DIRECTORY_REFEREE_RETENTION_DAYS: "0" } });
  try {
    const access: ServiceAccess = { url: erasing.url, secret: TEST_SECRET, databasePath: erasing.databasePath };
    const id = await applyAndAnswer(access, DEMO_APPLICANTS[0]!);
    const review = (await signedCall(access, "GET", `/v1/review/applications/${id}`, MODERATOR)).body as Review;
    const rejected = await signedCall(access, "POST", `/v1/review/applications/${id}/actions`, MODERATOR, {
      action: "reject",
      version: review.version,
      reason: "Les références ne confirment pas le projet.",
    });
    if (rejected.status !== 200) throw new Error(`reject refused: ${rejected.status}`);
    await record(access, "erased", "GET", `/v1/review/applications/${id}`, MODERATOR);
  } finally {
    await erasing.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
