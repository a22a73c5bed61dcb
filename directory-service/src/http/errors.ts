// The one error shape of the service: { error: { code, message, details } }.
// Codes are translatable keys (the plugin shows emancipasso.errors.<code>).
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { ErrorCode, ErrorDetail, ErrorResponse } from "../contract/index.ts";
import { zodDetails } from "../domain/zod-details.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
}

export function sendError(res: Response, error: ApiError): void {
  const body: ErrorResponse = {
    error: { code: error.code, message: error.message, details: error.details },
  };
  res.status(error.status).set(error.headers).json(body);
}

export { zodDetails };

export interface KnownRoute {
  method: string;
  pattern: RegExp;
}

/** Methods a path answers to (HEAD with GET), empty for an unknown path. */
function allowedMethods(routes: readonly KnownRoute[], path: string): string[] {
  const methods = routes.filter((route) => route.pattern.test(path)).map((route) => route.method);
  return [...new Set(methods.flatMap((method) => (method === "GET" ? ["GET", "HEAD"] : [method])))];
}

/**
 * OPTIONS answered here (204 with Allow) rather than by Express's automatic plain-text
 * reply; unknown paths get the JSON 404.
 */
export function optionsHandler(knownRoutes: readonly KnownRoute[]): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "OPTIONS") {
      next();
      return;
    }
    const allowed = allowedMethods(knownRoutes, req.path);
    if (allowed.length === 0) next(new ApiError(404, "not_found", "no such route"));
    else res.set("Allow", allowed.join(", ")).status(204).end();
  };
}

/** Catch-all for routes that do not exist: 405 when the path exists with other methods, else 404. */
export function notFoundHandler(knownRoutes: readonly KnownRoute[]): RequestHandler {
  return (req, _res, next) => {
    const allowed = allowedMethods(knownRoutes, req.path);
    if (allowed.length > 0) {
      next(
        new ApiError(405, "method_not_allowed", `${req.method} is not allowed here`, [], {
          Allow: allowed.join(", "),
        }),
      );
      return;
    }
    next(new ApiError(404, "not_found", "no such route"));
  };
}

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** Last handler: everything, including Express's and body-parser's own errors, leaves as JSON. */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof ApiError) {
      sendError(res, error);
      return;
    }
    const httpError = (typeof error === "object" && error !== null ? error : {}) as HttpLikeError;
    const status = httpError.status ?? httpError.statusCode ?? 500;
    if (status === 413 || httpError.type === "entity.too.large") {
      sendError(res, new ApiError(413, "payload_too_large", "the request body is too large"));
    } else if (httpError.type === "entity.parse.failed") {
      sendError(res, new ApiError(400, "invalid_json", "the request body is not valid JSON"));
    } else if (
      status === 415 ||
      httpError.type === "encoding.unsupported" ||
      httpError.type === "charset.unsupported"
    ) {
      sendError(
        res,
        new ApiError(415, "unsupported_media_type", "this content type or encoding is not accepted")
      );
    } else if (status >= 400 && status < 500) {
      sendError(res, new ApiError(status, "bad_request", "the request could not be read"));
    } else {
      log(
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
      );
      sendError(
        res,
        new ApiError(500, "internal_error", "the service failed to answer this request")
      );
    }
  };
}
