// The preview's signing proxy through the real directory service (demo data, temp SQLite):
// what it signs is accepted, what is tampered with is refused, the acting user travels only
// when signed in, errors pass through, and an absent or slow service gets 502/504.
import {
  ErrorResponse,
  ImportResponse,
  Provider,
  SearchResponse,
  TaxonomiesResponse,
} from "@emancipasso/directory-service/contract";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { z } from "zod";
import type { RunningPreview } from "../../preview/server.ts";
import {
  canonicalString,
  encodeUser,
  sha256Hex,
  SIGNATURE_HEADERS,
  signatureHeaders,
  signCanonical,
} from "../../preview/signer.ts";
import {
  PREVIEW_USERS,
  type PreviewUserKey,
  USER_COOKIE,
} from "../../preview/users.ts";
import {
  closedPort,
  startRecordingUpstream,
  startTestPreview,
} from "./helpers/preview.ts";
import {
  type RunningService,
  startService,
  TEST_SECRET,
} from "./helpers/service.ts";

const as = (key: PreviewUserKey) => ({ cookie: `${USER_COOKIE}=${key}` });

async function json<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(await response.json());
}

describe("through the real service", () => {
  let service: RunningService;
  let preview: RunningPreview;

  before(async () => {
    service = await startService({ seedDemo: true });
    preview = await startTestPreview(service.url);
  });
  after(async () => {
    await preview?.close();
    await service?.stop();
  });

  test("a search the proxy signs is accepted and answered", async () => {
    const response = await fetch(
      `${preview.url}/directory-api/v1/providers?q=equipe&per_page=5`
    );
    assert.equal(response.status, 200);
    assert.ok(response.headers.get("x-request-id"));
    const body = await json(response, SearchResponse);
    assert.ok(
      body.total > 0,
      "the accent-free query finds the providers whose text says « équipe »"
    );
    assert.equal(body.items.length, Math.min(5, body.total));
  });

  test("one provider and the taxonomies pass through, for anonymous and signed-in readers", async () => {
    const search = await json(
      await fetch(`${preview.url}/directory-api/v1/providers?per_page=1`),
      SearchResponse
    );
    const slug = search.items[0]!.slug;
    for (const key of ["anonymous", "member", "admin"] as const) {
      const card = await fetch(
        `${preview.url}/directory-api/v1/providers/${slug}`,
        { headers: as(key) }
      );
      assert.equal(card.status, 200, key);
      assert.equal((await json(card, Provider)).slug, slug);
    }
    const taxonomies = await json(
      await fetch(`${preview.url}/directory-api/v1/taxonomies`),
      TaxonomiesResponse
    );
    assert.ok((taxonomies.support_kinds ?? []).length > 0);
  });

  test("a tampered request is refused by the service", async () => {
    const sign = (
      pathWithQuery: string,
      user: (typeof PREVIEW_USERS)[number]["acting"]
    ) =>
      signatureHeaders({
        method: "GET",
        pathWithQuery,
        body: Buffer.alloc(0),
        user,
        secret: TEST_SECRET,
      });

    // Signed for one query, sent with another.
    const signed = sign("/v1/providers?q=equipe", null);
    const changedQuery = await fetch(
      `${service.url}/v1/providers?q=nextcloud`,
      { headers: signed }
    );
    assert.equal(changedQuery.status, 401);
    const refusal = await json(changedQuery, ErrorResponse);
    assert.equal(refusal.error.code, "invalid_signature");
    assert.equal(refusal.error.details[0]?.code, "signature_mismatch");

    // A member's signed headers with the user header swapped for an admin's.
    const member = PREVIEW_USERS.find((user) => user.key === "member")!.acting;
    const admin = PREVIEW_USERS.find((user) => user.key === "admin")!.acting!;
    const memberHeaders = sign("/v1/admin/providers/export", member);
    const promoted = await fetch(`${service.url}/v1/admin/providers/export`, {
      headers: {
        ...memberHeaders,
        [SIGNATURE_HEADERS.user]: encodeUser(admin),
      },
    });
    assert.equal(promoted.status, 401);

    // Signed with another secret.
    const foreign = signatureHeaders({
      method: "GET",
      pathWithQuery: "/v1/taxonomies",
      body: Buffer.alloc(0),
      user: null,
      secret: TEST_SECRET + "-other",
    });
    assert.equal(
      (await fetch(`${service.url}/v1/taxonomies`, { headers: foreign }))
        .status,
      401
    );

    // The untouched request passes once; the same headers again are a replay.
    const genuine = sign("/v1/taxonomies", null);
    assert.equal(
      (await fetch(`${service.url}/v1/taxonomies`, { headers: genuine }))
        .status,
      200
    );
    const replay = await fetch(`${service.url}/v1/taxonomies`, {
      headers: genuine,
    });
    assert.equal(replay.status, 401);
    assert.equal(
      (await json(replay, ErrorResponse)).error.details[0]?.code,
      "nonce_replayed"
    );
  });

  test("admin routes see who is signed in: anonymous 401, member 403, admin 200", async () => {
    const url = `${preview.url}/directory-api/v1/admin/providers/export`;
    assert.equal((await fetch(url)).status, 401);
    for (const key of ["member", "provider", "moderator"] as const) {
      assert.equal((await fetch(url, { headers: as(key) })).status, 403, key);
    }
    const exported = await fetch(`${url}?format=csv`, { headers: as("admin") });
    assert.equal(exported.status, 200);
    assert.match(exported.headers.get("content-type") ?? "", /text\/csv/);
    assert.match(
      exported.headers.get("content-disposition") ?? "",
      /attachment/
    );
  });

  test("an admin import goes through with its body signed; a member's changes nothing", async () => {
    const source = await json(
      await fetch(`${preview.url}/directory-api/v1/providers?per_page=1`),
      SearchResponse
    );
    const full = await json(
      await fetch(
        `${preview.url}/directory-api/v1/providers/${source.items[0]!.slug}`
      ),
      Provider
    );
    const record = {
      ...full,
      slug: "atelier-apercu-import",
      name: "Atelier aperçu import",
    };
    const post = (key: PreviewUserKey) =>
      fetch(`${preview.url}/directory-api/v1/admin/providers/import`, {
        method: "POST",
        headers: { ...as(key), "content-type": "application/json" },
        body: JSON.stringify([record]),
      });

    assert.equal((await post("member")).status, 403);
    assert.equal(
      (
        await fetch(
          `${preview.url}/directory-api/v1/providers/atelier-apercu-import`
        )
      ).status,
      404
    );

    const imported = await post("admin");
    assert.equal(imported.status, 200);
    assert.deepEqual(await json(imported, ImportResponse), {
      created: 1,
      updated: 0,
    });
    const card = await fetch(
      `${preview.url}/directory-api/v1/providers/atelier-apercu-import`
    );
    assert.equal((await json(card, Provider)).name, "Atelier aperçu import");
  });

  test("the service's own errors pass through unchanged", async () => {
    for (const path of [
      "/v1/providers?per_page=1000",
      "/v1/providers?colour=blue",
      "/v1/providers/no-such-provider",
    ]) {
      const proxied = await fetch(`${preview.url}/directory-api${path}`);
      const direct = await fetch(`${service.url}${path}`, {
        headers: signatureHeaders({
          method: "GET",
          pathWithQuery: path,
          body: Buffer.alloc(0),
          user: null,
          secret: TEST_SECRET,
        }),
      });
      assert.ok(
        proxied.status >= 400 && proxied.status < 500,
        `${path}: ${proxied.status}`
      );
      assert.equal(proxied.status, direct.status, path);
      assert.deepEqual(
        await json(proxied, ErrorResponse),
        await json(direct, ErrorResponse),
        path
      );
    }
  });
});

