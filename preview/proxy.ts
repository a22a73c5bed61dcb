// The preview's stand-in for the plugin's Rails proxy: forwards the browser's
// /directory-api/* calls to the directory service, signed as the Ruby side signs them,
// with the same allow-list and the same answers when the service is down or slow.
// No business rule here: status and body pass through untouched.
import type {
  ActingUser,
  ErrorCode,
  ErrorResponse,
} from "@emancipasso/directory-service/contract";
import { randomUUID } from "node:crypto";
import {
  type IncomingMessage,
  request as httpRequest,
  type ServerResponse,
} from "node:http";
import { signatureHeaders } from "./signer.ts";

export const PROXY_PREFIX = "/directory-api";

/** The only calls the plugin forwards (the same list as the Ruby proxy's routes). */
const CAMPAIGN = String.raw`\/v1\/cofunding\/campaigns\/[0-9]{1,10}`;
const ALLOWED_ROUTES: ReadonlyArray<{
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: RegExp;
}> = [
  { method: "GET", path: /^\/v1\/providers$/ },
  // Forum members: the vetting chip's lookup and a listed provider's team (config/routes.rb).
  { method: "GET", path: /^\/v1\/providers\/by-members$/ },
  { method: "GET", path: /^\/v1\/providers\/[a-z0-9]+(?:-[a-z0-9]+)*\/team$/ },
  { method: "GET", path: /^\/v1\/providers\/[a-z0-9]+(?:-[a-z0-9]+)*$/ },
  { method: "GET", path: /^\/v1\/taxonomies$/ },
  { method: "POST", path: /^\/v1\/admin\/providers\/import$/ },
  { method: "GET", path: /^\/v1\/admin\/providers\/imports\/[0-9a-f-]{36}$/ },
  { method: "GET", path: /^\/v1\/admin\/providers\/export$/ },
  // Vetting: a member's application and team (config/routes.rb).
  { method: "GET", path: /^\/v1\/structures\/mine$/ },
  { method: "POST", path: /^\/v1\/applications$/ },
  { method: "GET", path: /^\/v1\/applications$/ },
  { method: "GET", path: /^\/v1\/applications\/\d{1,15}$/ },
  { method: "PUT", path: /^\/v1\/applications\/\d{1,15}\/draft$/ },
  { method: "POST", path: /^\/v1\/applications\/\d{1,15}\/submit$/ },
  { method: "POST", path: /^\/v1\/structures\/\d{1,15}\/invitations$/ },
  { method: "POST", path: /^\/v1\/structures\/\d{1,15}\/invitations\/accept$/ },
  // The moderators' review queue (config/routes.rb).
  { method: "GET", path: /^\/v1\/review\/queue$/ },
  { method: "GET", path: /^\/v1\/review\/applications\/[1-9][0-9]{0,15}$/ },
  {
    method: "POST",
    path: /^\/v1\/review\/applications\/[1-9][0-9]{0,15}\/actions$/,
  },
  { method: "GET", path: /^\/v1\/review\/pending-count$/ },
  // Co-funding (docs/cofunding.md); writes carry an Idempotency-Key, forwarded as sent.
  { method: "POST", path: /^\/v1\/cofunding\/campaigns$/ },
  { method: "GET", path: new RegExp(`^${CAMPAIGN}$`) },
  { method: "PATCH", path: new RegExp(`^${CAMPAIGN}$`) },
  { method: "POST", path: new RegExp(`^${CAMPAIGN}/transitions$`) },
  { method: "PUT", path: new RegExp(`^${CAMPAIGN}/visibility$`) },
  { method: "PUT", path: new RegExp(`^${CAMPAIGN}/pledges/mine$`) },
  { method: "DELETE", path: new RegExp(`^${CAMPAIGN}/pledges/mine$`) },
  { method: "POST", path: new RegExp(`^${CAMPAIGN}/quotes$`) },
  {
    method: "POST",
    path: new RegExp(`^${CAMPAIGN}/quotes/[0-9]{1,18}/choose$`),
  },
  { method: "GET", path: new RegExp(`^${CAMPAIGN}/split-plan$`) },
  { method: "GET", path: new RegExp(`^${CAMPAIGN}/audit$`) },
  { method: "GET", path: /^\/v1\/cofunding\/pledges\/mine$/ },
];

/** The referee's questionnaire on the forum's address (QuestionnaireController's routes). */
export const QUESTIONNAIRE_PREFIX = "/annuaire/reference/";
const QUESTIONNAIRE_ROUTES: ReadonlyArray<{
  method: "GET" | "POST";
  path: RegExp;
}> = [
  { method: "GET", path: /^\/proconnect\/callback$/ },
  { method: "GET", path: /^\/[A-Za-z0-9_-]{43}$/ },
  { method: "POST", path: /^\/[A-Za-z0-9_-]{43}$/ },
  { method: "POST", path: /^\/[A-Za-z0-9_-]{43}\/decline$/ },
  { method: "GET", path: /^\/[A-Za-z0-9_-]{43}\/proconnect$/ },
];

/** The questionnaire's own security headers, passed back as the Ruby side passes them. */
const QUESTIONNAIRE_HEADERS = [
  "content-type",
  "content-security-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "origin-agent-cluster",
  "referrer-policy",
  "strict-transport-security",
  "x-content-type-options",
  "x-dns-prefetch-control",
  "x-download-options",
  "x-frame-options",
  "x-permitted-cross-domain-policies",
  "x-xss-protection",
  "cache-control",
  "retry-after",
  "ratelimit",
  "ratelimit-policy",
  "location",
];

