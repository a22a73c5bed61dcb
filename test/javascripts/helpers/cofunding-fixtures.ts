// Co-funding answers of the real directory service, recorded by
// scripts/record-cofunding-fixtures.ts, served under the forum's relay path by pretender;
// plus the forum-side pieces the panel reads (site settings, the current user) and
// Discourse's CSRF round trip before a write (frontend/discourse/app/lib/ajax.js).
import type Owner from "@ember/owner";
import type {
  CampaignView,
  ErrorResponse,
  MyPledgesResponse,
} from "@emancipasso/directory-service/contract";
import pretender from "discourse/tests/helpers/create-pretender";
import chosenAuthor from "../fixtures/cofunding-chosen-author.json";
import created from "../fixtures/cofunding-created.json";
import expiredMember from "../fixtures/cofunding-expired-member.json";
import fundedMember from "../fixtures/cofunding-funded-member.json";
import mine from "../fixtures/cofunding-mine.json";
import notFound from "../fixtures/cofunding-not-found.json";
import notOpen from "../fixtures/cofunding-not-open.json";
import notProviderMember from "../fixtures/cofunding-not-provider-member.json";
import openAuthor from "../fixtures/cofunding-open-author.json";
import openMember from "../fixtures/cofunding-open-member.json";
import openProviderMember from "../fixtures/cofunding-open-provider-member.json";
import pledgedMember from "../fixtures/cofunding-pledged-member.json";

interface Recorded<T> {
  request: { method: string; path: string };
  status: number;
  body: T;
}

const recorded = <T>(fixture: unknown): Recorded<T> => fixture as Recorded<T>;

export const cofundingFixtures = {
  openMember: recorded<CampaignView>(openMember),
  openProviderMember: recorded<CampaignView>(openProviderMember),
  openAuthor: recorded<CampaignView>(openAuthor),
  chosenAuthor: recorded<CampaignView>(chosenAuthor),
  pledgedMember: recorded<CampaignView>(pledgedMember),
  fundedMember: recorded<CampaignView>(fundedMember),
  expiredMember: recorded<CampaignView>(expiredMember),
  created: recorded<CampaignView>(created),
  mine: recorded<MyPledgesResponse>(mine),
  notFound: recorded<ErrorResponse>(notFound),
  notOpen: recorded<ErrorResponse>(notOpen),
  notProviderMember: recorded<ErrorResponse>(notProviderMember),
};

export const COFUNDING_CATEGORY_ID = 7;

/** What Discourse registers as service:site-settings and service:current-user. */
export function setupForum(
  owner: Owner,
  currentUser: { id: number; username: string } | null
): void {
  owner.register(
    "service:site-settings",
    { emancipasso_cofunding_category: String(COFUNDING_CATEGORY_ID) },
    { instantiate: false }
  );
  if (currentUser) {
    owner.register("service:current-user", currentUser, { instantiate: false });
  }
}

export interface SeenRequest {
  method: string;
  url: string;
  body: string | null;
  idempotencyKey: string | null;
  csrf: string | null;
}

/** Records every request pretender answers, with the headers a write must carry. */
export function recordRequests(): SeenRequest[] {
  const seen: SeenRequest[] = [];
  pretender.handledRequest = (
    verb: string,
    path: string,
    request: { requestBody: unknown; requestHeaders: Record<string, string> }
  ) => {
    seen.push({
      method: verb,
      url: path,
      body:
        typeof request.requestBody === "string" ? request.requestBody : null,
      idempotencyKey: request.requestHeaders["Idempotency-Key"] ?? null,
      csrf: request.requestHeaders["X-CSRF-Token"] ?? null,
    });
  };
  pretender.get("/session/csrf", () => reply(200, { csrf: "jeton-csrf" }));
  return seen;
}

type Reply = [number, Record<string, string>, string];

/** A JSON answer, as create-pretender's response() builds it. */
export function reply(status: number, body: object): Reply {
  return [status, { "Content-Type": "application/json" }, JSON.stringify(body)];
}

export function answer<T>(fixture: Recorded<T>): Reply {
  return reply(fixture.status, fixture.body as object);
}
