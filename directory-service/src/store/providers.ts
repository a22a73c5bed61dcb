// Provider storage: writes (import, all-or-nothing) and reads (detail, export, search).
import type Database from "better-sqlite3";
import type {
  FacetName,
  FacetValue,
  Provider,
  ProviderImportRecord,
  SearchQuery,
  SearchResponse,
} from "../contract/index.ts";
import {
  FACET_NAMES,
  FACET_TAXONOMY,
  filtersForFacetCounts,
  filtersOf,
  type FacetFilters,
} from "../domain/facets.ts";
import { toFtsQuery } from "../domain/search-text.ts";
import { liveTags } from "../domain/vetting-tags.ts";
import type { Db } from "./database.ts";
import { AnswerCache } from "./answer-cache.ts";
import { BM25_WEIGHTS, frenchOrder, SearchIndex } from "./search-index.ts";
import { importProviders, providerWritesThrough, type ImportCounts } from "./provider-writer.ts";
import { toSummary } from "./summary.ts";
import type { TaxonomyCatalog } from "./taxonomies.ts";

export { toSummary };

export type Locale = "fr" | "en";

export type { ImportCounts };

const STATEMENT_CACHE_LIMIT = 512;

export class ProviderStore {
  readonly #db: Db;
  readonly #catalog: () => TaxonomyCatalog;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #listedBySlug;
  readonly #all;
  readonly #count;
  readonly #dataVersion;
  #index: { version: string; index: SearchIndex } | null = null;
  readonly #answers: AnswerCache;
  readonly #now: () => number;

