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
const VectorFile = z.object({
  secret: z.string(),
  user_example: ActingUser,
  vectors: z.array(Vector).min(1),
});

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

    // The whole path the proxy takes: headers from the request and the user object.
    const user = vector.user_header === "" ? null : file.user_example;
    if (user) {
      assert.equal(encodeUser(user), vector.user_header);
    }
    const headers = signatureHeaders({
      method: vector.method,
      pathWithQuery: vector.path_with_query,
      body: Buffer.from(vector.body, "utf8"),
      user,
      secret: file.secret,
      nowSeconds: Number(vector.timestamp),
      nonce: vector.nonce,
    });
    assert.equal(headers[SIGNATURE_HEADERS.signature], vector.signature);
    assert.equal(headers[SIGNATURE_HEADERS.timestamp], vector.timestamp);
    assert.equal(headers[SIGNATURE_HEADERS.nonce], vector.nonce);
    assert.equal(
      headers[SIGNATURE_HEADERS.user],
      user ? vector.user_header : undefined
    );
  });
}

test("the user header keeps the contract's key order whatever the object's order", () => {
  const shuffled: ActingUser = {
    locale: "fr",
    trust_level: 3,
    groups: ["moderateurs-annuaire"],
    moderator: true,
    admin: false,
    username: "camille",
    id: 42,
  };
  assert.equal(encodeUser(shuffled), encodeUser(file.user_example));
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
    user: file.user_example,
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
    { ...base, user: { ...file.user_example, admin: true } },
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
