// The whole authorization code flow against a real OpenID Provider on loopback:
// discovery, PKCE, state, nonce, the provider's own login and consent forms, the token
// exchange and the signed UserInfo JWT carrying the SIRET.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, type ProConnectConfig } from "../src/config.ts";
import { siretMatchesSiren } from "../src/domain/siret.ts";
import { createProConnect, ProConnectError, type ProConnectFailure } from "../src/proconnect/client.ts";
import { unusedPort } from "./helpers/smtp-sink.ts";
import { signIn, startTestProvider, TEST_CLIENT, type TestProvider } from "./helpers/openid-provider.ts";

// An association's SIREN and one of its establishments; another organisation's SIRET.
const ASSOCIATION_SIREN = "110020013";
const ACCOUNTS = {
  "camille@asso.example.org": { siret: "11002001300097", organization_label: "Les Amis du Jardin" },
  "dominique@autre.example.org": { siret: "35600000000048" },
  "sans-siret@example.org": {},
  "siret-faux@example.org": { siret: "11002001300098" },
};

let op: TestProvider;
let config: ProConnectConfig;
beforeAll(async () => {
  op = await startTestProvider(ACCOUNTS);
  config = loadConfig({
    NODE_ENV: "development",
    PROCONNECT_ISSUER: op.issuer,
    PROCONNECT_CLIENT_ID: TEST_CLIENT.clientId,
    PROCONNECT_CLIENT_SECRET: TEST_CLIENT.clientSecret,
    PROCONNECT_REDIRECT_URI: TEST_CLIENT.redirectUri,
  }).proconnect!;
});
afterAll(() => op.close());

async function failure(promise: Promise<unknown>): Promise<ProConnectFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProConnectError);
    return (error as ProConnectError).code;
  }
  throw new Error("expected a ProConnectError");
}