export function isQuestionnaireRoute(method: string, rest: string): boolean {
  return QUESTIONNAIRE_ROUTES.some(
    (route) => route.method === method && route.path.test(rest)
  );
}

/** Methods whose body is forwarded byte for byte (as the Ruby side's BODY_METHODS). */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

/** Response headers worth passing back to the browser (the Ruby side passes the same). */
const PASSED_BACK_HEADERS = [
  "content-type",
  "content-disposition",
  "retry-after",
  "idempotent-replayed",
];

/** A browser's request id is kept only when it is a sane token. */
const REQUEST_ID_FORMAT = /^[A-Za-z0-9._:@-]{1,128}$/;

export interface ProxyOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:4100 (a path prefix is kept). */
  serviceUrl: URL;
  secret: string;
  /** From sending the request to the service's response headers. */
  timeoutMs: number;
  /** Largest body forwarded (admin imports); larger → 413. */
  maxBodyBytes: number;
}

export function isAllowed(method: string, path: string): boolean {
  return ALLOWED_ROUTES.some(
    (route) => route.method === method && route.path.test(path)
  );
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  requestId?: string
): void {
  const body: ErrorResponse = { error: { code, message, details: [] } };
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...(requestId ? { "x-request-id": requestId } : {}),
  });
  res.end(text);
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new BodyTooLarge();
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

type Outcome = "answered" | "unavailable" | "timeout";

/**
 * Forwards one browser request. `subPathWithQuery` is the part after /directory-api,
 * e.g. "/v1/providers?q=equipe", exactly as the browser sent it.
 */
export async function proxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  subPathWithQuery: string,
  user: ActingUser | null,
  options: ProxyOptions,
  questionnaire = false
): Promise<Outcome | "refused"> {
  // Rails routes a HEAD to the GET route and the Ruby side forwards it as a GET.
  const received = (req.method ?? "GET").toUpperCase();
  const method = received === "HEAD" ? "GET" : received;
  const queryStart = subPathWithQuery.indexOf("?");
  const path =
    queryStart === -1
      ? subPathWithQuery
      : subPathWithQuery.slice(0, queryStart);
  if (!questionnaire && !isAllowed(method, path)) {
    req.resume();
    sendError(res, 404, "not_found", "No such directory API route.");
    return "refused";
  }

  let body: Buffer = Buffer.alloc(0);
  if (BODY_METHODS.has(method)) {
    try {
      body = await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendError(
          res,
          413,
          "payload_too_large",
          "The request body is too large."
        );
        req.resume();
        return "refused";
      }
      throw error;
    }
  } else {
    req.resume();
  }

  // What the service receives, and therefore what is signed.
  const basePath = options.serviceUrl.pathname.replace(/\/+$/, "");
  const forwardedPath = basePath + subPathWithQuery;
  const browserRequestId = headerValue(req, "x-request-id");
  const requestId =
    browserRequestId !== undefined && REQUEST_ID_FORMAT.test(browserRequestId)
      ? browserRequestId
      : randomUUID();
  const headers: Record<string, string | number> = {
    accept: headerValue(req, "accept") ?? "application/json",
    "x-request-id": requestId,
    ...signatureHeaders({
      method,
      pathWithQuery: forwardedPath,
      body,
      user,
      secret: options.secret,
    }),
  };
  if (questionnaire) {
    // The service rate limits the questionnaire per client address (the last entry).
    headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
    const language = headerValue(req, "accept-language");
    if (language !== undefined) {
      headers["accept-language"] = language;
    }
  }
  const idempotencyKey = headerValue(req, "idempotency-key");
  if (idempotencyKey !== undefined) {
    headers["idempotency-key"] = idempotencyKey;
  }
  if (BODY_METHODS.has(method)) {
    const contentType = headerValue(req, "content-type");
    if (contentType !== undefined && body.length > 0) {
      headers["content-type"] = contentType;
    }
    headers["content-length"] = body.length;
  }

  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const settle = (outcome: Exclude<Outcome, "answered">) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (outcome === "unavailable") {
        sendError(
          res,
          502,
          "service_unavailable",
          "The directory service cannot be reached.",
          requestId
        );
      } else {
        sendError(
          res,
          504,
          "service_timeout",
          "The directory service did not answer in time.",
          requestId
        );
      }
      resolve(outcome);
    };

    const upstream = httpRequest(
      {
        protocol: options.serviceUrl.protocol,
        hostname: options.serviceUrl.hostname,
        port: options.serviceUrl.port,
        method,
        path: forwardedPath,
        headers,
      },
      (answer) => {
        if (settled) {
          answer.resume();
          return;
        }
        settled = true;
        clearTimeout(timer);
        const passed: Record<string, string | string[]> = {
          "x-request-id": requestId,
        };
        for (const name of questionnaire
          ? QUESTIONNAIRE_HEADERS
          : PASSED_BACK_HEADERS) {
          const value = answer.headers[name];
          if (value !== undefined) {
            passed[name] = value;
          }
        }
        res.writeHead(answer.statusCode ?? 502, passed);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
        resolve("answered");
      }
    );

    const timer = setTimeout(() => {
      settle("timeout");
      upstream.destroy();
    }, options.timeoutMs);

    // Refused connection, reset, unknown host…: all mean the service is not there.
    upstream.on("error", () => settle("unavailable"));
    upstream.end(body);
  });
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
