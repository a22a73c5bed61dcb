// Writing an import: every record created or updated (by slug) in one transaction, so
// that either all are written or none. Used by the service's connection (command line,
// demo data) and by the import worker's own connection, which lets searches go on
// reading the last committed state meanwhile (WAL).
import type { ErrorDetail, Provider, ProviderImportRecord } from "../contract/index.ts";
import { facetEntriesOf, type Geography } from "../domain/facets.ts";
import { frenchSortKey } from "../domain/text.ts";
import { HAND_VETTED_TAG, handVettedTag } from "../domain/vetting-tags.ts";
import type { Db } from "./database.ts";

export interface ImportCounts {
  created: number;
  updated: number;
}

/**
 * An import refused because it would rewrite the card of a structure listed through
 * vetting (a review_listings row): one detail per such record, with its row. Nothing written.
 */
export class ListedSlugConflict extends Error {
  // A plain field, not a parameter property: the import worker runs this file with Node's
  // type stripping, which refuses parameter properties.
  readonly errors: ErrorDetail[];

  constructor(errors: ErrorDetail[]) {
    super(`the import would rewrite ${errors.length} provider(s) listed through vetting; nothing was imported`);
    this.errors = errors;
  }
}

/** A record's content, whatever its keys' order, without its timestamps. */
function sameContent(a: object, b: object): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value !== null && typeof value === "object"
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([key, v]) => v !== undefined && key !== "created_at" && key !== "updated_at")
              .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
              .map(([key, v]) => [key, canonical(v)])
          )
        : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * An import (admin route, command line): like writeProviders, in the same transaction, but
 * a record on the slug of a structure listed through vetting must leave its card as it is.
 * That card is the review's (its facts were checked, its tags derived from references and
 * decisions): an unchanged record (an export imported back) is left alone and counted as
 * updated; a changed one — or one claiming hand vetting — throws ListedSlugConflict, and
 * nothing of the file is written. `rows[i]` is record i's row in the file.
 */
export function importProviders(
  db: Db,
  records: readonly ProviderImportRecord[],
  geography: Geography,
  now: Date,
  rows: readonly number[] = records.map((_, index) => index + 1)
): ImportCounts {
  const listedRecord = db
    .prepare(
      "SELECT p.record FROM review_listings l JOIN providers p ON p.slug = l.provider_slug WHERE l.provider_slug = ?"
    )
    .pluck();
  return db.transaction(() => {
    const errors: ErrorDetail[] = [];
    const toWrite: ProviderImportRecord[] = [];
    let unchanged = 0;
    records.forEach((record, index) => {
      const stored = listedRecord.get(record.slug) as string | undefined;
      if (stored === undefined) {
        toWrite.push(record);
      } else if (sameContent(record, JSON.parse(stored) as Provider)) {
        unchanged += 1;
      } else {
        errors.push({
          row: rows[index] ?? index + 1,
          field: "slug",
          code: "slug_listed_through_vetting",
          message: `"${record.slug}" is the card of a structure listed through vetting: its team edits it, and moderators review it`,
          params: { slug: record.slug },
        });
      }
    });
    if (errors.length > 0) throw new ListedSlugConflict(errors);
    const counts = writeProviders(db, toWrite, geography, now);
    return { created: counts.created, updated: counts.updated + unchanged };
  }).immediate();
}

/**
 * Records must already be validated. Timestamps absent from a record are set from `now`
 * (created_at kept from the stored record on update). Writes whatever slug it is given:
 * imports go through importProviders, the review writes its own listings.
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
    providerWrites.set(db, providerWritesThrough(db) + 1);
    return counts;
  }).immediate();
}

/**
 * Provider writes made through each connection, for the search index to know it is stale
 * (store/providers.ts): the only writes to providers and provider_facets are here, and
 * other connections' commits show in PRAGMA data_version.
 */
const providerWrites = new WeakMap<Db, number>();

export function providerWritesThrough(db: Db): number {
  return providerWrites.get(db) ?? 0;
}
