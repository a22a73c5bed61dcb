// Every bad request gets a 4xx JSON answer in the contract's error shape, including the
// ones Express or Node would answer on their own.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeProvider } from "./helpers/fixtures.ts";
import { ADMIN, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";

describe("error answers", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    service.seed([makeProvider({ slug: "atelier-libre" })]);
  });
  afterAll(() => service.close());

  async function expectError(
    path: string,
    status: number,
    code: string,
    options: Parameters<TestService["json"]>[1] = {}
  ) {
    const { status: got, body, response } = await service.json(path, options);
    expect(got, JSON.stringify(body)).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const error = expectErrorShape(body);
    expect(error.code).toBe(code);
    // Every answer, errors included, names its request so a log line can be found.
    expect(response.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9_-]{1,128}$/);
    return error;
  }

  describe("bad search parameters → 400", () => {
    const cases: [string, string][] = [
      ["unknown=1", "unknown"],
      ["sort=name", "sort"],
      ["per_page=0", "per_page"],
      ["per_page=10000", "per_page"],
      ["per_page=101", "per_page"],
      ["per_page=abc", "per_page"],
      ["per_page=2.5", "per_page"],
      ["page=-1", "page"],
      ["page=0", "page"],
      ["page=abc", "page"],
      ["page=1&page=2", "page"],
      [`q=${"a".repeat(201)}`, "q"],
      ["q=a&q=b", "q"],
      ["support=Not%20A%20Key", "support"],
      ["region=5", "region"],
      ["department=2C", "department"],
      ["tool=", "tool"],
      ["support[x]=formation", "support[x]"],
    ];
    for (const [query, field] of cases) {
      it(`${query.slice(0, 40)} → 400 naming ${field}`, async () => {
        const error = await expectError(`/v1/providers?${query}`, 400, "invalid_parameters");
        expect(error.details.map((d) => d.field.split(".")[0])).toContain(field);
      });
    }

    it("accepts the limits themselves", async () => {
      for (const query of ["per_page=1", "per_page=100", "page=1", `q=${"a".repeat(200)}`]) {
        expect((await service.request(`/v1/providers?${query}`)).status, query).toBe(200);
      }
    });

    it("refuses unknown parameters on the other routes too", async () => {
      await expectError("/v1/taxonomies?x=1", 400, "invalid_parameters");
      await expectError("/v1/providers/atelier-libre?x=1", 400, "invalid_parameters");
      await expectError("/v1/admin/providers/export?format=xml", 400, "invalid_parameters", {
        user: ADMIN,
      });
      await expectError("/v1/admin/providers/export?format=csv&x=1", 400, "invalid_parameters", {
        user: ADMIN,
      });
    });
  });

  it("answers 404 JSON to an unknown route, signed or not", async () => {
    await expectError("/v1/nowhere", 404, "not_found");
    await expectError("/nowhere", 404, "not_found", { unsigned: true });
    await expectError("/", 404, "not_found", { unsigned: true });
  });

  it("answers 405 JSON with Allow to a wrong method on a known route", async () => {
    const error = await expectError("/v1/providers", 405, "method_not_allowed", {
      method: "DELETE",
    });
    expect(error.message).toContain("DELETE");
    const { response } = await service.json("/v1/admin/providers/import", {
      method: "GET",
      user: ADMIN,
    });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    await expectError("/healthz", 405, "method_not_allowed", { method: "POST", unsigned: true });
  });

  it("answers OPTIONS with 204 and Allow, and 404 JSON on an unknown path", async () => {
    const known = await service.request("/v1/providers", { method: "OPTIONS", unsigned: true });
    expect(known.status).toBe(204);
    expect(known.headers.get("allow")).toBe("GET, HEAD");
    await expectError("/v1/nowhere", 404, "not_found", { method: "OPTIONS", unsigned: true });
  });

  it("answers 400 JSON to an undecodable path", async () => {
    await expectError("/v1/providers/%E0%A4%A", 400, "bad_request");
  });

  it("answers 400 JSON to a malformed JSON body, and writes nothing", async () => {
    const before = service.db.prepare("SELECT COUNT(*) FROM providers").pluck().get();
    await expectError("/v1/admin/providers/import", 400, "invalid_json", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: '[{"slug": "a",',
    });
    await expectError("/v1/admin/providers/import", 400, "invalid_json", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: "",
    });
    expect(service.db.prepare("SELECT COUNT(*) FROM providers").pluck().get()).toBe(before);
  });

  it("answers 400 JSON to a body that is not UTF-8", async () => {
    await expectError("/v1/admin/providers/import", 400, "invalid_encoding", {
      method: "POST",
      user: ADMIN,
      contentType: "text/csv",
      body: Buffer.from([0x73, 0x6c, 0x75, 0x67, 0xff, 0xfe]),
    });
  });

  it("answers 413 JSON to an oversized body", async () => {
    await expectError("/v1/admin/providers/import", 413, "payload_too_large", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: "[" + " ".repeat(300 * 1024) + "]",
    });
  });

  it("answers 415 JSON to an unsupported content type or encoding", async () => {
    await expectError("/v1/admin/providers/import", 415, "unsupported_media_type", {
      method: "POST",
      user: ADMIN,
      contentType: "application/xml",
      body: "<providers/>",
    });
    await expectError("/v1/admin/providers/import", 415, "unsupported_media_type", {
      method: "POST",
      user: ADMIN,
      body: "[]",
    });
    await expectError("/v1/admin/providers/import", 415, "unsupported_media_type", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: "[]",
      headers: { "Content-Encoding": "gzip" },
    });
  });

  it("answers 431 JSON to oversized headers", async () => {
    const url = new URL(service.url);
    const { status, body } = await new Promise<{ status: number; body: string }>(
      (resolve, reject) => {
        const req = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: "/healthz",
            headers: { "X-Big": "x".repeat(20 * 1024) },
          },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          }
        );
        req.on("error", reject);
        req.end();
      }
    );
    expect(status).toBe(431);
    expect(expectErrorShape(JSON.parse(body)).code).toBe("headers_too_large");
  });
});
