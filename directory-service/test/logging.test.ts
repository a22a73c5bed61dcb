// Request logs: one JSON line per request with its id, method, route pattern, status and
// duration; the relay's X-Request-Id kept when it is a plain token and echoed back; and
// nothing a request carries (e-mail addresses, tokens, signatures, nonces, the acting user,
// query values, bodies) ever written. The log stream is captured from the real app.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/http/app.ts";
import { sanitizeRequestId } from "../src/http/request-log.ts";
import { listen, type Listening } from "../src/http/server.ts";
import { createLogger, type LogLevel } from "../src/logging.ts";
import { importBytes } from "../src/service.ts";
import type { Db } from "../src/store/database.ts";
import { openDirectory } from "../src/store/directory.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { ADMIN, MEMBER, TEST_SECRET, encodeUser, newNonce, signatureHeaders } from "./helpers/service.ts";

const EMAIL = "camille.martin@example.org";
const TOKEN = "tok_8f3a1c9e5b7d2f4a6c8e0b1d3f5a7c9e";
const CONTACT = "contact@atelier-libre.example.org";

interface Line {
  level: string;
  msg: string;
  request_id?: string;
  method?: string;
  route?: string | null;
  status?: number;
  duration_ms?: number;
  [key: string]: unknown;
}

/** A real app on a real SQLite file, logging into memory at the given level. */
async function startLogged(level: LogLevel) {
  const dir = mkdtempSync(join(tmpdir(), "directory-logs-"));
  const db: Db = openDirectory(join(dir, "directory.sqlite"));
  importBytes(
    db,
    Buffer.from(JSON.stringify([makeProvider({ slug: "atelier-libre", contact_email: CONTACT })])),
    "json"
  );
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString("utf8");
      callback();
    },
  });
  const listening: Listening = await listen(
    createApp({ db, secret: TEST_SECRET, logger: createLogger(level, stream) }),
    0,
    "127.0.0.1"
  );
  /** Signed like the relay; every header the caller adds is sent too. */
  const send = (
    pathWithQuery: string,
    options: { method?: string; body?: string; user?: string; headers?: Record<string, string> } = {}
  ) => {
    const method = options.method ?? "GET";
    const body = Buffer.from(options.body ?? "");
    const signed = signatureHeaders(method, pathWithQuery, body, {
      secret: TEST_SECRET,
      timestamp: String(Math.floor(Date.now() / 1000)),
      nonce: newNonce(),
      userHeader: options.user ?? "",
    });
    const headers = { ...signed, ...options.headers };
    sent.push(...Object.values(headers));
    return fetch(listening.url + pathWithQuery, {
      method,
      headers,
      ...(method === "GET" ? {} : { body }),
    });
  };
  const sent: string[] = [];
  return {
    url: listening.url,
    send,
    /** Every header value sent so far (signatures, nonces, user headers, tokens…). */
    sent,
    db,
    text: () => text,
    lines: (): Line[] =>
      text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Line),
    close: async () => {
      await listening.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const waitForLines = async (service: { lines: () => Line[] }, count: number) => {
  for (let i = 0; i < 100 && service.lines().length < count; i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return service.lines();
};

describe("request logs", () => {
  let service: Awaited<ReturnType<typeof startLogged>>;
  beforeAll(async () => {
    service = await startLogged("info");
  });
  afterAll(() => service.close());

  it("writes one line per request with the relay's id, method, route pattern, status and duration", async () => {
    const before = service.lines().length;
    const response = await service.send("/v1/providers/atelier-libre?per_page=5", {
      headers: { "X-Request-Id": "6f1c2b9e-4a3d-4e8f-9b7a-1c2d3e4f5a6b" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-request-id")).toBe("6f1c2b9e-4a3d-4e8f-9b7a-1c2d3e4f5a6b");
    const second = await service.send("/v1/providers/atelier-libre", {
      headers: { "X-Request-Id": "relay_42" },
    });
    expect(second.status).toBe(200);
    const lines = (await waitForLines(service, before + 2)).slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: "info",
      msg: "request",
      request_id: "6f1c2b9e-4a3d-4e8f-9b7a-1c2d3e4f5a6b",
      method: "GET",
      route: "/v1/providers/{slug}",
      status: 400,
    });
    expect(lines[1]).toMatchObject({ request_id: "relay_42", route: "/v1/providers/{slug}", status: 200 });
    for (const line of lines) {
      expect(line.duration_ms).toBeTypeOf("number");
      expect(line.duration_ms).toBeGreaterThan(0);
      expect(Object.keys(line).sort()).toEqual(
        ["duration_ms", "level", "method", "msg", "request_id", "route", "service", "status", "time"].sort()
      );
    }
  });

  it("replaces a missing, too long or odd request id with a new one and echoes it", async () => {
    const before = service.lines().length;
    const ids: string[] = [];
    for (const given of [undefined, "x".repeat(129), EMAIL, "a b", "id\u00e9"]) {
      const response = await service.send("/v1/taxonomies", {
        headers: given === undefined ? {} : { "X-Request-Id": given },
      });
      expect(response.status).toBe(200);
      const echoed = response.headers.get("x-request-id")!;
      expect(echoed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      ids.push(echoed);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const lines = (await waitForLines(service, before + ids.length)).slice(before);
    expect(lines.map((line) => line.request_id)).toEqual(ids);
    expect(sanitizeRequestId("x".repeat(128))).toBe("x".repeat(128));
    expect(sanitizeRequestId(["a", "b"])).toBeUndefined();
  });

  it("never writes an e-mail address, a token, a signature, a nonce, the user, a query value or a body", async () => {
    const before = service.lines().length;
    service.sent.length = 0;
    const secrets = {
      Authorization: `Bearer ${TOKEN}`,
      Cookie: `_t=${TOKEN}; email=${EMAIL}`,
      "X-Request-Id": EMAIL,
      "X-Forwarded-For": "203.0.113.7",
    };
    const responses = [
      await service.send(`/v1/providers?q=${encodeURIComponent(EMAIL)}&tool=nextcloud`, {
        headers: secrets,
      }),
      await service.send(`/v1/providers?q=${EMAIL}&token=${TOKEN}`, { headers: secrets }),
      await service.send("/v1/providers/atelier-libre", {
        user: encodeUser({ ...MEMBER, username: EMAIL }),
        headers: secrets,
      }),
      await service.send("/v1/admin/providers/import", {
        method: "POST",
        user: encodeUser(ADMIN),
        body: JSON.stringify([makeProvider({ slug: "autre-atelier", contact_email: EMAIL })]),
        headers: { ...secrets, "Content-Type": "application/json" },
      }),
      await service.send("/v1/admin/providers/export", { user: encodeUser(ADMIN), headers: secrets }),
      await service.send(`/v1/nowhere/${EMAIL}?email=${EMAIL}`, { headers: secrets }),
      await fetch(`${service.url}/v1/providers?q=${EMAIL}`, { headers: secrets }),
    ];
    const statuses = responses.map((response) => response.status);
    expect(statuses).toEqual([200, 400, 200, 200, 200, 404, 401]);
    // The export answer holds e-mail addresses: the log must not.
    expect(await responses[4]!.text()).toContain(CONTACT);

    const lines = (await waitForLines(service, before + responses.length)).slice(before);
    expect(lines.map((line) => [line.route, line.status])).toEqual([
      ["/v1/providers", 200],
      ["/v1/providers", 400],
      ["/v1/providers/{slug}", 200],
      ["/v1/admin/providers/import", 200],
      ["/v1/admin/providers/export", 200],
      [null, 404],
      ["/v1/providers", 401],
    ]);
    const text = service.text();
    const forbidden = [
      TOKEN,
      EMAIL,
      encodeURIComponent(EMAIL),
      CONTACT,
      "203.0.113.7",
      TEST_SECRET,
      "autre-atelier",
      "atelier-libre",
      "nextcloud",
      ...service.sent.filter((value) => value.length >= 16 && !/^[0-9]+$/.test(value)),
    ];
    for (const value of forbidden) expect(text, value).not.toContain(value);
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/);
    expect(text).not.toMatch(/v1=[0-9a-f]{64}/);
  });

  it("writes internal errors with the request's id, and no request line below the level", async () => {
    const quiet = await startLogged("error");
    try {
      expect((await quiet.send("/v1/taxonomies")).status).toBe(200);
      quiet.db.close();
      const response = await quiet.send(`/v1/providers?q=${EMAIL}`, { headers: { "X-Request-Id": "broken-1" } });
      expect(response.status).toBe(500);
      const lines = await waitForLines(quiet, 2);
      expect(lines.map((line) => [line.level, line.request_id, line.status ?? null])).toEqual([
        ["error", "broken-1", null],
        ["error", "broken-1", 500],
      ]);
      expect(lines[0]!.msg).toMatch(/^internal error: /);
      expect(quiet.text()).not.toContain(EMAIL);
    } finally {
      await quiet.close().catch(() => undefined);
    }
  });
});

describe("LOG_LEVEL", () => {
  const env = { DIRECTORY_SHARED_SECRET: TEST_SECRET };
  it("defaults to info, takes pino's levels and refuses anything else", () => {
    expect(loadConfig(env).logLevel).toBe("info");
    expect(loadConfig({ ...env, LOG_LEVEL: "debug" }).logLevel).toBe("debug");
    expect(loadConfig({ ...env, LOG_LEVEL: "silent" }).logLevel).toBe("silent");
    expect(() => loadConfig({ ...env, LOG_LEVEL: "verbose" })).toThrow(/LOG_LEVEL/);
  });
});
