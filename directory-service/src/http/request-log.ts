// One structured log line per request (docs/operations.md, "Logs"): the request id (the
// relay's X-Request-Id when it is a plain token, else a new one; echoed back), method,
// route pattern, status and duration. Nothing else from the request is read: not the
// path's values, not the query string, not a header, not the body, so no e-mail address,
// token, signature, nonce or acting user can reach the logs.
import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import type { Logger } from "../logging.ts";

/** Letters, digits, "-" and "_" only (a UUID passes; an e-mail address or a space does not). */
const REQUEST_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** The incoming id when it is a plain token of at most 128 characters, else undefined. */
export function sanitizeRequestId(value: string | string[] | undefined): string | undefined {
  return typeof value === "string" && REQUEST_ID.test(value) ? value : undefined;
}

export interface NamedRoute {
  method: string;
  pattern: RegExp;
  /** The route as the OpenAPI document names it, e.g. /v1/providers/{slug}. */
  route: string;
}

/** The route a request matches: same method first (HEAD as GET), then any method (405). */
export function routeOf(routes: readonly NamedRoute[], method: string, path: string): string | null {
  const wanted = method === "HEAD" ? "GET" : method;
  let otherMethod: string | null = null;
  // Stops at the first route of the same method: searches, the most frequent requests, match the first.
  for (const route of routes) {
    if (!route.pattern.test(path)) continue;
    if (route.method === wanted) return route.route;
    otherMethod ??= route.route;
  }
  return otherMethod;
}

export function requestId(res: Response): string | undefined {
  return res.locals.requestId as string | undefined;
}

export function requestLog(logger: Logger, routes: readonly NamedRoute[]): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const id = sanitizeRequestId(req.headers["x-request-id"]) ?? randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    // Read now: routers rewrite req.url while they run.
    const route = routeOf(routes, req.method, req.path);
    let logged = false;
    const done = () => {
      if (logged) return;
      logged = true;
      const line = {
        request_id: id,
        method: req.method,
        route,
        status: res.statusCode,
        duration_ms: Number((Number(process.hrtime.bigint() - started) / 1e6).toFixed(3)),
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (res.statusCode >= 500) logger.error(line, "request");
      else logger.info(line, "request");
    };
    res.once("finish", done);
    // A client that goes away before the answer is complete: logged as aborted.
    res.once("close", done);
    next();
  };
}
