// "Confirmer mon organisation avec ProConnect" from the questionnaire, against a real
// OpenID Provider on loopback (oidc-provider, configured as ProConnect behaves): a SIRET
// whose first nine digits are the declared SIREN confirms the organisation; another SIRET
// is recorded as a mismatch, shown to the referee and kept for moderators.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApplicationView } from "../src/contract/index.ts";
import { loadConfig } from "../src/config.ts";
import { createProConnect } from "../src/proconnect/client.ts";
import { signIn, startTestProvider, TEST_CLIENT, type TestProvider } from "./helpers/openid-provider.ts";
import { startTestService, type TestService } from "./helpers/service.ts";
import {
  DIRECTORY_MODERATOR,
  OWNER,
  VALID_SIREN,
  createApplication,
  fullDraft,
  reference,
  submitApplication,
  vettingSnapshot,
} from "./helpers/vetting.ts";

const FORUM = "https://forum.example.org";
/** Hand-computed valid SIRETs (Luhn): the first is an establishment of VALID_SIREN. */
const SIRET_OF_VALID_SIREN = "73282932000009";
const OTHER_SIRET = "55210055400005";

let op: TestProvider;
let service: TestService;
beforeAll(async () => {
  op = await startTestProvider({
    "agent-of-the-association": { siret: SIRET_OF_VALID_SIREN, organization_label: "Association des Amis 2" },
    "agent-elsewhere": { siret: OTHER_SIRET, organization_label: "Autre organisation" },
  });
});
afterAll(() => op.close());
beforeEach(async () => {
  const config = loadConfig({
    NODE_ENV: "development",
    PROCONNECT_ISSUER: op.issuer,
    PROCONNECT_CLIENT_ID: TEST_CLIENT.clientId,
    PROCONNECT_CLIENT_SECRET: TEST_CLIENT.clientSecret,
  }).proconnect!;
  service = await startTestService({
    vetting: {
      forumBaseUrl: FORUM,
      proconnect: createProConnect(config),
      proconnectRedirectUri: TEST_CLIENT.redirectUri,
      // The token is read from the invitation queued in the outbox.
      randomBytes: (size) => Buffer.alloc(size, 7 + counter++),
    },
  });
});
afterEach(() => service.close());
let counter = 0;

/** The link of reference(2) (declared with VALID_SIREN), from the queued invitation. */
async function tokenOfSirenReference(): Promise<{ id: number; token: string }> {
  const app = await createApplication(service, OWNER, fullDraft());
  await submitApplication(service, app.id);
  const rows = service.db
    .prepare("SELECT to_address, params FROM outbox WHERE template = 'reference_invitation'")
    .all() as { to_address: string; params: string }[];
  const row = rows.find((r) => r.to_address === reference(2).referee_email)!;
  expect(reference(2).association_number).toBe(VALID_SIREN);
  return { id: app.id, token: (JSON.parse(row.params) as { link: string }).link.split("/").at(-1)! };
}

/** The page going on to ProConnect: a refresh and a link, both to the authorization URL. */
function authorizationUrlIn(html: string): string {
  const refresh = /<meta http-equiv="refresh" content="0;url=([^"]+)">/.exec(html)![1]!;
  const link = /<a class="button" href="([^"]+)">/.exec(html)![1]!;
  expect(link).toBe(refresh);
  return refresh.replace(/&amp;/g, "&");
}

async function confirmWith(token: string, account: string) {
  const start = await service.request(`/v1/references/${token}/proconnect`);
  expect(start.status).toBe(200);
  const authorizationUrl = authorizationUrlIn(await start.text());
  expect(authorizationUrl.startsWith(op.issuer)).toBe(true);
  const back = new URL(await signIn(authorizationUrl, account));
  // The relay forwards /annuaire/reference/proconnect/callback?… to the service.
  return service.request(`/v1/references/proconnect/callback${back.search}`);
}

const referenceOf = async (id: number) =>
  ApplicationView.parse((await service.json(`/v1/applications/${id}`, { user: DIRECTORY_MODERATOR })).body)
    .references[1]!;

