// The people the preview can act as, one per role the product names (product.md: members,
// provider members, category moderators, admins), plus the anonymous visitor. The chosen
// one is kept in a cookie and sent to the service in X-Directory-User, as Discourse's
// current_user would be.
import type { ActingUser } from "@emancipasso/directory-service/contract";
import { z } from "zod";

export const PreviewUserKeySchema = z.enum([
  "anonymous",
  "member",
  "provider",
  "moderator",
  "admin",
]);
export type PreviewUserKey = z.infer<typeof PreviewUserKeySchema>;

export const USER_COOKIE = "preview_user";

export interface PreviewUser {
  key: PreviewUserKey;
  /** Shown in the switcher (French first, English after). */
  label: string;
  acting: ActingUser | null;
}

export const PREVIEW_USERS: readonly PreviewUser[] = [
  { key: "anonymous", label: "Visiteur anonyme / Anonymous", acting: null },
  {
    key: "member",
    label: "Membre / Member",
    acting: {
      id: 101,
      username: "camille",
      directory_moderator: false,
      cofunding_moderator: false,
      admin: false,
      moderator: false,
      trust_level: 1,
      locale: "fr",
    },
  },
  {
    key: "provider",
    label: "Membre prestataire / Provider member",
    acting: {
      id: 102,
      username: "atelier-libre",
      directory_moderator: false,
      cofunding_moderator: false,
      admin: false,
      moderator: false,
      trust_level: 2,
      locale: "fr",
    },
  },
  {
    key: "moderator",
    label: "Modérateur·ice de catégorie / Category moderator",
    acting: {
      id: 103,
      username: "sacha",
      directory_moderator: true,
      cofunding_moderator: true,
      admin: false,
      moderator: false,
      trust_level: 3,
      locale: "fr",
    },
  },
  {
    key: "admin",
    label: "Admin",
    acting: {
      id: 1,
      username: "admin",
      directory_moderator: false,
      cofunding_moderator: false,
      admin: true,
      moderator: true,
      trust_level: 4,
      locale: "fr",
    },
  },
];

/** The user named by a cookie value; anything unknown or absent is the anonymous visitor. */
export function previewUserFor(cookieValue: string | undefined): PreviewUser {
  const parsed = PreviewUserKeySchema.safeParse(cookieValue);
  const key = parsed.success ? parsed.data : "anonymous";
  return PREVIEW_USERS.find((user) => user.key === key) ?? PREVIEW_USERS[0]!;
}

/** Reads one cookie from a Cookie header (values are plain keys here: no decoding needed). */
export function readCookie(
  header: string | undefined,
  name: string
): string | undefined {
  if (!header) {
    return undefined;
  }
  for (const part of header.split(";")) {
    const [rawName, ...rest] = part.split("=");
    if (rawName?.trim() === name) {
      return rest.join("=").trim();
    }
  }
  return undefined;
}
