// Forum members of listed providers' teams: the team rows written by vetting
// (vetting_team_members) joined to the provider record an approval listed
// (review_listings), so a suspended provider or a team not yet listed is never shown.
import type { Db } from "./database.ts";
import type { ProviderMember } from "../contract/index.ts";

export function listedProviderMembers(db: Db, userIds: readonly number[]): ProviderMember[] {
  if (userIds.length === 0) return [];
  return db
    .prepare(
      `SELECT m.user_id, p.slug, p.name
         FROM vetting_team_members m
         JOIN review_listings l ON l.application_id = m.application_id
         JOIN providers p ON p.slug = l.provider_slug
        WHERE p.status = 'listed' AND m.user_id IN (SELECT value FROM json_each(?))
        ORDER BY m.user_id`
    )
    .all(JSON.stringify(userIds)) as ProviderMember[];
}

/** Whether this forum user is on the team of the listed provider with this slug. */
export function isListedProviderMember(db: Db, slug: string, userId: number): boolean {
  return listedProviderMembers(db, [userId]).some((member) => member.slug === slug);
}

/** The usernames of a listed provider's team, owner first; undefined when not listed. */
export function listedProviderTeam(db: Db, slug: string): string[] | undefined {
  const provider = db.prepare("SELECT 1 FROM providers WHERE slug = ? AND status = 'listed'").get(slug);
  if (!provider) return undefined;
  const rows = db
    .prepare(
      `SELECT m.username
         FROM review_listings l
         JOIN vetting_team_members m ON m.application_id = l.application_id
        WHERE l.provider_slug = ?
        ORDER BY m.role = 'owner' DESC, m.joined_at, m.user_id`
    )
    .all(slug) as { username: string }[];
  return rows.map((row) => row.username);
}
