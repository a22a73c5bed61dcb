// The taxonomies table: seeded from the data module at every start (upsert), read for
// labels, validation and GET /v1/taxonomies.
import { TaxonomyName, type TaxonomiesResponse, type TaxonomyEntry } from "../contract/index.ts";
import type { Geography } from "../domain/facets.ts";
import type { KnownKeys } from "../domain/provider-rules.ts";
import type { Db } from "./database.ts";

export const TAXONOMY_NAMES: readonly TaxonomyName[] = TaxonomyName.options;

export type TaxonomyData = Record<TaxonomyName, readonly TaxonomyEntry[]>;

/** Makes the table equal to the data: new entries added, labels updated, dropped entries removed. */
export function syncTaxonomies(db: Db, data: TaxonomyData): void {
  const upsert = db.prepare(`
    INSERT INTO taxonomies (taxonomy, key, label_fr, label_en, parent, position)
    VALUES (@taxonomy, @key, @label_fr, @label_en, @parent, @position)
    ON CONFLICT (taxonomy, key) DO UPDATE SET
      label_fr = excluded.label_fr, label_en = excluded.label_en,
      parent = excluded.parent, position = excluded.position`);
  const keysOf = db.prepare("SELECT key FROM taxonomies WHERE taxonomy = ?").pluck();
  const remove = db.prepare("DELETE FROM taxonomies WHERE taxonomy = ? AND key = ?");
  db.transaction(() => {
    for (const taxonomy of TAXONOMY_NAMES) {
      const entries = data[taxonomy] ?? [];
      entries.forEach((entry, position) =>
        upsert.run({
          taxonomy,
          key: entry.key,
          label_fr: entry.label.fr,
          label_en: entry.label.en,
          parent: entry.parent,
          position,
        })
      );
      const wanted = new Set(entries.map((entry) => entry.key));
      for (const key of keysOf.all(taxonomy) as string[])
        if (!wanted.has(key)) remove.run(taxonomy, key);
    }
  })();
}

interface TaxonomyRow {
  taxonomy: TaxonomyName;
  key: string;
  label_fr: string;
  label_en: string;
  parent: string | null;
}

/** Read-side view of the taxonomies, loaded once per change (they change only at start). */
export class TaxonomyCatalog {
  readonly response: TaxonomiesResponse;
  readonly known: KnownKeys;
  readonly geography: Geography;
  readonly #labels = new Map<string, { fr: string; en: string }>();

  constructor(db: Db) {
    const rows = db
      .prepare(
        "SELECT taxonomy, key, label_fr, label_en, parent FROM taxonomies ORDER BY taxonomy, position, key"
      )
      .all() as TaxonomyRow[];
    const response = Object.fromEntries(
      TAXONOMY_NAMES.map((name) => [name, [] as TaxonomyEntry[]])
    ) as TaxonomiesResponse;
    const known = Object.fromEntries(
      TAXONOMY_NAMES.map((name) => [name, new Set<string>()])
    ) as Record<TaxonomyName, Set<string>>;
    const regionOf = new Map<string, string>();
    const departmentsOf = new Map<string, string[]>();
    for (const row of rows) {
      response[row.taxonomy].push({
        key: row.key,
        label: { fr: row.label_fr, en: row.label_en },
        parent: row.parent,
      });
      known[row.taxonomy].add(row.key);
      this.#labels.set(`${row.taxonomy}\u0000${row.key}`, { fr: row.label_fr, en: row.label_en });
      if (row.taxonomy === "departments" && row.parent !== null) {
        regionOf.set(row.key, row.parent);
        departmentsOf.set(row.parent, [...(departmentsOf.get(row.parent) ?? []), row.key]);
      }
    }
    this.response = response;
    this.known = known;
    this.geography = { regionOf, departmentsOf };
  }

  label(taxonomy: TaxonomyName, key: string, locale: "fr" | "en"): string | undefined {
    return this.#labels.get(`${taxonomy}\u0000${key}`)?.[locale];
  }
}
