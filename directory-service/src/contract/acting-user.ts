// Who the plugin acts for (docs/architecture.md, "Plugin ↔ service contract"). The forum's
// Guardian decides what the user may do; the service receives those answers, never the
// user's whole group list, so the header stays small and bounded.
import { z } from "zod";

/** The acting user, carried base64url-encoded in X-Directory-User by the plugin. */
export const ActingUser = z.object({
  id: z.number().int().positive(),
  username: z.string().min(1).max(60),
  locale: z.string().max(20),
  trust_level: z.number().int().min(0).max(4),
  /** Discourse staff flags (user.admin?, user.moderator?). */
  admin: z.boolean(),
  moderator: z.boolean(),
  /** guardian.is_category_group_moderator? on the emancipasso_directory_category setting. */
  directory_moderator: z.boolean(),
  /** Likewise on the emancipasso_cofunding_category setting. */
  cofunding_moderator: z.boolean(),
});

export type ActingUser = z.infer<typeof ActingUser>;
