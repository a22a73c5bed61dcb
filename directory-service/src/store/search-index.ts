// In-memory index of the directory for search, built from the SQL tables (providers,
// provider_facets, providers_fts) and rebuilt whenever the database changes, so SQL stays
// the source of truth: one bit set per facet value (positions in name order), the text
// index (text-index.ts, equal to FTS5 and its bm25), card summaries ready as JSON, and
// facet labels already in French order. One search is then a few passes over typed
// arrays; ProviderStore.searchWithSql answers the same by SQL alone, and the tests hold
// the two equal.
import { LRUCache } from "lru-cache";
import type {
  FacetName,
  FacetValue,
  Provider,
  ProviderSummary,
  SearchQuery,
  SearchResponse,
} from "../contract/index.ts";
import { Bitset } from "../domain/bitset.ts";
import { FACET_NAMES, FACET_TAXONOMY, filtersOf } from "../domain/facets.ts";
import { searchTerms, toFtsQuery } from "../domain/search-text.ts";
import type { Db } from "./database.ts";
import { toSummary } from "./summary.ts";
import type { TaxonomyCatalog } from "./taxonomies.ts";
import { BM25_WEIGHTS, TextIndex } from "./text-index.ts";

export { BM25_WEIGHTS };
export type Locale = "fr" | "en";
const LOCALES = ["fr", "en"] as const;

/** Memory for the text matches of recent queries (each costs ~12 bytes per listed provider). */
const TEXT_CACHE_BYTES = 16 * 1024 * 1024;
export const frenchOrder = new Intl.Collator("fr", { sensitivity: "base", numeric: true });

interface FacetKey {
  key: string;
  bits: Bitset;
  label: Record<Locale, string>;
  /** Place in (French collation of the label, key) order, per locale. */
  order: Record<Locale, number>;
  /** The value's JSON up to its count: `{"key":…,"label":…,"count":`. */
  json: Record<Locale, string>;
}

export interface TextMatches {
  /** Listed providers matching the text. */
  bits: Bitset;
  /** bm25 rank of each matching position (lower is better); other entries are unused. */
  rank: Float64Array;
}

interface FacetRow {
  key: string;
  label: string;
  count: number;
  order: number | null;
  json: string | null;
}

/** What a search found, before it is written as objects or as JSON. */
interface Found {
  positions: number[];
  total: number;
  facets: Record<FacetName, FacetRow[]>;
}

export class SearchIndex {
  readonly size: number;
  readonly all: Bitset;
  readonly summaries: ProviderSummary[];
  /** Each summary as JSON, written once. */
  readonly summaryJson: string[];
  readonly facets = new Map<FacetName, FacetKey[]>();
  readonly #facetKeys = new Map<FacetName, Map<string, FacetKey>>();
  readonly #catalog: TaxonomyCatalog;
  readonly #text: TextIndex | null;
  /** Listed position of each text document (-1 when not listed). */
  readonly #positionOfDoc: Int32Array;
  readonly #positionOfId = new Map<number, number>();
  readonly #textCache: LRUCache<string, TextMatches>;
  readonly #ftsQuery;

