// Answers of the service's forum-member routes (src/contract/members.ts), typed against
// the contract and served under the forum's proxy path by pretender; the requests seen
// are kept for assertions.
import type { TestContext } from "@ember/test-helpers";
import type {
  ErrorResponse,
  ProviderMember,
  ProviderMembersResponse,
  ProviderTeam,
} from "@emancipasso/directory-service/contract";
import pretender from "discourse/tests/helpers/create-pretender";
import { answer } from "./directory-fixtures";

/** Camille (10) and Dominique (11) are the team of the listed Coop'Libre Armor. */
export const COOP_MEMBERS: ProviderMember[] = [
  { user_id: 10, slug: "coop-libre-armor", name: "Coop'Libre Armor" },
  { user_id: 11, slug: "coop-libre-armor", name: "Coop'Libre Armor" },
];

export const COOP_TEAM: ProviderTeam = {
  slug: "coop-libre-armor",
  usernames: ["Camille_Coop", "dominique"],
};

const SIGN_IN_FIRST: ErrorResponse = {
  error: {
    code: "authentication_required",
    message: "sign in to the forum to contact a provider's team",
    details: [],
  },
};

export interface MemberRequests {
  byMembers: string[];
  teams: string[];
}

/** Serves the member lookups and teams; `teams` maps a slug to its usernames. */
export function pretendMembers(
  teams: Record<string, string[]> = { [COOP_TEAM.slug]: COOP_TEAM.usernames }
): MemberRequests {
  const seen: MemberRequests = { byMembers: [], teams: [] };
  pretender.get("/directory-api/v1/providers/by-members", (request) => {
    const ids = String(request.queryParams["user_ids"] ?? "");
    seen.byMembers.push(ids);
    const asked = new Set(ids.split(",").map(Number));
    const body: ProviderMembersResponse = {
      members: COOP_MEMBERS.filter((member) => asked.has(member.user_id)),
    };
    return answer(200, body);
  });
  pretender.get("/directory-api/v1/providers/:slug/team", (request) => {
    const slug = String(request.params["slug"] ?? "");
    seen.teams.push(slug);
    const usernames = teams[slug];
    const body: ProviderTeam | ErrorResponse = usernames
      ? { slug, usernames }
      : {
          error: {
            code: "provider_not_found",
            message: "no public provider has this slug",
            details: [],
          },
        };
    return answer(usernames ? 200 : 404, body);
  });
  return seen;
}

/** The service's answer to an anonymous visitor asking for a team. */
export function pretendAnonymousTeam(): MemberRequests {
  const seen: MemberRequests = { byMembers: [], teams: [] };
  pretender.get("/directory-api/v1/providers/:slug/team", (request) => {
    seen.teams.push(String(request.params["slug"] ?? ""));
    return answer(401, SIGN_IN_FIRST);
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
