// Writing an import: every record created or updated (by slug) in one transaction, so
// that either all are written or none. Used by the service's connection (command line,
// demo data) and by the import worker's own connection, which lets searches go on
// reading the last committed state meanwhile (WAL).
import type { Provider, ProviderImportRecord } from "../contract/index.ts";
import { facetEntriesOf, type Geography } from "../domain/facets.ts";
import { frenchSortKey } from "../domain/text.ts";
import { HAND_VETTED_TAG, handVettedTag } from "../domain/vetting-tags.ts";
import type { Db } from "./database.ts";

export interface ImportCounts {
  created: number;
  updated: number;
}

/**
 * Records must already be validated. Timestamps absent from a record are set from `now`
 * (created_at kept from the stored record on update).
 */
export function writeProviders(
  db: Db,
  records: readonly ProviderImportRecord[],
  geography: Geography,
  now: Date
): ImportCounts {
  const findBySlug = db.prepare("SELECT id, created_at FROM providers WHERE slug = ?");
  const columns =
    "slug, name, sort_key, status, description, tools_text, projects_text, tags_text, record, created_at, updated_at";
  const insert = db.prepare(
    `INSERT INTO providers (${columns}) VALUES (@slug, @name, @sort_key, @status, @description, @tools_text, @projects_text, @tags_text, @record, @created_at, @updated_at)`
  );
  const update = db.prepare(`UPDATE providers SET name = @name, sort_key = @sort_key, status = @status,
      description = @description, tools_text = @tools_text, projects_text = @projects_text, tags_text = @tags_text,
      record = @record, created_at = @created_at, updated_at = @updated_at WHERE id = @id`);
  const deleteFacets = db.prepare("DELETE FROM provider_facets WHERE provider_id = ?");
  const insertFacet = db.prepare(
    "INSERT INTO provider_facets (provider_id, facet, key, label) VALUES (?, ?, ?, ?)"
  );
  const saveHandVetting = db.prepare(
    `INSERT INTO provider_hand_vetting (provider_slug, decided_at, decided_by) VALUES (?, ?, ?)
     ON CONFLICT (provider_slug) DO UPDATE SET decided_at = excluded.decided_at, decided_by = excluded.decided_by`
  );
  const nowIso = now.toISOString();
  // IMMEDIATE: take the write lock at the start, so a concurrent writer waits (busy_timeout)
  // instead of failing half-way.
  return db.transaction(() => {
    const counts: ImportCounts = { created: 0, updated: 0 };
    for (const input of records) {
      const existing = findBySlug.get(input.slug) as { id: number; created_at: string } | undefined;
      const { hand_vetted: handVetted, ...fields } = input;
      if (handVetted) {
        // Vetted by hand before the online directory: remembered for the review, and said on the card.
        saveHandVetting.run(input.slug, handVetted.decided_at, handVetted.decided_by);
        if (!fields.vetting_tags.some((tag) => tag.key === HAND_VETTED_TAG))
          fields.vetting_tags = [...fields.vetting_tags, handVettedTag(handVetted)];
      }
      const record: Provider = {
        ...fields,
        created_at: input.created_at ?? existing?.created_at ?? nowIso,
        updated_at: input.updated_at ?? nowIso,
      };
      const row = {
        slug: record.slug,
        name: record.name,
        sort_key: frenchSortKey(record.name),
        status: record.status,
        description: record.description,
        tools_text: record.tools.join(" · "),
        projects_text: record.example_projects
          .map((p) => `${p.association} — ${p.summary}`)
          .join("\n"),
        tags_text: record.vetting_tags.map((tag) => tag.label).join(" · "),
        record: JSON.stringify(record),
        created_at: record.created_at,
        updated_at: record.updated_at,
      };
      let id: number;
      if (existing) {
        update.run({ ...row, id: existing.id });
        deleteFacets.run(existing.id);
        id = existing.id;
        counts.updated++;
      } else {
        id = Number(insert.run(row).lastInsertRowid);
        counts.created++;
      }
      for (const entry of facetEntriesOf(record, geography))
        insertFacet.run(id, entry.facet, entry.key, entry.label);
    }
    return counts;
  }).immediate();
}