  constructor(db: Db, catalog: TaxonomyCatalog) {
    this.#catalog = catalog;
    const rows = db
      .prepare("SELECT id, record FROM providers WHERE status = 'listed' ORDER BY sort_key, slug")
      .raw()
      .all() as [number, string][];
    this.size = rows.length;
    this.all = Bitset.full(this.size);
    this.summaries = rows.map(([id, record], position) => {
      this.#positionOfId.set(id, position);
      return toSummary(JSON.parse(record) as Provider);
    });
    this.summaryJson = this.summaries.map((summary) => JSON.stringify(summary));

    const storedLabels = new Map<string, string>();
    const facetRows = db
      .prepare(
        `SELECT pf.provider_id, pf.facet, pf.key, pf.label FROM provider_facets pf
         JOIN providers p ON p.id = pf.provider_id WHERE p.status = 'listed'`
      )
      .raw()
      .iterate() as IterableIterator<[number, FacetName, string, string | null]>;
    const bitsOf = new Map<string, Bitset>();
    for (const [id, facet, key, label] of facetRows) {
      const name = `${facet}\u0000${key}`;
      let bits = bitsOf.get(name);
      if (!bits) bitsOf.set(name, (bits = new Bitset(this.size)));
      bits.add(this.#positionOfId.get(id)!);
      // A tool or tag label: the smallest among listed providers, as the SQL reference.
      const stored = storedLabels.get(name);
      if (label !== null && (stored === undefined || label < stored)) storedLabels.set(name, label);
    }
    for (const facet of FACET_NAMES) {
      const keys: FacetKey[] = [];
      for (const [name, bits] of bitsOf) {
        const [owner, key] = name.split("\u0000") as [FacetName, string];
        if (owner !== facet) continue;
        const label = {} as Record<Locale, string>;
        for (const locale of LOCALES) label[locale] = this.#label(facet, key, storedLabels.get(name) ?? null, locale);
        keys.push({ key, bits, label, order: { fr: 0, en: 0 }, json: { fr: "", en: "" } });
      }
      for (const locale of LOCALES) {
        [...keys]
          .sort((a, b) => frenchOrder.compare(a.label[locale], b.label[locale]) || (a.key < b.key ? -1 : 1))
          .forEach((entry, order) => {
            entry.order[locale] = order;
            entry.json[locale] = `{"key":${JSON.stringify(entry.key)},"label":${JSON.stringify(entry.label[locale])},"count":`;
          });
      }
      this.facets.set(facet, keys);
      this.#facetKeys.set(facet, new Map(keys.map((entry) => [entry.key, entry])));
    }

    this.#text = TextIndex.build(db);
    this.#positionOfDoc = Int32Array.from(this.#text?.ids ?? [], (id) => this.#positionOfId.get(id) ?? -1);
    const textBytes = this.size * 8 + Math.ceil(this.size / 32) * 4 + 64;
    this.#textCache = new LRUCache({ maxSize: TEXT_CACHE_BYTES, sizeCalculation: () => textBytes });
    this.#ftsQuery = db
      .prepare(`SELECT rowid, bm25(providers_fts, ${BM25_WEIGHTS}) FROM providers_fts WHERE providers_fts MATCH ?`)
      .raw();
  }

  /** Whether text is matched in memory (else by FTS5: see TextIndex.build). */
  get textInMemory(): boolean {
    return this.#text !== null;
  }

  #label(facet: FacetName, key: string, stored: string | null, locale: Locale): string {
    const taxonomy = FACET_TAXONOMY[facet];
    return (taxonomy ? this.#catalog.label(taxonomy, key, locale) : stored) ?? stored ?? key;
  }

  /** Listed providers matching the words of `q` (every word as a word or word start). */
  text(q: string): TextMatches | null {
    const words = searchTerms(q);
    if (words.length === 0) return null;
    const tokens = this.#text?.queryTokens(words) ?? null;
    const key = tokens ? `t\u0000${tokens.join("\u0000")}` : `f\u0000${toFtsQuery(q)}`;
    let matches = this.#textCache.get(key);
    if (!matches) {
      matches = tokens ? this.#matchInMemory(tokens) : this.#matchWithFts(toFtsQuery(q)!);
      this.#textCache.set(key, matches);
    }
    return matches;
  }

  #matchInMemory(tokens: string[]): TextMatches {
    const { docs, ranks } = this.#text!.match(tokens);
    const bits = new Bitset(this.size);
    const rank = new Float64Array(this.size);
    for (let i = 0; i < docs.length; i++) {
      const position = this.#positionOfDoc[docs[i]!]!;
      if (position < 0) continue; // not listed
      bits.add(position);
      rank[position] = ranks[i]!;
    }
    return { bits, rank };
  }

