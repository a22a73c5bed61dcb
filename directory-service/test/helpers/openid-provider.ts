// A real OpenID Provider (oidc-provider) on loopback, configured the way ProConnect
// behaves for a relying party: one confidential client (client_secret_post), PKCE required,
// ID token and UserInfo signed (UserInfo as a JWT), scopes siret and organization_label.
// Its development interactions (a login form that accepts any known account id, then a
// consent form) are driven by `signIn`, a tiny browser: plain HTTP, cookies, forms.
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestAccount {
  siret?: string;
  organization_label?: string;
}

export interface TestProvider {
  issuer: string;
  close(): Promise<void>;
}

export const TEST_CLIENT = {
  clientId: "annuaire-emancipasso",
  clientSecret: "a-client-secret-for-the-test-provider-0123456789",
  redirectUri: "https://forum.example.org/annuaire/proconnect/callback",
};

export async function startTestProvider(
  accounts: Record<string, TestAccount>,
  signingAlg: "RS256" | "ES256" = "RS256"
): Promise<TestProvider> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const key =
    signingAlg === "RS256"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey
      : generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
        redirect_uris: [TEST_CLIENT.redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
        id_token_signed_response_alg: signingAlg,
        userinfo_signed_response_alg: signingAlg,
      },
    ],
    jwks: { keys: [{ ...key.export({ format: "jwk" }), kid: "test-key", alg: signingAlg, use: "sig" }] },
    claims: {
      openid: ["sub"],
      siret: ["siret"],
      organization_label: ["organization_label"],
    },
    features: {
      devInteractions: { enabled: true },
      jwtUserinfo: { enabled: true },
    },
    pkce: { required: () => true },
    cookies: { keys: ["test-provider-cookie-key-0123456789"] },
    // Short lives as at ProConnect (code 30 s, access token 60 s); set, so not warned about.
    ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 60, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  });
  handler = provider.callback();
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Follows the authorization URL like a browser: redirects, the login form (signing in as
 * `account`), the consent form; stops at the redirect back to the relying party and
 * returns that URL. With `abort`, leaves the login page through its "cancel" link.
 */
export async function signIn(
  authorizationUrl: string,
  account: string,
  options: { abort?: boolean } = {}
): Promise<string> {
  const cookies = new Map<string, string>();
  let url = authorizationUrl;
  let init: RequestInit = { method: "GET" };
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader(cookies) },
    });
    for (const line of response.headers.getSetCookie()) remember(cookies, line);
    const location = response.headers.get("location");
    if (location) {
      const next = new URL(location, url).href;
      if (next.startsWith(TEST_CLIENT.redirectUri)) return next;
      url = next;
      init = { method: "GET" };
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`provider answered ${response.status}: ${html.slice(0, 500)}`);
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
    if (!form) throw new Error(`no form on ${url}: ${html.slice(0, 500)}`);
    const action = new URL(decodeEntities(form[1]!), url).href;
    if (options.abort) {
      url = `${action}/abort`;
      init = { method: "GET" };
      continue;
    }
    const fields = new URLSearchParams();
    for (const input of form[2]!.matchAll(/<input[^>]*name="([^"]+)"(?:[^>]*value="([^"]*)")?[^>]*>/g))
      fields.set(input[1]!, decodeEntities(input[2] ?? ""));
    if (fields.get("prompt") === "login") {
      fields.set("login", account);
      fields.set("password", "any");
    }
    url = action;
    init = {
      method: "POST",
      body: fields.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    };
  }
  throw new Error("too many steps before the redirect back");
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

function remember(cookies: Map<string, string>, line: string): void {
  const [pair = "", ...attributes] = line.split(";");
  const index = pair.indexOf("=");
  const name = pair.slice(0, index).trim();
  const value = pair.slice(index + 1).trim();
  const expired = attributes.some(
    (attribute) => /^\s*expires=/i.test(attribute) && new Date(attribute.split("=")[1]!) < new Date()
  );
  if (value === "" || expired) cookies.delete(name);
  else cookies.set(name, value);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x2F;/gi, "/")
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
