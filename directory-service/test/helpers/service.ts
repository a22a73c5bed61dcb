// A real service for tests: a SQLite file in a temp directory, the real Express app on
// an ephemeral loopback port, and a client that signs requests exactly as the plugin does.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ErrorResponse,
  type ActingUser,
  type ProviderImportRecord,
} from "../../src/contract/index.ts";
import { createApp, type AppDeps, type VettingDeps } from "../../src/http/app.ts";
import { listen, type Listening } from "../../src/http/server.ts";
import type { Db } from "../../src/store/database.ts";
import { openDirectory } from "../../src/store/directory.ts";
import { importBytes } from "../../src/service.ts";
import { sha256Hex, sign } from "../../src/domain/signature.ts";

export const TEST_SECRET = "test-shared-secret-0123456789abcdef-0123456789";

export const ADMIN: ActingUser = {
  id: 1,
  username: "admin",
  admin: true,
  moderator: true,
  directory_moderator: false,
  cofunding_moderator: false,
  trust_level: 4,
  locale: "fr",
};

export const MEMBER: ActingUser = {
  id: 2,
  username: "camille",
  admin: false,
  moderator: false,
  directory_moderator: false,
  cofunding_moderator: false,
  trust_level: 1,
  locale: "fr",
};

export interface SignOptions {
  method?: string;
  body?: string | Buffer;
  contentType?: string;
  user?: ActingUser | null;
  /** Raw X-Directory-User value, to send something that is not a valid user. */
  userHeader?: string;
  /** Unix seconds; the service clock by default. */
  timestamp?: number | string;
  nonce?: string;
  secret?: string;
  headers?: Record<string, string>;
  /** Change the signed request after signing it (to test tampering). */
  tamper?: (parts: {
    pathWithQuery: string;
    body: Buffer;
    headers: Record<string, string>;
  }) => void;
  /** Send without any signature header. */
  unsigned?: boolean;
}

export function newNonce(): string {
  return randomBytes(18).toString("base64url");
}

export function encodeUser(user: ActingUser): string {
  return Buffer.from(JSON.stringify(user), "utf8").toString("base64url");
}

/** Signature headers for a request, computed like the Ruby signer. */
export function signatureHeaders(
  method: string,
  pathWithQuery: string,
  body: Buffer,
  options: { secret: string; timestamp: string; nonce: string; userHeader: string }
): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Directory-Timestamp": options.timestamp,
    "X-Directory-Nonce": options.nonce,
    "X-Directory-Signature": sign(
      {
        method,
        pathWithQuery,
        timestamp: options.timestamp,
        nonce: options.nonce,
        bodySha256: sha256Hex(body),
        userHeader: options.userHeader,
      },
      options.secret
    ),
  };
  if (options.userHeader !== "") headers["X-Directory-User"] = options.userHeader;
  return headers;
}

export interface TestService {
  url: string;
  db: Db;
  dir: string;
  dbPath: string;
  /** Milliseconds; tests may move it. */
  clock: { now: number };
  request: (pathWithQuery: string, options?: SignOptions) => Promise<Response>;
  json: <T = unknown>(
    pathWithQuery: string,
    options?: SignOptions
  ) => Promise<{ status: number; body: T; response: Response }>;
  seed: (records: ProviderImportRecord[]) => void;
  close: () => Promise<void>;
}

export interface TestServiceOptions {
  /** Largest request body (256 KiB by default, the service's own default is 10 MiB). */
  maxBodyBytes?: number;
  /** How long an import request waits for its outcome before answering 202. */
  importAnswerWithinMs?: number;
  vetting?: VettingDeps;
  review?: AppDeps["review"];
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), "directory-service-test-"));
  const dbPath = join(dir, "directory.sqlite");
  const db = openDirectory(dbPath);
  const clock = { now: Date.UTC(2026, 10, 23, 12, 0, 0) };
  const app = createApp({
    db,
    secret: TEST_SECRET,
    now: () => clock.now,
    maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
    ...(options.importAnswerWithinMs === undefined
      ? {}
      : { importAnswerWithinMs: options.importAnswerWithinMs }),
    log: () => {},
    ...(options.vetting ? { vetting: options.vetting } : {}),
    ...(options.review ? { review: options.review } : {}),
  });
  const listening: Listening = await listen(app, 0, "127.0.0.1");

  const request = async (pathWithQuery: string, options: SignOptions = {}) => {
    const method = options.method ?? "GET";
    const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(options.body);
    const userHeader = options.userHeader ?? (options.user ? encodeUser(options.user) : "");
    let headers: Record<string, string> = {};
    if (!options.unsigned) {
      headers = signatureHeaders(method, pathWithQuery, body, {
        secret: options.secret ?? TEST_SECRET,
        timestamp: String(options.timestamp ?? Math.floor(clock.now / 1000)),
        nonce: options.nonce ?? newNonce(),
        userHeader,
      });
    } else if (userHeader !== "") {
      headers["X-Directory-User"] = userHeader;
    }
    if (options.contentType) headers["Content-Type"] = options.contentType;
    Object.assign(headers, options.headers);
    const parts = { pathWithQuery, body, headers };
    options.tamper?.(parts);
    return fetch(listening.url + parts.pathWithQuery, {
      method,
      headers: parts.headers,
      ...(method === "GET" || method === "HEAD" ? {} : { body: parts.body }),
    });
  };

  return {
    url: listening.url,
    db,
    dir,
    dbPath,
    clock,
    request,
    json: async <T = unknown>(pathWithQuery: string, options?: SignOptions) => {
      const response = await request(pathWithQuery, options);
      const text = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(
          `expected JSON from ${pathWithQuery} (status ${response.status}), got: ${text.slice(0, 200)}`
        );
      }
      return { status: response.status, body: body as T, response };
    },
    seed: (records) => {
      importBytes(db, Buffer.from(JSON.stringify(records)), "json", new Date(clock.now));
    },
    close: async () => {
      await listening.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts the error shape of the contract (ErrorResponse) and returns the error. */
export function expectErrorShape(body: unknown): ErrorResponse["error"] {
  return ErrorResponse.parse(body).error;
}
