// ProConnect (the French OpenID Connect federation for professionals) as a relying party,
// with openid-client: authorization code flow with PKCE (S256), state and nonce, discovery
// of the provider's endpoints, then the UserInfo call, which carries the organisation's
// SIRET. ProConnect's documented behaviour we follow: state and nonce of at least 32
// characters, client_secret_post at the token endpoint, ID token AND UserInfo answer
// signed (a JWT) with the algorithm chosen at registration (RS256 or ES256), scopes
// "siret" and "organization_label" for the organisation's number and display name.
//
// Every failure comes out as a ProConnectError with a code from a closed list: the
// routes map it to an answer; nothing here throws anything else.
import { timingSafeEqual } from "node:crypto";
import * as oidc from "openid-client";
import { z } from "zod";
import { isLoopback, type ProConnectConfig } from "../config.ts";
import { isValidSiret } from "../domain/siret.ts";

export const PROCONNECT_FAILURES = [
  /** Discovery or a back-channel call could not reach the provider. */
  "provider_unavailable",
  /** The callback's state is not the one this login started with (CSRF, or another tab). */
  "state_mismatch",
  /** The ID token was not issued for this login (replayed or injected token). */
  "nonce_mismatch",
  /** The provider answered the callback with an error (e.g. access_denied). */
  "provider_error",
  /** The token endpoint refused the code (already used, expired, wrong verifier…). */
  "code_rejected",
  /** An answer from the provider failed a check (signature, issuer, audience…). */
  "invalid_response",
  /** The user's identity carries no usable SIRET. */
  "missing_siret",
] as const;
export type ProConnectFailure = (typeof PROCONNECT_FAILURES)[number];

export class ProConnectError extends Error {
  constructor(
    readonly code: ProConnectFailure,
    message: string,
    /** For provider_error and code_rejected: the provider's OAuth error code. */
    readonly providerError?: string
  ) {
    super(message);
    this.name = "ProConnectError";
  }
}

/**
 * What the service keeps between beginLogin and finishLogin, server side (or sealed): plain
 * JSON. finishLogin checks it with this schema, so it can be read back from storage as is.
 */
export const PendingLogin = z.strictObject({
  state: z.string().min(32).max(512),
  nonce: z.string().min(32).max(512),
  codeVerifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/),
  redirectUri: z.url({ protocol: /^https?$/ }),
});
export type PendingLogin = z.infer<typeof PendingLogin>;

export interface ProConnectIdentity {
  /** The user's stable identifier at ProConnect. */
  sub: string;
  /** The establishment the user signed in for: 14 digits, check digit verified. */
  siret: string;
  /** Display name of the organisation, when the provider gives one (organization_label). */
  organisation_name?: string;
}

export interface ProConnect {
  beginLogin(options: { redirectUri: string; loginHint?: string }): Promise<{
    url: string;
    pending: PendingLogin;
  }>;
  /**
   * Completes a login from the URL (or just the query string) the browser came back
   * with. The token request uses pending.redirectUri, so a callback relayed through the
   * forum under another host still matches what was registered.
   */
  finishLogin(options: { callbackUrl: string | URL; pending: PendingLogin }): Promise<ProConnectIdentity>;
}