  /** `options.now` decides which vetting tags have expired: they are left out of every public read. */
  constructor(
    db: Db,
    catalog: () => TaxonomyCatalog,
    options: { answerCacheBytes?: number; now?: () => number } = {}
  ) {
    this.#db = db;
    this.#catalog = catalog;
    this.#now = options.now ?? Date.now;
    // For the SQL reference search: whether a provider's tag is live (not expired) now.
    db.function("directory_tag_live", { deterministic: false }, (record: unknown, key: unknown) => {
      const provider = JSON.parse(String(record)) as Provider;
      return liveTags(provider.vetting_tags, this.#now()).some((tag) => tag.key === key) ? 1 : 0;
    });
    this.#answers = new AnswerCache(options.answerCacheBytes);
    this.#listedBySlug = db
      .prepare("SELECT record FROM providers WHERE slug = ? AND status = 'listed'")
      .pluck();
    this.#all = db.prepare("SELECT record FROM providers ORDER BY slug").pluck();
    this.#count = db.prepare("SELECT COUNT(*) FROM providers").pluck();
    // Changes with every commit of another connection; this one's provider writes are
    // counted by provider-writer.ts (cheaper than total_changes(), and other writes, such
    // as pledges, leave the index and the answers alone).
    this.#dataVersion = db.prepare("PRAGMA data_version").pluck();
  }

  count(): number {
    return this.#count.get() as number;
  }

  /**
   * Creates or updates (by slug) every record in one transaction (see importProviders:
   * throws ListedSlugConflict, writing nothing, for a record that would rewrite a
   * structure listed through vetting).
   */
  importAll(records: readonly ProviderImportRecord[], now: Date): ImportCounts {
    return importProviders(this.#db, records, this.#catalog().geography, now);
  }

  /** A public (listed) provider's full record. */
  getListed(slug: string): Provider | undefined {
    const json = this.#listedBySlug.get(slug) as string | undefined;
    if (json === undefined) return undefined;
    const provider = JSON.parse(json) as Provider;
    return { ...provider, vetting_tags: liveTags(provider.vetting_tags, this.#now()) };
  }

  /** Every provider, whatever its status, by slug. */
  exportAll(): Provider[] {
    return (this.#all.all() as string[]).map((json) => JSON.parse(json) as Provider);
  }

  /** The search's answer as JSON (UTF-8 bytes), remembered (within the cache's bytes) until the next write. */
  searchJson(query: SearchQuery, locale: Locale): Buffer {
    const index = this.searchIndex();
    const key = JSON.stringify([toFtsQuery(query.q), filtersOf(query), query.page, query.per_page, locale]);
    return this.#answers.get(key, () => index.searchJson(query, locale));
  }

  /**
   * One page of listed providers matching the text and filters, with disjunctive facet
   * counts, answered from the in-memory index (store/search-index.ts).
   */
  search(query: SearchQuery, locale: Locale): SearchResponse {
    return this.searchIndex().search(query, locale);
  }

  /**
   * The search index for the database as it is now: rebuilt after any write, through
   * this connection or another one (e.g. a command-line import while the service runs).
   * Remembered answers go with the old index.
   */
  searchIndex(): SearchIndex {
    const version = `${this.#dataVersion.get() as number}:${providerWritesThrough(this.#db)}`;
    const now = this.#now();
    // Also rebuilt when a vetting tag it shows has expired since it was built.
    if (this.#index?.version !== version || now >= this.#index.index.validUntilMs) {
      this.#answers.clear();
      this.#index = { version, index: new SearchIndex(this.#db, this.#catalog(), now) };
    }
    return this.#index.index;
  }

  /** The answer cache (its size is checked by tests). */
  get answers(): AnswerCache {
    return this.#answers;
  }

  /**
   * The same search answered by SQL alone (FTS5 + provider_facets): the reference the
   * in-memory index is checked against in tests.
   */
  searchWithSql(query: SearchQuery, locale: Locale): SearchResponse {
    const fts = toFtsQuery(query.q);
    const filters = filtersOf(query);
    const matching = this.#matching(fts, filters);
    const total = this.#statement(`SELECT COUNT(*) FROM (${matching.sql})`)
      .pluck()
      .get(...matching.params) as number;

    const offset = (query.page - 1) * query.per_page;
    const itemsSql = fts
      ? `SELECT p.record FROM providers_fts JOIN providers p ON p.id = providers_fts.rowid
         WHERE providers_fts MATCH ? AND p.status = 'listed'${matching.filterSql}
         ORDER BY bm25(providers_fts, ${BM25_WEIGHTS}), p.sort_key, p.slug LIMIT ? OFFSET ?`
      : `SELECT p.record FROM providers p WHERE p.status = 'listed'${matching.filterSql}
         ORDER BY p.sort_key, p.slug LIMIT ? OFFSET ?`;
    const itemParams = [...(fts ? [fts] : []), ...matching.filterParams, query.per_page, offset];
    const items = (
      this.#statement(itemsSql)
        .pluck()
        .all(...itemParams) as string[]
    ).map((json) => {
      const provider = JSON.parse(json) as Provider;
      return toSummary({ ...provider, vetting_tags: liveTags(provider.vetting_tags, this.#now()) });
    });

    const facets = {} as Record<FacetName, FacetValue[]>;
    for (const facet of FACET_NAMES) facets[facet] = this.#facetCounts(facet, fts, filters, locale);
    return { items, total, page: query.page, per_page: query.per_page, facets };
  }

  #facetCounts(
    facet: FacetName,
    fts: string | null,
    filters: FacetFilters,
    locale: Locale
  ): FacetValue[] {
    const matching = this.#matching(fts, filtersForFacetCounts(filters, facet));
    const rows = this.#statement(
      // The label of a tool or tag does not depend on the filters: the smallest among listed providers.
      `SELECT pf.key, (SELECT MIN(l.label) FROM provider_facets l JOIN providers lp ON lp.id = l.provider_id
                       WHERE l.facet = pf.facet AND l.key = pf.key AND lp.status = 'listed'${
                         facet === "tag" ? " AND directory_tag_live(lp.record, l.key)" : ""
                       }) AS label,
              COUNT(*) AS count
       FROM provider_facets pf WHERE pf.facet = ? AND pf.provider_id IN (${matching.sql})${
         facet === "tag"
           ? " AND directory_tag_live((SELECT record FROM providers WHERE id = pf.provider_id), pf.key)"
           : ""
       } GROUP BY pf.key`
    ).all(facet, ...matching.params) as FacetRow[];
    return this.#facetValues(facet, rows, filters[facet], locale);
  }

  /** Labels in the locale, selected values kept (count 0), ordered by count then label. */
  #facetValues(
    facet: FacetName,
    rows: FacetRow[],
    selected: readonly string[],
    locale: Locale
  ): FacetValue[] {
    const counted = new Map(rows.map((row) => [row.key, row]));
    // Selected values stay visible (with 0) so a visitor can always unselect them.
    for (const key of selected)
      if (!counted.has(key)) counted.set(key, { key, label: null, count: 0 });
    const taxonomy = FACET_TAXONOMY[facet];
    const catalog = this.#catalog();
    return [...counted.values()]
      .map((row) => ({
        key: row.key,
        label:
          (taxonomy ? catalog.label(taxonomy, row.key, locale) : row.label) ?? row.label ?? row.key,
        count: row.count,
      }))
      .sort(
        (a, b) =>
          b.count - a.count || frenchOrder.compare(a.label, b.label) || (a.key < b.key ? -1 : 1)
      );
  }

  /** SQL selecting the ids of listed providers matching the text and the filters. */
  #matching(fts: string | null, filters: FacetFilters) {
    let filterSql = "";
    const filterParams: string[] = [];
    for (const facet of FACET_NAMES) {
      const keys = filters[facet];
      if (keys.length === 0) continue;
      // An expired vetting tag no longer selects its provider.
      const live = facet === "tag" ? " AND directory_tag_live(p.record, key)" : "";
      filterSql += ` AND p.id IN (SELECT provider_id FROM provider_facets WHERE facet = ? AND key IN (${keys.map(() => "?").join(", ")})${live})`;
      filterParams.push(facet, ...keys);
    }
    const sql = fts
      ? `SELECT p.id FROM providers_fts JOIN providers p ON p.id = providers_fts.rowid WHERE providers_fts MATCH ? AND p.status = 'listed'${filterSql}`
      : `SELECT p.id FROM providers p WHERE p.status = 'listed'${filterSql}`;
    return { sql, params: [...(fts ? [fts] : []), ...filterParams], filterSql, filterParams };
  }

  /** Prepared statements reused by SQL text (the shapes vary with the number of filter values). */
  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

interface FacetRow {
  key: string;
  label: string | null;
  count: number;
}
