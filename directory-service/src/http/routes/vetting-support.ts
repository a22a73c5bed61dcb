// What the vetting routers share: reading a JSON body, turning domain refusals into
// answers, and checking the acting user's permission on an application.
import type { Request, Response } from "express";
import type { z } from "zod";
import type { ActingUser } from "../../contract/index.ts";
import { applicationPermission, type ApplicationPermission } from "../../domain/vetting-permissions.ts";
import { ConflictError, WrongStateError, type StoredApplication, type VettingStore } from "../../store/vetting.ts";
import { actingUser } from "../auth.ts";
import { ApiError, zodDetails } from "../errors.ts";
import { ApplicationId } from "../../contract/index.ts";

/** The JSON body (application/json, UTF-8), checked against its schema (422 with every problem). */
export function readJson<T extends z.ZodType>(req: Request, res: Response, schema: T): z.output<T> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json")
    throw new ApiError(415, "unsupported_media_type", "send application/json", [
      { field: "Content-Type", code: "unsupported_media_type", message: `got "${type || "nothing"}"` },
    ]);
  const raw = res.locals.rawBody as Buffer;
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch {
    throw new ApiError(400, "invalid_json", "the request body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new ApiError(422, "invalid_application", "some fields are not valid", zodDetails(parsed.error));
  return parsed.data;
}

/** Domain refusals as answers: a wrong state is 409 with the state met. */
export function asApiError(error: unknown): unknown {
  if (error instanceof WrongStateError)
    return new ApiError(409, "invalid_state", `the ${error.refusal.machine} is ${error.refusal.state}`, [
      {
        field: "state",
        code: "wrong_state",
        message: error.message,
        params: { state: error.refusal.state, action: error.refusal.action },
      },
    ]);
  if (error instanceof ConflictError) return new ApiError(409, error.code, error.message);
  return error;
}

/** Runs a write, mapping domain refusals to answers. */
export function refusing<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    throw asApiError(error);
  }
}

export function requireUser(res: Response): ActingUser {
  const user = actingUser(res);
  if (user === null) throw new ApiError(401, "authentication_required", "sign in to the forum first");
  return user;
}

/** The application named in the path, if the acting user may do this with it. */
export function permittedApplication(
  store: VettingStore,
  res: Response,
  idParam: unknown,
  permission: ApplicationPermission
): { user: ActingUser; application: StoredApplication } {
  const user = requireUser(res);
  const id = ApplicationId.safeParse(idParam);
  const application = id.success ? store.get(id.data) : undefined;
  const answer = applicationPermission(user, application?.teamUserIds ?? [], permission);
  if (!application || answer === "not_found")
    throw new ApiError(404, "application_not_found", "no application of yours has this id");
  if (answer === "forbidden")
    throw new ApiError(403, "forbidden", "only the structure's team can change its application");
  return { user, application };
}
