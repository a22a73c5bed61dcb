// Who may do what with an application (docs/product.md, "Non-negotiables"): anonymous
// visitors nothing; a member only their own structure's application; staff (admins and
// moderators) and the directory category's moderators read everything. Referees never
// act as users: they reach one reference through its token (src/domain/reference-token.ts).
import type { ActingUser } from "../contract/index.ts";

export type ApplicationPermission = "read" | "edit" | "invite";

/** Staff or directory moderator: reads every application. */
export function isVettingReviewer(user: ActingUser | null): boolean {
  return user !== null && (user.admin || user.moderator || user.directory_moderator);
}

export type PermissionAnswer = "allowed" | "sign_in" | "not_found" | "forbidden";

/**
 * `teamUserIds` are the ids of the application's team. Someone who may not even know the
 * application exists gets not_found, so ids reveal nothing; a reviewer who may read but
 * not write gets forbidden.
 */
export function applicationPermission(
  user: ActingUser | null,
  teamUserIds: readonly number[],
  permission: ApplicationPermission
): PermissionAnswer {
  if (user === null) return "sign_in";
  const member = teamUserIds.includes(user.id);
  if (member) return "allowed";
  if (isVettingReviewer(user)) return permission === "read" ? "allowed" : "forbidden";
  return "not_found";
}

/** Listing every application is for reviewers only. */
export function listPermission(user: ActingUser | null): PermissionAnswer {
  if (user === null) return "sign_in";
  return isVettingReviewer(user) ? "allowed" : "forbidden";
}