describe("ProConnect from the questionnaire", () => {
  it("offers the button, and marks the organisation confirmed when the SIRET belongs to the declared SIREN", async () => {
    const { id, token } = await tokenOfSirenReference();
    const before = await service.request(`/v1/references/${token}`);
    const html = await before.text();
    expect(html).toContain("Confirmer mon organisation avec ProConnect");
    expect(html).toContain(`href="${token}/proconnect?lang=fr"`);

    const done = await confirmWith(token, "agent-of-the-association");
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`Organisation confirmée avec ProConnect (SIRET ${SIRET_OF_VALID_SIREN})`);
    const ref = await referenceOf(id);
    expect(ref.organisation_confirmation).toMatchObject({
      status: "confirmed",
      siret: SIRET_OF_VALID_SIREN,
      organisation_name: "Association des Amis 2",
    });
    expect(ref.state).toBe("invited");
    // The questionnaire now says so, and no longer offers the button.
    const after = await (await service.request(`/v1/references/${token}`)).text();
    expect(after).toContain("Organisation confirmée avec ProConnect");
    expect(after).not.toContain("Confirmer mon organisation avec ProConnect");
  });

  it("records a mismatch (not hidden): the referee and the moderators see it", async () => {
    const { id, token } = await tokenOfSirenReference();
    const done = await confirmWith(token, "agent-elsewhere");
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`ProConnect indique le SIRET ${OTHER_SIRET}`);
    expect((await referenceOf(id)).organisation_confirmation).toMatchObject({
      status: "mismatch",
      siret: OTHER_SIRET,
    });
    expect(await (await service.request(`/v1/references/${token}`)).text()).toContain(
      "ne correspond pas au numéro déclaré"
    );
  });

  it("a callback with an unknown or reused state, or without one, changes nothing", async () => {
    const { token } = await tokenOfSirenReference();
    const start = await service.request(`/v1/references/${token}/proconnect`);
    const back = new URL(await signIn(authorizationUrlIn(await start.text()), "agent-of-the-association"));
    const forged = new URLSearchParams(back.search);
    forged.set("state", "another-state-value");
    const before = vettingSnapshot(service);
    expect((await service.request(`/v1/references/proconnect/callback?${forged}`)).status).toBe(400);
    expect((await service.request(`/v1/references/proconnect/callback`)).status).toBe(400);
    expect(vettingSnapshot(service)).toEqual(before);
    expect((await service.request(`/v1/references/proconnect/callback${back.search}`)).status).toBe(200);
    const after = vettingSnapshot(service);
    expect((await service.request(`/v1/references/proconnect/callback${back.search}`)).status).toBe(400);
    expect(vettingSnapshot(service)).toEqual(after);
  });

  it("a closed reference cannot start a login (410) and an unknown link is 404", async () => {
    const { token } = await tokenOfSirenReference();
    const csrf = /name="csrf" value="([^"]+)"/.exec(await (await service.request(`/v1/references/${token}`)).text())![1]!;
    await service.request(`/v1/references/${token}/decline`, {
      method: "POST",
      contentType: "application/x-www-form-urlencoded",
      body: `csrf=${encodeURIComponent(csrf)}`,
    });
    expect((await service.request(`/v1/references/${token}/proconnect`)).status).toBe(410);
    expect((await service.request(`/v1/references/${"A".repeat(43)}/proconnect`)).status).toBe(404);
  });
});

describe("without ProConnect configured", () => {
  it("offers no button and answers 503 to its routes", async () => {
    await service.close();
    service = await startTestService({ vetting: { forumBaseUrl: FORUM } });
    const { token } = await tokenOfSirenReference();
    expect(await (await service.request(`/v1/references/${token}`)).text()).not.toContain("ProConnect");
    expect((await service.request(`/v1/references/${token}/proconnect`)).status).toBe(503);
    expect((await service.request(`/v1/references/proconnect/callback?state=x&code=y`)).status).toBe(503);
  });
});
