// In-memory index of the directory for search, built from the SQL tables (providers,
// provider_facets, providers_fts) and rebuilt whenever the database changes, so SQL stays
// the source of truth: one bit set per facet value (positions in name order), the text
// index (text-index.ts, equal to FTS5 and its bm25), card summaries ready as JSON, and
// facet labels already in French order. One search is then a few passes over typed
// arrays; ProviderStore.searchWithSql answers the same by SQL alone, and the tests hold
// the two equal.
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
import { isExpired, liveTags } from "../domain/vetting-tags.ts";
import type { TaxonomyCatalog } from "./taxonomies.ts";
import { BM25_WEIGHTS, TextIndex } from "./text-index.ts";

export { BM25_WEIGHTS };
export type Locale = "fr" | "en";
const ITEMS_START = Buffer.from(`{"items":[`);
const COMMA = Buffer.from(",");
const LOCALES = ["fr", "en"] as const;

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
  /**
   * bm25 score of each matching position (higher is better; SQLite's bm25() returns its
   * negation, exactly); other entries are unused.
   */
  score: Float64Array;
}

/** A selected value no matching provider has (shown with 0 so it can be unselected). */
interface ZeroRow {
  key: string;
  label: string;
}

/** One facet's values in a search's answer: the counted ones, then the zero rows. */
interface FacetAnswer {
  keys: readonly FacetKey[];
  counts: Int32Array;
  /** Indexes (in `keys`) of the values counted, by count then label. */
  sorted: Int32Array;
  zeros: ZeroRow[];
}

/** What a search found, before it is written as objects or as JSON. */
interface Found {
  positions: number[];
  total: number;
  facets: Record<FacetName, FacetAnswer>;
}

export class SearchIndex {
  readonly size: number;
  readonly all: Bitset;
  /** Each listed provider's card (ProviderSummary) as JSON in UTF-8, written once. */
  readonly summaryJson: Buffer[];
  readonly facets = new Map<FacetName, FacetKey[]>();
  /** Each facet's keys: index in `facets` by key, and by place in each locale's label order. */
  readonly #keyIndex = new Map<FacetName, Map<string, number>>();
  readonly #keyAtOrder = new Map<FacetName, Record<Locale, Int32Array>>();
  readonly #signatures = new Map<FacetName, FacetSignatures>();
  readonly #catalog: TaxonomyCatalog;
  readonly #text: TextIndex | null;
  readonly #positionOfId = new Map<number, number>();
  /** Where each search writes its text matches: read before the next search starts. */
  readonly #matches: TextMatches;
  readonly #ftsQuery;

  /** When the next vetting tag it shows expires: the index is stale from then on (Infinity: never). */
  readonly validUntilMs: number;