describe("what the service receives", () => {
  test("no user header for anonymous; the signed, chosen user otherwise", async () => {
    const upstream = await startRecordingUpstream();
    const preview = await startTestPreview(upstream.url);
    try {
      await fetch(
        `${preview.url}/directory-api/v1/providers?q=%C3%A9quipe&support=diagnostic`
      );
      await fetch(`${preview.url}/directory-api/v1/providers/atelier-libre`, {
        headers: {
          cookie: `${USER_COOKIE}=moderator; preview_locale=en`,
          "x-request-id": "req-42",
        },
      });
      const [anonymous, moderator] = upstream.requests;
      assert.ok(anonymous && moderator);

      assert.equal(
        anonymous.url,
        "/v1/providers?q=%C3%A9quipe&support=diagnostic",
        "the query is forwarded as sent"
      );
      assert.equal(anonymous.headers["x-directory-user"], undefined);
      assert.equal(moderator.headers["x-request-id"], "req-42");
      const decoded: unknown = JSON.parse(
        Buffer.from(
          String(moderator.headers["x-directory-user"]),
          "base64url"
        ).toString()
      );
      assert.deepEqual(decoded, {
        ...PREVIEW_USERS.find((user) => user.key === "moderator")!.acting,
        locale: "en",
      });

      for (const request of [anonymous, moderator]) {
        const expected = signCanonical(
          canonicalString({
            method: request.method,
            pathWithQuery: request.url,
            timestamp: String(request.headers["x-directory-timestamp"]),
            nonce: String(request.headers["x-directory-nonce"]),
            bodySha256: sha256Hex(request.body),
            userHeader: String(request.headers["x-directory-user"] ?? ""),
          }),
          TEST_SECRET
        );
        assert.equal(request.headers["x-directory-signature"], expected);
        assert.ok(
          Math.abs(
            Number(request.headers["x-directory-timestamp"]) - Date.now() / 1000
          ) < 5
        );
      }
      assert.notEqual(
        anonymous.headers["x-directory-nonce"],
        moderator.headers["x-directory-nonce"]
      );
    } finally {
      await preview.close();
      await upstream.close();
    }
  });

  test("a HEAD goes out as a GET, and only a sane request id is kept", async () => {
    const upstream = await startRecordingUpstream();
    const preview = await startTestPreview(upstream.url);
    try {
      const head = await fetch(`${preview.url}/directory-api/v1/taxonomies`, {
        method: "HEAD",
      });
      assert.equal(head.status, 200);
      await fetch(`${preview.url}/directory-api/v1/taxonomies`, {
        headers: { "x-request-id": "bad id\twith spaces" },
      });
      const [first, second] = upstream.requests;
      assert.equal(first?.method, "GET");
      assert.match(String(second?.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    } finally {
      await preview.close();
      await upstream.close();
    }
  });

  test("requests outside the allow-list answer 404 JSON and never reach the service", async () => {
    const upstream = await startRecordingUpstream();
    const preview = await startTestPreview(upstream.url);
    try {
      const refused: Array<[string, string]> = [
        ["DELETE", "/v1/providers/atelier-libre"],
        ["POST", "/v1/providers"],
        ["PUT", "/v1/admin/providers/import"],
        ["GET", "/v1/admin/providers"],
        ["GET", "/v1/providers/Atelier_Libre"],
        ["GET", "/v1/providers/atelier-libre/reviews"],
        ["GET", "/healthz"],
        ["GET", "/openapi.json"],
        ["GET", ""],
        ["GET", "/v1/providers/"],
      ];
      for (const [method, path] of refused) {
        const response = await fetch(`${preview.url}/directory-api${path}`, {
          method,
        });
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(
          (await json(response, ErrorResponse)).error.code,
          "not_found"
        );
      }
      assert.equal(upstream.requests.length, 0);
    } finally {
      await preview.close();
      await upstream.close();
    }
  });

  test("a body larger than the limit is refused with 413 before reaching the service", async () => {
    const upstream = await startRecordingUpstream();
    const preview = await startTestPreview(upstream.url, {
      maxBodyBytes: 1024,
    });
    try {
      const response = await fetch(
        `${preview.url}/directory-api/v1/admin/providers/import`,
        {
          method: "POST",
          headers: { ...as("admin"), "content-type": "application/json" },
          body: "[" + " ".repeat(4096) + "]",
        }
      );
      assert.equal(response.status, 413);
      assert.equal(
        (await json(response, ErrorResponse)).error.code,
        "payload_too_large"
      );
      assert.equal(upstream.requests.length, 0);
    } finally {
      await preview.close();
      await upstream.close();
    }
  });
});

describe("when the service is absent or slow", () => {
  test("nothing listening → 502 service_unavailable", async () => {
    const preview = await startTestPreview(
      `http://127.0.0.1:${await closedPort()}`
    );
    try {
      const response = await fetch(`${preview.url}/directory-api/v1/providers`);
      assert.equal(response.status, 502);
      const body = await json(response, ErrorResponse);
      assert.equal(body.error.code, "service_unavailable");
      assert.deepEqual(body.error.details, []);
    } finally {
      await preview.close();
    }
  });

  test("no answer in time → 504 service_timeout", async () => {
    // Accepts the request and never answers.
    const upstream = await startRecordingUpstream(() => {});
    const preview = await startTestPreview(upstream.url, { timeoutMs: 300 });
    try {
      const started = Date.now();
      const response = await fetch(
        `${preview.url}/directory-api/v1/taxonomies`
      );
      assert.equal(response.status, 504);
      assert.equal(
        (await json(response, ErrorResponse)).error.code,
        "service_timeout"
      );
      assert.ok(Date.now() - started < 3000);
    } finally {
      await preview.close();
      await upstream.close();
    }
  });
});
