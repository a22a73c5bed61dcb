// Answers of the service's forum-member routes (src/contract/members.ts), recorded from the
// real service by scripts/record-members-fixtures.ts: « L'Atelier libre » is listed through
// vetting and review, its team is the preview's provider member (102, "atelier-libre"); 110
// wrote the sample co-funding request, 101 is a member on no team; coop-libre-armor was
// imported without a team. Served under the forum's proxy path by pretender, each request
// answered by the recording of that exact request; a request nothing recorded fails the
// running test (and is answered 500, so the page does not wait for ever); the requests seen
// are kept for assertions.
import type { TestContext } from "@ember/test-helpers";
import type {
  ErrorResponse,
  Provider,
  ProviderMembersResponse,
  ProviderTeam,
} from "@emancipasso/directory-service/contract";
import QUnit from "qunit";
import pretender from "discourse/tests/helpers/create-pretender";
import listedProvider from "../fixtures/members-listed-provider.json";
import member from "../fixtures/members-member.json";
import none from "../fixtures/members-none.json";
import page from "../fixtures/members-page.json";
import provider from "../fixtures/members-provider.json";
import team from "../fixtures/members-team.json";
import teamAnonymous from "../fixtures/members-team-anonymous.json";
import teamImported from "../fixtures/members-team-imported.json";
import { answer } from "./directory-fixtures";

interface Recorded<T> {
  request: { method: string; path: string };
  status: number;
  body: T;
}

const recorded = <T>(fixture: unknown): Recorded<T> => fixture as Recorded<T>;

export const membersFixtures = {
  /** 110, 102, 101 asked together: only 102 speaks for a listed provider. */
  page: recorded<ProviderMembersResponse>(page),
  /** 110 alone: on no team. */
  none: recorded<ProviderMembersResponse>(none),
  /** 102 alone: on « L'Atelier libre »'s team. */
  provider: recorded<ProviderMembersResponse>(provider),
  /** 101 alone: on no team. */
  member: recorded<ProviderMembersResponse>(member),
  listedProvider: recorded<Provider>(listedProvider),
  team: recorded<ProviderTeam>(team),
  teamAnonymous: recorded<ErrorResponse>(teamAnonymous),
  teamImported: recorded<ProviderTeam>(teamImported),
};

/** The provider member of the recordings, as the forum knows them. */
export const PROVIDER_MEMBER = { id: 102, username: "atelier-libre" };
/** The listed provider whose team PROVIDER_MEMBER is on. */
export const LISTED = membersFixtures.provider.body.members[0]!;

const BY_MEMBERS: Recorded<ProviderMembersResponse>[] = [
  membersFixtures.page,
  membersFixtures.none,
  membersFixtures.provider,
  membersFixtures.member,
];

export interface MemberRequests {
  /** The user_ids of each by-members request, in order. */
  byMembers: string[];
  teams: string[];
}

/**
 * The recording of this exact request (path and query as the plugin sent them), else a
 * failed assertion in the running test and a 500.
 */
function recordingOf<T>(
  candidates: Recorded<T>[],
  url: string
): Recorded<T | ErrorResponse> {
  const asked = decodeURIComponent(url.replace(/^\/directory-api/, ""));
  const found = candidates.find(
    (candidate) => candidate.request.path === asked
  );
  if (found) {
    return found;
  }
  const message = `no recorded answer for GET ${asked}`;
  (QUnit.config.current as { assert: QUnitAssert } | null)?.assert.pushResult({
    result: false,
    actual: asked,
    expected: candidates.map((candidate) => candidate.request.path),
    message,
  });
  return {
    request: { method: "GET", path: asked },
    status: 500,
    body: { error: { code: "internal_error", message, details: [] } },
  };
}

/** The running test's assert (QUnit.config.current.assert). */
type QUnitAssert = Parameters<Parameters<typeof QUnit.test>[1]>[0];

/** What pretender's fake request was opened with (path and query). */
const urlOf = (request: object): string => (request as { url: string }).url;

/**
 * Serves the member lookups and the teams from the recordings; `visitor` answers the team
 * as the service answers an anonymous visitor.
 */
export function pretendMembers(
  options: { visitor?: boolean } = {}
): MemberRequests {
  const seen: MemberRequests = { byMembers: [], teams: [] };
  pretender.get("/directory-api/v1/providers/by-members", (request) => {
    seen.byMembers.push(String(request.queryParams["user_ids"] ?? ""));
    const recording = recordingOf(BY_MEMBERS, urlOf(request));
    return answer(recording.status, recording.body);
  });
  pretender.get("/directory-api/v1/providers/:slug/team", (request) => {
    seen.teams.push(String(request.params["slug"] ?? ""));
    const recording = recordingOf<ProviderTeam | ErrorResponse>(
      options.visitor
        ? [membersFixtures.teamAnonymous]
        : [membersFixtures.team, membersFixtures.teamImported],
      urlOf(request)
    );
    return answer(recording.status, recording.body);
  });
  return seen;
}

/** Who the page is shown to, as Discourse registers it: a user, or null for a visitor. */
export function showTo(
  context: TestContext,
  user: { username: string } | null
): void {
  context.owner.register("service:current-user", user as object, {
    instantiate: false,
  });
}