  /** `nowMs` decides which vetting tags have expired: they leave the cards and the tag facet. */
  constructor(db: Db, catalog: TaxonomyCatalog, nowMs: number = Date.now()) {
    this.#catalog = catalog;
    const expiredTags = new Set<string>();
    let validUntilMs = Infinity;
    const rows = db
      .prepare("SELECT id, record FROM providers WHERE status = 'listed' ORDER BY sort_key, slug")
      .raw()
      .all() as [number, string][];
    this.size = rows.length;
    this.all = Bitset.full(this.size);
    this.summaryJson = rows.map(([id, record], position) => {
      this.#positionOfId.set(id, position);
      const provider = JSON.parse(record) as Provider;
      for (const tag of provider.vetting_tags) {
        if (isExpired(tag, nowMs)) expiredTags.add(`${id}\u0000${tag.key}`);
        else if (tag.expires_at !== null) validUntilMs = Math.min(validUntilMs, Date.parse(tag.expires_at));
      }
      const live = { ...provider, vetting_tags: liveTags(provider.vetting_tags, nowMs) };
      return Buffer.from(JSON.stringify(toSummary(live)));
    });
    this.validUntilMs = validUntilMs;

    // One row per facet value and stored label, its providers as a list of ids (a
    // scan of provider_facets without a join: far cheaper than a row per provider).
    const groups = db
      .prepare(
        `SELECT facet, key, label, group_concat(provider_id) FROM provider_facets
         GROUP BY facet, key, label ORDER BY facet, key, label`
      )
      .raw()
      .all() as [FacetName, string, string | null, string][];
    const bitsOf = new Map<string, Bitset>();
    const storedLabels = new Map<string, string>();
    for (const [facet, key, label, ids] of groups) {
      const name = `${facet}\u0000${key}`;
      let bits = bitsOf.get(name);
      let listed = false;
      for (const id of ids.split(",")) {
        const position = this.#positionOfId.get(Number(id));
        if (position === undefined) continue; // not listed
        if (facet === "tag" && expiredTags.has(`${id}\u0000${key}`)) continue; // expired
        if (!bits) bitsOf.set(name, (bits = new Bitset(this.size)));
        bits.add(position);
        listed = true;
      }
      // A tool or tag label: the smallest (in SQLite's order) among listed providers, as the SQL reference.
      if (listed && label !== null && !storedLabels.has(name)) storedLabels.set(name, label);
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
            entry.json[locale] = valueJsonStart(entry.key, entry.label[locale]);
          });
      }
      this.facets.set(facet, keys);
      this.#keyIndex.set(facet, new Map(keys.map((entry, i) => [entry.key, i])));
      const atOrder = { fr: new Int32Array(keys.length), en: new Int32Array(keys.length) };
      keys.forEach((entry, i) => {
        for (const locale of LOCALES) atOrder[locale][entry.order[locale]] = i;
      });
      this.#keyAtOrder.set(facet, atOrder);
      this.#signatures.set(facet, signaturesOf(keys, this.size));
    }

    this.#text = this.size > 0 ? TextIndex.build(db, this.#positionOfId) : null;
    this.#matches = { bits: new Bitset(this.size), score: new Float64Array(this.size) };
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

  /**
   * Whether the words of `q` are matched in memory; false when one of them is not exactly
   * one FTS5 token (e.g. a mark splitting it) and FTS5 itself answers.
   */
  matchesInMemory(q: string): boolean {
    return (this.#text?.queryTokens(searchTerms(q)) ?? null) !== null;
  }

  /**
   * Listed providers matching the words of `q` (every word as a word or word start).
   * The answer is overwritten by the next call: read it before searching again.
   */
  text(q: string): TextMatches | null {
    const words = searchTerms(q);
    if (words.length === 0) return null;
    const tokens = this.#text?.queryTokens(words) ?? null;
    if (tokens) this.#text!.match(tokens, this.#matches);
    else this.#matchWithFts(toFtsQuery(q)!, this.#matches);
    return this.#matches;
  }

  /** The same through FTS5, for words the in-memory index cannot tokenize as FTS5 does. */
  #matchWithFts(fts: string, { bits, score }: TextMatches): void {
    bits.words.fill(0);
    for (const [id, value] of this.#ftsQuery.iterate(fts) as IterableIterator<[number, number]>) {
      const position = this.#positionOfId.get(id);
      if (position === undefined) continue; // not listed
      bits.add(position);
      score[position] = -value;
    }
  }

  /** Bits of the providers having any of these keys in the facet (OR). */
  anyOf(facet: FacetName, keys: readonly string[]): Bitset {
    const union = new Bitset(this.size);
    const index = this.#keyIndex.get(facet);
    for (const key of keys) {
      const i = index?.get(key);
      if (i !== undefined) union.orInPlace(this.facets.get(facet)![i]!.bits);
    }
    return union;
  }

  search(query: SearchQuery, locale: Locale): SearchResponse {
    const found = this.#find(query, locale);
    const facets = {} as Record<FacetName, FacetValue[]>;
    for (const facet of FACET_NAMES) {
      const { keys, counts, sorted, zeros } = found.facets[facet];
      facets[facet] = [
        ...Array.from(sorted, (i) => ({ key: keys[i]!.key, label: keys[i]!.label[locale], count: counts[i]! })),
        ...zeros.map(({ key, label }) => ({ key, label, count: 0 })),
      ];
    }
    return {
      items: found.positions.map((position) => JSON.parse(this.summaryJson[position]!.toString("utf8")) as ProviderSummary),
      total: found.total,
      page: query.page,
      per_page: query.per_page,
      facets,
    };
  }

  /**
   * The same answer as JSON in UTF-8: the cards' bytes (written once) copied in, the rest
   * (counts and facets, a few kilobytes) written now as one string.
   */
  searchJson(query: SearchQuery, locale: Locale): Buffer {
    const found = this.#find(query, locale);
    const parts: Buffer[] = [ITEMS_START];
    found.positions.forEach((position, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(this.summaryJson[position]!);
    });
    let json = `],"total":${found.total},"page":${query.page},"per_page":${query.per_page},"facets":{`;
    FACET_NAMES.forEach((facet, f) => {
      json += `${f === 0 ? "" : ","}"${facet}":[`;
      const { keys, counts, sorted, zeros } = found.facets[facet];
      for (let i = 0; i < sorted.length; i++) {
        const k = sorted[i]!;
        json += `${i === 0 ? "" : ","}${keys[k]!.json[locale]}${counts[k]!}}`;
      }
      zeros.forEach(({ key, label }, i) => (json += `${sorted.length + i === 0 ? "" : ","}${valueJsonStart(key, label)}0}`));
      json += "]";
    });
    parts.push(Buffer.from(json + "}}"));
    return Buffer.concat(parts);
  }

  /**
   * Indexes of the keys counted (count > 0), by count then label: one number per key,
   * (highest count − count) × keys + the key's place in the locale's label order, sorted
   * as numbers (no comparator to call).
   */
  #byCountThenLabel(facet: FacetName, counts: Int32Array, locale: Locale): Int32Array {
    const keys = this.facets.get(facet)!;
    const byOrder = this.#keyAtOrder.get(facet)![locale];
    let highest = 0;
    let counted = 0;
    for (let i = 0; i < counts.length; i++)
      if (counts[i]! > 0) {
        counted++;
        if (counts[i]! > highest) highest = counts[i]!;
      }
    const ranks = new Float64Array(counted);
    let n = 0;
    for (let i = 0; i < counts.length; i++)
      if (counts[i]! > 0) ranks[n++] = (highest - counts[i]!) * keys.length + keys[i]!.order[locale];
    ranks.sort();
    const sorted = new Int32Array(counted);
    for (let i = 0; i < counted; i++) sorted[i] = byOrder[ranks[i]! % keys.length]!;
    return sorted;
  }

  /** Selected values no matching provider has, by label (as the SQL reference orders). */
  #zeroRows(facet: FacetName, selected: readonly string[], counts: Int32Array, locale: Locale): ZeroRow[] {
    const zeros: ZeroRow[] = [];
    for (const key of selected) {
      const i = this.#keyIndex.get(facet)!.get(key);
      if (i !== undefined && counts[i]! > 0) continue;
      if (zeros.some((row) => row.key === key)) continue;
      // No matching provider to take a tool or tag label from: the taxonomy's, or the key.
      zeros.push({ key, label: this.#label(facet, key, null, locale) });
    }
    return zeros.sort(byLabel);
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
      ? bestPositions(matching, text.score, offset, query.per_page)
      : firstPositions(matching, offset, query.per_page);

    // Disjunctive counts: every other facet's selection applies, not this facet's own. So
    // the facets without a selection all count `matching` (in one pass), and each facet
    // with one counts its own mask.
    const unselected = FACET_NAMES.filter((facet) => !selections.has(facet));
    const shared = countKeys(unselected.map((facet) => this.#signatures.get(facet)!), matching, total);
    const facets = {} as Record<FacetName, FacetAnswer>;
    for (const facet of FACET_NAMES) {
      const keys = this.facets.get(facet)!;
      let counts: Int32Array;
      if (selections.has(facet)) {
        const mask = matchingExcept(facet);
        counts = countKeys([this.#signatures.get(facet)!], mask, mask.count())[0]!;
      } else {
        counts = shared[unselected.indexOf(facet)]!;
      }
      facets[facet] = {
        keys,
        counts,
        sorted: this.#byCountThenLabel(facet, counts, locale),
        zeros: this.#zeroRows(facet, filters[facet], counts, locale),
      };
    }
    return { positions, total, facets };
  }
}

/**
 * Which keys of a facet each position has, as the distinct sets of keys positions have
 * ("signatures"): a provider's departments, for one, are its own plus those of the
 * regions it covers, so thousands of providers share a few dozen sets. A search counts
 * its positions once per signature, then adds each signature's count to its keys.
 */
interface FacetSignatures {
  /** Position → its signature. */
  of: Int32Array;
  /** Signature s → its keys (indexes in the facet), keys[start[s]] to keys[start[s + 1] - 1]. */
  start: Int32Array;
  keys: Int32Array;
  /** Positions having each signature, among all. */
  totals: Int32Array;
  /** Keys of the facet. */
  keyCount: number;
}

function signaturesOf(keys: readonly FacetKey[], size: number): FacetSignatures {
  const keysOf: number[][] = Array.from({ length: size }, () => []);
  keys.forEach((entry, i) => {
    for (const position of entry.bits.positions()) keysOf[position]!.push(i);
  });
  const idOf = new Map<string, number>();
  const lists: number[][] = [];
  const of = new Int32Array(size);
  keysOf.forEach((list, position) => {
    const name = list.join(",");
    let id = idOf.get(name);
    if (id === undefined) {
      idOf.set(name, (id = lists.length));
      lists.push(list);
    }
    of[position] = id;
  });
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, s) => (start[s + 1] = start[s]! + list.length));
  const totals = new Int32Array(lists.length);
  for (const s of of) totals[s]!++;
  return {
    of,
    start,
    keys: Int32Array.from(lists.flat()),
    totals,
    keyCount: keys.length,
  };
}

/**
 * How many positions of `mask` (holding `maskCount`) have each key, for several facets
 * in one pass: the mask's positions are visited, or when it holds more than half of
 * them, the missing ones, whose counts are taken off the totals.
 */
function countKeys(facets: readonly FacetSignatures[], mask: Bitset, maskCount: number): Int32Array[] {
  const size = mask.size;
  const complement = maskCount > size / 2;
  const perSignature = facets.map((facet) => (complement ? facet.totals.slice() : new Int32Array(facet.totals.length)));
  const signatureOf = facets.map((facet) => facet.of);
  const step = complement ? -1 : 1;
  const words = mask.words;
  const tail = size % 32;
  for (let i = 0; i < words.length; i++) {
    let word = complement ? ~words[i]! : words[i]!;
    if (complement && i === words.length - 1 && tail !== 0) word &= (1 << tail) - 1;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      const position = (i << 5) + 31 - Math.clz32(low);
      for (let f = 0; f < signatureOf.length; f++) perSignature[f]![signatureOf[f]![position]!]! += step;
    }
  }
  return facets.map(({ start, keys, keyCount }, f) => {
    const counts = new Int32Array(keyCount);
    const bySignature = perSignature[f]!;
    for (let s = 0; s < bySignature.length; s++) {
      const count = bySignature[s]!;
      if (count !== 0) for (let j = start[s]!; j < start[s + 1]!; j++) counts[keys[j]!]! += count;
    }
    return counts;
  });
}

/** Label in French order, then key (as the SQL reference orders values of equal count). */
function byLabel(a: ZeroRow, b: ZeroRow): number {
  return frenchOrder.compare(a.label, b.label) || (a.key < b.key ? -1 : 1);
}

/** A facet value's JSON up to its count. */
function valueJsonStart(key: string, label: string): string {
  return `{"key":${JSON.stringify(key)},"label":${JSON.stringify(label)},"count":`;
}


/** Positions [offset, offset + count) of the set in name order. */
function firstPositions(set: Bitset, offset: number, count: number): number[] {
  const result: number[] = [];
  let skipped = 0;
  const words = set.words;
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      if (skipped < offset) {
        skipped++;
        continue;
      }
      result.push((i << 5) + 31 - Math.clz32(low));
      if (result.length === count) return result;
    }
  }
  return result;
}

/**
 * Positions [offset, offset + count) of the set by score (highest first), then name order: the best
 * offset + count kept in a small sorted list while the set is read once.
 */
function bestPositions(set: Bitset, score: Float64Array, offset: number, count: number): number[] {
  const wanted = offset + count;
  if (wanted > 256) {
    // Deep pages: sorting everything once is cheaper than keeping a long sorted list.
    const all = [...set.positions()].sort((a, b) => score[b]! - score[a]! || a - b);
    return all.slice(offset, wanted);
  }
  const best: number[] = [];
  let worst = -Infinity; // score of the last kept position once the list is full
  const words = set.words;
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    while (word !== 0) {
      const low = word & -word;
      word ^= low;
      const position = (i << 5) + 31 - Math.clz32(low);
      const value = score[position]!;
      if (value <= worst) continue;
      // Positions come in increasing order: among equal scores the earlier stays first.
      let lo = 0;
      let hi = best.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (score[best[mid]!]! >= value) lo = mid + 1;
        else hi = mid;
      }
      best.splice(lo, 0, position);
      if (best.length > wanted) best.pop();
      if (best.length === wanted) worst = score[best[wanted - 1]!]!;
    }
  }
  return best.slice(offset);
}