export function createProConnect(config: ProConnectConfig): ProConnect {
  let discovered: Promise<oidc.Configuration> | null = null;

  // Discovery happens on first use and is kept; a failed discovery is retried next time.
  const configuration = (): Promise<oidc.Configuration> => {
    discovered ??= discover(config).catch((error: unknown) => {
      discovered = null;
      throw new ProConnectError(
        "provider_unavailable",
        `ProConnect discovery failed at ${config.issuer}: ${messageOf(error)}`
      );
    });
    return discovered;
  };

  return {
    async beginLogin({ redirectUri, loginHint }) {
      const client = await configuration();
      const pending: PendingLogin = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
        redirectUri,
      };
      const parameters: Record<string, string> = {
        redirect_uri: redirectUri,
        scope: config.scopes,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: "S256",
      };
      if (loginHint) parameters.login_hint = loginHint;
      return { url: oidc.buildAuthorizationUrl(client, parameters).href, pending };
    },

    async finishLogin({ callbackUrl, pending: stored }) {
      const parsed = PendingLogin.safeParse(stored);
      if (!parsed.success)
        throw new ProConnectError("state_mismatch", "no valid login is waiting for this callback");
      const pending = parsed.data;
      const client = await configuration();
      const received = callbackParams(callbackUrl);
      // State first: an answer for another login is refused before anything else is read.
      if (!sameSecret(received.get("state") ?? "", pending.state))
        throw new ProConnectError("state_mismatch", "the callback's state is not this login's");
      const error = received.get("error");
      if (error)
        throw new ProConnectError(
          "provider_error",
          `ProConnect answered ${error}${received.get("error_description") ? `: ${received.get("error_description")}` : ""}`,
          error
        );

      const current = new URL(pending.redirectUri);
      current.search = received.toString();
      let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
      try {
        tokens = await oidc.authorizationCodeGrant(client, current, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (caught) {
        throw translate(caught);
      }
      const sub = tokens.claims()?.sub;
      if (!sub) throw new ProConnectError("invalid_response", "the ID token names no subject");

      let userinfo: oidc.UserInfoResponse;
      try {
        userinfo = await oidc.fetchUserInfo(client, tokens.access_token, sub);
      } catch (caught) {
        throw translate(caught);
      }
      const siret = typeof userinfo.siret === "string" ? userinfo.siret.replace(/\s/g, "") : "";
      if (!isValidSiret(siret))
        throw new ProConnectError(
          "missing_siret",
          siret === "" ? "the identity carries no SIRET" : `the identity's SIRET "${siret}" is not valid`
        );
      const label = userinfo.organization_label;
      return {
        sub,
        siret,
        ...(typeof label === "string" && label.trim() !== "" ? { organisation_name: label.trim() } : {}),
      };
    },
  };
}

async function discover(config: ProConnectConfig): Promise<oidc.Configuration> {
  const issuer = new URL(config.issuer);
  const execute: ((c: oidc.Configuration) => void)[] = [];
  // http only for a provider on this machine (tests, `make start`); config.ts refuses others.
  if (issuer.protocol === "http:" && isLoopback(issuer.hostname)) execute.push(oidc.allowInsecureRequests);
  const client = await oidc.discovery(
    issuer,
    config.clientId,
    {
      id_token_signed_response_alg: config.signingAlg,
      userinfo_signed_response_alg: config.signingAlg,
    },
    oidc.ClientSecretPost(config.clientSecret),
    { execute }
  );
  return client;
}

function callbackParams(callbackUrl: string | URL): URLSearchParams {
  if (callbackUrl instanceof URL) return new URLSearchParams(callbackUrl.search);
  const text = callbackUrl.includes("?") ? callbackUrl.slice(callbackUrl.indexOf("?") + 1) : callbackUrl;
  return new URLSearchParams(text.split("#")[0]);
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** openid-client's errors, sorted into our closed list. */
function translate(error: unknown): ProConnectError {
  if (error instanceof ProConnectError) return error;
  if (error instanceof oidc.AuthorizationResponseError)
    return new ProConnectError("provider_error", `ProConnect answered ${error.error}`, error.error);
  if (error instanceof oidc.ResponseBodyError)
    return new ProConnectError(
      "code_rejected",
      `ProConnect refused the request: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}`,
      error.error
    );
  const message = messageOf(error);
  const cause = (error as { cause?: unknown } | null)?.cause;
  const claim = (cause as { claim?: unknown } | null)?.claim ?? (cause as { cause?: { claim?: unknown } } | null)?.cause?.claim;
  if (claim === "nonce" || /"nonce"/.test(message))
    return new ProConnectError("nonce_mismatch", "the ID token was not issued for this login");
  if (/"state"/.test(message)) return new ProConnectError("state_mismatch", message);
  if (error instanceof TypeError && /fetch failed/.test(message))
    return new ProConnectError("provider_unavailable", message);
  return new ProConnectError("invalid_response", message);
}