describe("ProConnect login against a real OpenID Provider", () => {
  it("asks with PKCE (S256), state, nonce and the configured scopes", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const params = new URL(url).searchParams;
    expect(url.startsWith(`${op.issuer}/auth?`)).toBe(true);
    expect(params.get("client_id")).toBe(TEST_CLIENT.clientId);
    expect(params.get("response_type")).toBe("code");
    expect(params.get("redirect_uri")).toBe(TEST_CLIENT.redirectUri);
    expect(params.get("scope")).toBe("openid siret organization_label");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(params.get("code_challenge")).not.toBe(pending.codeVerifier);
    expect(params.get("state")).toBe(pending.state);
    expect(params.get("nonce")).toBe(pending.nonce);
    // ProConnect wants at least 32 characters of each.
    expect(pending.state.length).toBeGreaterThanOrEqual(32);
    expect(pending.nonce.length).toBeGreaterThanOrEqual(32);
    // Each login gets its own secrets.
    const again = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    expect(again.pending.state).not.toBe(pending.state);
    expect(again.pending.codeVerifier).not.toBe(pending.codeVerifier);
  });

  it("signs in and reads the SIRET, which matches the association's SIREN", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const callbackUrl = await signIn(url, "camille@asso.example.org");
    expect(new URL(callbackUrl).searchParams.get("code")).toBeTruthy();
    const identity = await proconnect.finishLogin({ callbackUrl, pending });
    expect(identity).toEqual({
      sub: "camille@asso.example.org",
      siret: "11002001300097",
      organisation_name: "Les Amis du Jardin",
    });
    expect(siretMatchesSiren(identity.siret, ASSOCIATION_SIREN)).toBe(true);
  });

  it("signs in someone from another organisation: the SIRET does not match", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    // Only the query string reaches the service (relayed by the forum): enough.
    const callbackUrl = await signIn(url, "dominique@autre.example.org");
    const identity = await proconnect.finishLogin({ callbackUrl: new URL(callbackUrl).search, pending });
    expect(identity).toEqual({ sub: "dominique@autre.example.org", siret: "35600000000048" });
    expect(siretMatchesSiren(identity.siret, ASSOCIATION_SIREN)).toBe(false);
  });

  it("refuses a callback whose state was tampered with, or that belongs to another login", async () => {
    const proconnect = createProConnect(config);
    const first = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const callbackUrl = new URL(await signIn(first.url, "camille@asso.example.org"));
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set("state", `${first.pending.state.slice(0, -1)}x`);
    expect(await failure(proconnect.finishLogin({ callbackUrl: tampered, pending: first.pending }))).toBe(
      "state_mismatch"
    );
    const missing = new URL(callbackUrl);
    missing.searchParams.delete("state");
    expect(await failure(proconnect.finishLogin({ callbackUrl: missing, pending: first.pending }))).toBe(
      "state_mismatch"
    );
    const other = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    expect(await failure(proconnect.finishLogin({ callbackUrl, pending: other.pending }))).toBe("state_mismatch");
    // A pending login that storage lost or mangled verifies nothing.
    for (const broken of [
      {},
      { ...first.pending, state: "" },
      { ...first.pending, codeVerifier: "short" },
      { ...first.pending, redirectUri: "javascript:alert(1)" },
      null,
    ])
      expect(
        await failure(
          proconnect.finishLogin({ callbackUrl, pending: broken as unknown as typeof first.pending })
        )
      ).toBe("state_mismatch");
    // The code was never spent: the genuine login still completes.
    const identity = await proconnect.finishLogin({ callbackUrl, pending: first.pending });
    expect(identity.siret).toBe("11002001300097");
  });

  it("refuses a replayed code", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const callbackUrl = await signIn(url, "camille@asso.example.org");
    await proconnect.finishLogin({ callbackUrl, pending });
    let error: unknown;
    try {
      await proconnect.finishLogin({ callbackUrl, pending });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProConnectError);
    expect((error as ProConnectError).code).toBe("code_rejected");
    expect((error as ProConnectError).providerError).toBe("invalid_grant");
  });

  it("refuses a code exchanged with the wrong PKCE verifier", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const callbackUrl = await signIn(url, "camille@asso.example.org");
    const wrong = { ...pending, codeVerifier: `${pending.codeVerifier.slice(0, -2)}AA` };
    expect(await failure(proconnect.finishLogin({ callbackUrl, pending: wrong }))).toBe("code_rejected");
  });

  it("refuses an ID token issued for another nonce", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const callbackUrl = await signIn(url, "camille@asso.example.org");
    const other = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const mixed = { ...pending, nonce: other.pending.nonce };
    expect(await failure(proconnect.finishLogin({ callbackUrl, pending: mixed }))).toBe("nonce_mismatch");
  });

  it("reports the provider's error when the user cancels", async () => {
    const proconnect = createProConnect(config);
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const callbackUrl = await signIn(url, "camille@asso.example.org", { abort: true });
    expect(new URL(callbackUrl).searchParams.get("error")).toBe("access_denied");
    let error: unknown;
    try {
      await proconnect.finishLogin({ callbackUrl, pending });
    } catch (caught) {
      error = caught;
    }
    expect((error as ProConnectError).code).toBe("provider_error");
    expect((error as ProConnectError).providerError).toBe("access_denied");
  });

  it("refuses an identity without a SIRET, or with one that fails its check digit", async () => {
    const proconnect = createProConnect(config);
    for (const account of ["sans-siret@example.org", "siret-faux@example.org"]) {
      const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
      const callbackUrl = await signIn(url, account);
      expect(await failure(proconnect.finishLogin({ callbackUrl, pending })), account).toBe("missing_siret");
    }
  });

  it("says the provider is unavailable when discovery fails, and tries again later", async () => {
    const down = createProConnect({ ...config, issuer: `http://127.0.0.1:${await unusedPort()}` });
    expect(await failure(down.beginLogin({ redirectUri: TEST_CLIENT.redirectUri }))).toBe("provider_unavailable");
    expect(await failure(down.beginLogin({ redirectUri: TEST_CLIENT.redirectUri }))).toBe("provider_unavailable");
  });

  it("works with ES256 signatures too", async () => {
    const es = await startTestProvider(ACCOUNTS, "ES256");
    try {
      const proconnect = createProConnect({ ...config, issuer: es.issuer, signingAlg: "ES256" });
      const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
      const identity = await proconnect.finishLogin({
        callbackUrl: await signIn(url, "camille@asso.example.org"),
        pending,
      });
      expect(identity.siret).toBe("11002001300097");
      // A client expecting RS256 refuses what an ES256 provider signs.
      const mismatched = createProConnect({ ...config, issuer: es.issuer, signingAlg: "RS256" });
      const second = await mismatched.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
      const callbackUrl = await signIn(second.url, "camille@asso.example.org");
      expect(await failure(mismatched.finishLogin({ callbackUrl, pending: second.pending }))).toBe(
        "invalid_response"
      );
    } finally {
      await es.close();
    }
  });
});

describe("ProConnect configuration", () => {
  const base = { NODE_ENV: "development" };
  it("is off without settings and takes all three or none", () => {
    expect(loadConfig(base).proconnect).toBeNull();
    expect(() => loadConfig({ ...base, PROCONNECT_ISSUER: "https://proconnect.example.gouv.fr/api/v2" })).toThrow(
      ConfigError
    );
    expect(() =>
      loadConfig({ ...base, PROCONNECT_CLIENT_ID: "id", PROCONNECT_CLIENT_SECRET: "secret" })
    ).toThrow(ConfigError);
  });

  it("wants https except for a provider on this machine", () => {
    const settings = { ...base, PROCONNECT_CLIENT_ID: "id", PROCONNECT_CLIENT_SECRET: "secret" };
    expect(() => loadConfig({ ...settings, PROCONNECT_ISSUER: "http://proconnect.example.org" })).toThrow(
      ConfigError
    );
    expect(loadConfig({ ...settings, PROCONNECT_ISSUER: "http://127.0.0.1:9999" }).proconnect).toMatchObject({
      issuer: "http://127.0.0.1:9999",
      signingAlg: "RS256",
      scopes: "openid siret organization_label",
    });
    expect(() =>
      loadConfig({ ...settings, PROCONNECT_ISSUER: "https://x.example.org", PROCONNECT_SIGNING_ALG: "none" })
    ).toThrow(ConfigError);
  });
});
