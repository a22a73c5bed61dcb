// In-memory index of the listed providers for search: one bit set per facet value,
// positions in name order, card summaries ready to answer. Built from the SQL tables
// (providers, provider_facets) and rebuilt whenever the database changes, so SQL stays
// the source of truth; text matching stays with SQLite FTS5, its answers cached per
// query until the next change.
import type { FacetName, ProviderSummary } from "../contract/index.ts";
import { Bitset } from "../domain/bitset.ts";
import type { Db } from "./database.ts";
import { toSummary } from "./summary.ts";
import type { Provider } from "../contract/index.ts";
import { isExpired, liveTags } from "../domain/vetting-tags.ts";

export interface FacetKeyBits {
  bits: Bitset;
  /** Label stored with the value (tools, tags); the smallest when providers differ. */
  label: string | null;
}

export interface TextMatches {
  bits: Bitset;
  /** Matching positions, best bm25 rank first, then name order. */
  ranked: Int32Array;
}

/** Field weights for bm25: a word in the name counts most, then tools, projects, tags, description. */
export const BM25_WEIGHTS = "10.0, 1.0, 4.0, 2.0, 2.0";
const TEXT_CACHE_LIMIT = 256;
const ANSWER_CACHE_LIMIT = 1024;

export class SearchIndex {
  readonly size: number;
  readonly all: Bitset;
  readonly summaries: ProviderSummary[];
  readonly facets = new Map<FacetName, Map<string, FacetKeyBits>>();
  readonly #positionOfId = new Map<number, number>();
  readonly #textCache = new Map<string, TextMatches>();
  /** Whole answers of recent searches: most visits ask the same few pages (the unfiltered list first). */
  readonly #answers = new Map<string, string>();
  readonly #textQuery;

  /** When the next shown tag expires: the index is stale from then on (Infinity: never). */
  readonly validUntilMs: number;

  /** `nowMs` decides which vetting tags have expired: those leave the cards and the tag facet. */
  constructor(db: Db, nowMs: number = Date.now()) {
    const expiredTags = new Set<string>();
    let validUntilMs = Infinity;
    const rows = db
      .prepare("SELECT id, record FROM providers WHERE status = 'listed' ORDER BY sort_key, slug")
      .raw()
      .all() as [number, string][];
    this.size = rows.length;
    this.all = Bitset.full(this.size);
    this.summaries = rows.map(([id, record], position) => {
      this.#positionOfId.set(id, position);
      const provider = JSON.parse(record) as Provider;
      for (const tag of provider.vetting_tags) {
        if (isExpired(tag, nowMs)) expiredTags.add(`${id}\u0000${tag.key}`);
        else if (tag.expires_at !== null) validUntilMs = Math.min(validUntilMs, Date.parse(tag.expires_at));
      }
      return toSummary({ ...provider, vetting_tags: liveTags(provider.vetting_tags, nowMs) });
    });
    this.validUntilMs = validUntilMs;
    const facetRows = db
      .prepare(
        `SELECT pf.provider_id, pf.facet, pf.key, pf.label FROM provider_facets pf
         JOIN providers p ON p.id = pf.provider_id WHERE p.status = 'listed'`
      )
      .raw()
      .iterate() as IterableIterator<[number, FacetName, string, string | null]>;
    for (const [id, facet, key, label] of facetRows) {
      if (facet === "tag" && expiredTags.has(`${id}\u0000${key}`)) continue;
      const position = this.#positionOfId.get(id)!;
      let keys = this.facets.get(facet);
      if (!keys) this.facets.set(facet, (keys = new Map()));
      let entry = keys.get(key);
      if (!entry) keys.set(key, (entry = { bits: new Bitset(this.size), label }));
      entry.bits.add(position);
      if (label !== null && (entry.label === null || label < entry.label)) entry.label = label;
    }
    this.#textQuery = db
      .prepare(
        `SELECT rowid, bm25(providers_fts, ${BM25_WEIGHTS}) FROM providers_fts WHERE providers_fts MATCH ?`
      )
      .raw();
  }

  /** Listed providers matching an FTS5 query (see domain/search-text.ts). */
  text(fts: string): TextMatches {
    const cached = this.#textCache.get(fts);
    if (cached) {
      // Refresh its place: the cache forgets the least recently used query first.
      this.#textCache.delete(fts);
      this.#textCache.set(fts, cached);
      return cached;
    }
    const bits = new Bitset(this.size);
    const hits: [number, number][] = [];
    for (const [id, rank] of this.#textQuery.iterate(fts) as IterableIterator<[number, number]>) {
      const position = this.#positionOfId.get(id);
      if (position === undefined) continue; // not listed
      bits.add(position);
      hits.push([position, rank]);
    }
    hits.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    const matches = { bits, ranked: Int32Array.from(hits, (hit) => hit[0]) };
    if (this.#textCache.size >= TEXT_CACHE_LIMIT)
      this.#textCache.delete(this.#textCache.keys().next().value!);
    this.#textCache.set(fts, matches);
    return matches;
  }

  /** Bits of the providers having any of these keys in the facet (OR). */
  anyOf(facet: FacetName, keys: readonly string[]): Bitset {
    const union = new Bitset(this.size);
    const known = this.facets.get(facet);
    for (const key of keys) {
      const entry = known?.get(key);
      if (entry) union.orInPlace(entry.bits);
    }
    return union;
  }

  /** An answer computed once per snapshot of the database (the snapshot dies with the next write). */
  answer(key: string, compute: () => string): string {
    let answer = this.#answers.get(key);
    if (answer === undefined) {
      answer = compute();
      if (this.#answers.size >= ANSWER_CACHE_LIMIT) this.#answers.delete(this.#answers.keys().next().value!);
      this.#answers.set(key, answer);
    }
    return answer;
  }
}
