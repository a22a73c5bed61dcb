// The preview's signer against every reference vector of the contract: the same vectors
// the service's verifier and the plugin's Ruby signer are held to.
import { ActingUser } from "@emancipasso/directory-service/contract";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { z } from "zod";
import {
  canonicalString,
  encodeUser,
  sha256Hex,
  SIGNATURE_HEADERS,
  signatureHeaders,
  signCanonical,
} from "../../preview/signer.ts";
import { ROOT } from "./helpers/service.ts";

const Vector = z.strictObject({
  name: z.string(),
  method: z.string(),
  path_with_query: z.string(),
  timestamp: z.string(),
  nonce: z.string(),
  body: z.string(),
  body_sha256: z.string(),
  user_header: z.string(),
  canonical: z.string(),
  signature: z.string(),
});
// The reference file's user_example predates the acting user's Guardian fields: its header
// is signed as an opaque string, and encoding is checked on the project's own example.
const VectorFile = z.object({
  secret: z.string(),
  vectors: z.array(Vector).min(1),
});

const EXAMPLE_USER: ActingUser = {
  id: 42,
  username: "camille",
  locale: "fr",
  trust_level: 3,
  admin: false,
  moderator: false,
  directory_moderator: true,
  cofunding_moderator: false,
};

const file = VectorFile.parse(
  JSON.parse(
    readFileSync(join(ROOT, "contract/signature-vectors.json"), "utf8")
  )
);

for (const vector of file.vectors) {
  test(`signer reproduces the vector "${vector.name}"`, () => {
    const bodySha256 = sha256Hex(Buffer.from(vector.body, "utf8"));
    assert.equal(bodySha256, vector.body_sha256);
    const canonical = canonicalString({
      method: vector.method,
      pathWithQuery: vector.path_with_query,
      timestamp: vector.timestamp,
      nonce: vector.nonce,
      bodySha256,
      userHeader: vector.user_header,
    });
    assert.equal(canonical, vector.canonical);
    assert.equal(signCanonical(canonical, file.secret), vector.signature);

    // The whole path the proxy takes: headers from the request and the user header.
    const headers = signatureHeaders({
      method: vector.method,
      pathWithQuery: vector.path_with_query,
      body: Buffer.from(vector.body, "utf8"),
      user: null,
      userHeader: vector.user_header,
      secret: file.secret,
      nowSeconds: Number(vector.timestamp),
      nonce: vector.nonce,
    });
    assert.equal(headers[SIGNATURE_HEADERS.signature], vector.signature);
    assert.equal(headers[SIGNATURE_HEADERS.timestamp], vector.timestamp);
    assert.equal(headers[SIGNATURE_HEADERS.nonce], vector.nonce);
    assert.equal(
      headers[SIGNATURE_HEADERS.user],
      vector.user_header === "" ? undefined : vector.user_header
    );
  });
}

test("the user header keeps the contract's key order whatever the object's order", () => {
  const shuffled: ActingUser = {
    cofunding_moderator: false,
    directory_moderator: true,
    moderator: false,
    admin: false,
    trust_level: 3,
    locale: "fr",
    username: "camille",
    id: 42,
  };
  const header = encodeUser(shuffled);
  assert.equal(header, encodeUser(EXAMPLE_USER));
  assert.deepEqual(
    Object.keys(JSON.parse(Buffer.from(header, "base64url").toString("utf8"))),
    Object.keys(ActingUser.shape)
  );
  assert.deepEqual(
    ActingUser.parse(
      JSON.parse(Buffer.from(header, "base64url").toString("utf8"))
    ),
    EXAMPLE_USER
  );
});

test("fresh nonces are 16+ random bytes in base64url and never repeat", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i += 1) {
    const nonce = signatureHeaders({
      method: "GET",
      pathWithQuery: "/v1/taxonomies",
      body: Buffer.alloc(0),
      user: null,
      secret: file.secret,
    })[SIGNATURE_HEADERS.nonce]!;
    assert.match(nonce, /^[A-Za-z0-9_-]{22,}$/);
    assert.ok(Buffer.from(nonce, "base64url").length >= 16);
    seen.add(nonce);
  }
  assert.equal(seen.size, 200);
});

test("a change to any signed part changes the signature", () => {
  const base = {
    method: "GET",
    pathWithQuery: "/v1/providers?q=a",
    body: Buffer.alloc(0),
    user: EXAMPLE_USER,
    secret: file.secret,
    nowSeconds: 1795000000,
    nonce: "bm9uY2UtMC0wMTIzNDU2Nzg5YWI",
  };
  const reference = signatureHeaders(base)[SIGNATURE_HEADERS.signature];
  const variants = [
    { ...base, method: "POST" },
    { ...base, pathWithQuery: "/v1/providers?q=b" },
    { ...base, nowSeconds: 1795000001 },
    { ...base, nonce: "bm9uY2UtMS0wMTIzNDU2Nzg5YWI" },
    { ...base, body: Buffer.from("x") },
    { ...base, user: { ...EXAMPLE_USER, admin: true } },
    { ...base, user: null },
    { ...base, secret: file.secret + "x" },
  ];
  for (const variant of variants) {
    assert.notEqual(
      signatureHeaders(variant)[SIGNATURE_HEADERS.signature],
      reference
    );
  }
});
