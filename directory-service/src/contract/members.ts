// Which listed provider a forum member speaks for (the vetting chip next to poster names),
// and a listed provider's team as forum usernames (the "Contacter" private message).
import { z } from "zod";
import { Slug } from "./common.ts";

/** The largest number of forum user ids asked about at once (one page of posts). */
export const MAX_MEMBER_IDS = 100;

const UserId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "a positive integer")
  .transform(Number)
  .pipe(z.number().int().positive().max(2 ** 31 - 1));

/** `?user_ids=1,2,3`: 1 to 100 distinct positive integers, comma-separated. */
export const ProviderMembersQuery = z.strictObject({
  user_ids: z
    .string()
    .max(MAX_MEMBER_IDS * 11)
    .transform((text) => text.split(","))
    .pipe(z.array(UserId).min(1).max(MAX_MEMBER_IDS))
    .refine((ids) => new Set(ids).size === ids.length, { message: "user ids must be distinct" })
    .meta({ description: "Comma-separated forum user ids, 1 to 100, distinct", example: "1,2,3" }),
});
export type ProviderMembersQuery = z.infer<typeof ProviderMembersQuery>;

export const ProviderMember = z.strictObject({
    user_id: z.number().int().positive(),
    slug: Slug,
    name: z.string(),
  });
export type ProviderMember = z.infer<typeof ProviderMember>;

/** Only the members of listed providers' teams appear; others are left out. */
export const ProviderMembersResponse = z
  .strictObject({ members: z.array(ProviderMember).max(MAX_MEMBER_IDS) });
export type ProviderMembersResponse = z.infer<typeof ProviderMembersResponse>;

/** The team's forum usernames (empty for a provider imported without a team). */
export const ProviderTeam = z
  .strictObject({
    slug: Slug,
    usernames: z.array(z.string().min(1).max(60)),
  });
export type ProviderTeam = z.infer<typeof ProviderTeam>;