  /** The same through FTS5, for words the in-memory index cannot tokenize as FTS5 does. */
  #matchWithFts(fts: string): TextMatches {
    const bits = new Bitset(this.size);
    const rank = new Float64Array(this.size);
    for (const [id, value] of this.#ftsQuery.iterate(fts) as IterableIterator<[number, number]>) {
      const position = this.#positionOfId.get(id);
      if (position === undefined) continue; // not listed
      bits.add(position);
      rank[position] = value;
    }
    return { bits, rank };
  }

  /** Bits of the providers having any of these keys in the facet (OR). */
  anyOf(facet: FacetName, keys: readonly string[]): Bitset {
    const union = new Bitset(this.size);
    const known = this.#facetKeys.get(facet);
    for (const key of keys) {
      const entry = known?.get(key);
      if (entry) union.orInPlace(entry.bits);
    }
    return union;
  }

  search(query: SearchQuery, locale: Locale): SearchResponse {
    const found = this.#find(query, locale);
    const facets = {} as Record<FacetName, FacetValue[]>;
    for (const facet of FACET_NAMES)
      facets[facet] = found.facets[facet].map(({ key, label, count }) => ({ key, label, count }));
    return {
      items: found.positions.map((position) => this.summaries[position]!),
      total: found.total,
      page: query.page,
      per_page: query.per_page,
      facets,
    };
  }

  /** The same answer as JSON text (summaries and facet labels were written once). */
  searchJson(query: SearchQuery, locale: Locale): string {
    const found = this.#find(query, locale);
    let json = `{"items":[${found.positions.map((position) => this.summaryJson[position]).join(",")}],"total":${found.total},"page":${query.page},"per_page":${query.per_page},"facets":{`;
    FACET_NAMES.forEach((facet, i) => {
      json += `${i === 0 ? "" : ","}"${facet}":[`;
      json += found.facets[facet]
        .map((row) => (row.json ?? `{"key":${JSON.stringify(row.key)},"label":${JSON.stringify(row.label)},"count":`) + `${row.count}}`)
        .join(",");
      json += "]";
    });
    return json + "}}";
  }

  #find(query: SearchQuery, locale: Locale): Found {
    const filters = filtersOf(query);
    const text = query.q === undefined ? null : this.text(query.q);
    const base = text ? text.bits : this.all;

    const selections = new Map<FacetName, Bitset>();
    for (const facet of FACET_NAMES)
      if (filters[facet].length > 0) selections.set(facet, this.anyOf(facet, filters[facet]));
    const matchingExcept = (excluded: FacetName | null) => {
      const mask = base.clone();
      for (const [facet, bits] of selections) if (facet !== excluded) mask.andInPlace(bits);
      return mask;
    };
    const matching = selections.size > 0 ? matchingExcept(null) : base;
    const total = matching.count();

    const offset = (query.page - 1) * query.per_page;
    const positions = text
      ? bestPositions(matching, text.rank, offset, query.per_page)
      : firstPositions(matching, offset, query.per_page);

    const facets = {} as Record<FacetName, FacetRow[]>;
    const matchingWords = matching.nonZeroWords();
    for (const facet of FACET_NAMES) {
      // Disjunctive counts: every other facet's selection applies, not this facet's own.
      const mask = selections.has(facet) ? matchingExcept(facet) : matching;
      const words = mask === matching ? matchingWords : mask.nonZeroWords();
      const rows: FacetRow[] = [];
      for (const entry of this.facets.get(facet)!) {
        const count = mask.countAndAt(entry.bits, words);
        if (count > 0)
          rows.push({ key: entry.key, label: entry.label[locale], count, order: entry.order[locale], json: entry.json[locale] });
      }
      // Selected values stay visible (with 0) so a visitor can always unselect them.
      for (const key of filters[facet]) {
        if (rows.some((row) => row.key === key)) continue;
        // No matching provider to take a tool or tag label from: the taxonomy's, or the key.
        rows.push({ key, label: this.#label(facet, key, null, locale), count: 0, order: null, json: null });
      }
      facets[facet] = rows.sort(byCountThenLabel);
    }
    return { positions, total, facets };
  }
}

/** Count first, then label in French order, then key (as the SQL reference orders). */
function byCountThenLabel(a: FacetRow, b: FacetRow): number {
  if (a.count !== b.count) return b.count - a.count;
  if (a.order !== null && b.order !== null) return a.order - b.order;
  return frenchOrder.compare(a.label, b.label) || (a.key < b.key ? -1 : 1);
}

/** Positions [offset, offset + count) of the set in name order. */
function firstPositions(set: Bitset, offset: number, count: number): number[] {
  const result: number[] = [];
  let skipped = 0;
  for (const position of set.positions()) {
    if (skipped < offset) {
      skipped++;
      continue;
    }
    result.push(position);
    if (result.length === count) break;
  }
  return result;
}

/**
 * Positions [offset, offset + count) of the set by rank, then name order: the best
 * offset + count kept in a small sorted list while the set is read once.
 */
function bestPositions(set: Bitset, rank: Float64Array, offset: number, count: number): number[] {
  const wanted = offset + count;
  if (wanted > 256) {
    // Deep pages: sorting everything once is cheaper than keeping a long sorted list.
    const all = [...set.positions()].sort((a, b) => rank[a]! - rank[b]! || a - b);
    return all.slice(offset, wanted);
  }
  const best: number[] = [];
  for (const position of set.positions()) {
    const value = rank[position]!;
    if (best.length === wanted && value >= rank[best[wanted - 1]!]!) continue;
    // Positions come in increasing order: among equal ranks the earlier stays first.
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (rank[best[mid]!]! <= value) low = mid + 1;
      else high = mid;
    }
    best.splice(low, 0, position);
    if (best.length > wanted) best.pop();
  }
  return best.slice(offset);
}
