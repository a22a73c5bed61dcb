// The forum's provider-member routes over real signed HTTP on a real SQLite file: the
// vetting chip's lookup answers only members of listed providers' teams, refuses bad id
// lists with 400, and the team's usernames go to signed-in users only.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ProviderMembersResponse, ProviderTeam } from "../src/contract/index.ts";
import { ADMIN, MEMBER, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { OTHER_MEMBER, OWNER, TEAMMATE, fullDraft } from "./helpers/vetting.ts";
import { acceptAll, actNow, applicationInReview } from "./helpers/review.ts";

let service: TestService;
beforeEach(async () => {
  service = await startTestService();
});
afterEach(() => service.close());

/** OWNER's application, TEAMMATE in its team, referees answered; listed unless told. */
async function teamApplication(listed: boolean): Promise<number> {
  const id = await applicationInReview(service, undefined, fullDraft(), OWNER);
  const invite = await service.json(`/v1/structures/${id}/invitations`, {
    method: "POST",
    user: OWNER,
    contentType: "application/json",
    body: JSON.stringify({ username: TEAMMATE.username }),
  });
  expect(invite.status).toBe(201);
  const accepted = await service.json(`/v1/structures/${id}/invitations/accept`, { method: "POST", user: TEAMMATE });
  expect(accepted.status).toBe(200);
  if (listed) {
    await acceptAll(service, id, ADMIN);
    await actNow(service, id, ADMIN, { action: "approve" });
  }
  return id;
}

const listedSlug = () =>
  (service.db.prepare("SELECT provider_slug FROM review_listings").get() as { provider_slug: string }).provider_slug;

const byMembers = async (ids: string) => {
  const { status, body } = await service.json(`/v1/providers/by-members?user_ids=${ids}`, { user: null });
  return { status, body };
};

describe("GET /v1/providers/by-members", () => {
  it("answers the listed provider of each team member, and nothing for other users", async () => {
    await teamApplication(true);
    const slug = listedSlug();
    const { status, body } = await byMembers(`${OWNER.id},${OTHER_MEMBER.id},${TEAMMATE.id},999`);
    expect(status).toBe(200);
    const name = fullDraft().structure.name;
    expect(ProviderMembersResponse.parse(body).members).toEqual([
      { user_id: OWNER.id, slug, name },
      { user_id: TEAMMATE.id, slug, name },
    ]);
  });

  it("leaves out the team of an application not yet listed, and of a suspended provider", async () => {
    const id = await teamApplication(false);
    expect(ProviderMembersResponse.parse((await byMembers(`${OWNER.id},${TEAMMATE.id}`)).body).members).toEqual([]);
    await acceptAll(service, id, ADMIN);
    await actNow(service, id, ADMIN, { action: "approve" });
    expect(ProviderMembersResponse.parse((await byMembers(`${OWNER.id}`)).body).members).toHaveLength(1);
    await actNow(service, id, ADMIN, { action: "suspend", reason: "Plainte à vérifier." });
    expect(ProviderMembersResponse.parse((await byMembers(`${OWNER.id}`)).body).members).toEqual([]);
  });

  it("refuses bad id lists with 400 in the contract's error shape", async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(",");
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1).join(",");
    expect((await byMembers(hundred)).status).toBe(200);
    for (const query of ["", "abc", "1,,2", "0", "-3", "1.5", "1,1", tooMany, "99999999999"]) {
      const { status, body } = await byMembers(query);
      expect(status, query).toBe(400);
      expect(expectErrorShape(body).code, query).toBe("invalid_parameters");
    }
    const missing = await service.json("/v1/providers/by-members", { user: null });
    expect(missing.status).toBe(400);
    const extra = await service.json("/v1/providers/by-members?user_ids=1&x=2", { user: null });
    expect(extra.status).toBe(400);
  });

  it("refuses an unsigned request", async () => {
    const response = await fetch(`${service.url}/v1/providers/by-members?user_ids=1`);
    expect(response.status).toBe(401);
  });
});

describe("GET /v1/providers/{slug}/team", () => {
  it("answers the team's usernames, owner first, to a signed-in user", async () => {
    await teamApplication(true);
    const { status, body } = await service.json(`/v1/providers/${listedSlug()}/team`, { user: MEMBER });
    expect(status).toBe(200);
    expect(ProviderTeam.parse(body)).toEqual({ slug: listedSlug(), usernames: [OWNER.username, TEAMMATE.username] });
  });

  it("gives anonymous visitors no usernames (401)", async () => {
    await teamApplication(true);
    const { status, body } = await service.json(`/v1/providers/${listedSlug()}/team`, { user: null });
    expect(status).toBe(401);
    expect(expectErrorShape(body).code).toBe("authentication_required");
    expect(JSON.stringify(body)).not.toContain(TEAMMATE.username);
  });

  it("answers an empty team for an imported provider, 404 for a provider not listed", async () => {
    service.seed([makeProvider({ slug: "importe-sans-equipe" }), makeProvider({ slug: "suspendu", status: "suspended" })]);
    const imported = await service.json("/v1/providers/importe-sans-equipe/team", { user: MEMBER });
    expect(ProviderTeam.parse(imported.body).usernames).toEqual([]);
    for (const slug of ["suspendu", "inconnu", "A"]) {
      const { status, body } = await service.json(`/v1/providers/${slug}/team`, { user: MEMBER });
      expect(status, slug).toBe(404);
      expect(expectErrorShape(body).code).toBe("provider_not_found");
    }
  });
});
