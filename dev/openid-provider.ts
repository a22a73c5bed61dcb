// Development OpenID Provider for `make start`, standing in for ProConnect on loopback
// (oidc-provider): one confidential client, PKCE required, ID token and UserInfo signed
// with RS256, scopes siret and organization_label, and oidc-provider's development login
// and consent pages. Sign in with one of the accounts below (any password).
//   DEV_OP_PORT (default 0), PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET,
//   PROCONNECT_REDIRECT_URI (the callback to accept; several separated by spaces).
// Prints "openid provider listening on <issuer>" on stdout.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** Test identities: an association (SIRET of SIREN 110 020 013) and another organisation. */
const ACCOUNTS: Record<string, { siret: string; organization_label: string }> =
  {
    "referent@asso.example.org": {
      siret: "11002001300097",
      organization_label: "Les Amis du Jardin",
    },
    "agent@laposte.example.org": {
      siret: "35600000000048",
      organization_label: "La Poste",
    },
  };

const clientId = process.env.PROCONNECT_CLIENT_ID || "annuaire-emancipasso-dev";
const clientSecret =
  process.env.PROCONNECT_CLIENT_SECRET ||
  "development-client-secret-not-for-production";
const redirectUris = (
  process.env.PROCONNECT_REDIRECT_URI ||
  "http://127.0.0.1:4200/annuaire/proconnect/callback"
)
  .split(/\s+/)
  .filter(Boolean);

let handler: (req: IncomingMessage, res: ServerResponse) => void = (
  _req,
  res
) => res.end();
const server = createServer((req, res) => handler(req, res));
await new Promise<void>((resolve) =>
  server.listen(Number(process.env.DEV_OP_PORT ?? 0), "127.0.0.1", () =>
    resolve()
  )
);
const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_post",
      id_token_signed_response_alg: "RS256",
      userinfo_signed_response_alg: "RS256",
    },
  ],
  jwks: {
    keys: [
      {
        ...key.export({ format: "jwk" }),
        kid: "dev-key",
        alg: "RS256",
        use: "sig",
      },
    ],
  },
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
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  ttl: {
    AuthorizationCode: 30,
    AccessToken: 60,
    IdToken: 60,
    Interaction: 600,
    Session: 3600,
    Grant: 3600,
  },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    return account
      ? { accountId: id, claims: async () => ({ sub: id, ...account }) }
      : undefined;
  },
});
handler = provider.callback();

process.stdout.write(`openid provider listening on ${issuer}\n`);
process.stderr.write(
  `openid provider: client ${clientId}, redirect ${redirectUris.join(" ")}; accounts (any password): ${Object.keys(ACCOUNTS).join(", ")}\n`
);

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
