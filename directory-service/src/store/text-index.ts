// In-memory full-text index of the providers, equal to providers_fts: the same tokens
// (store/fts-chars.ts teaches the tokenizer SQLite's own classes), the same documents
// (every provider, whatever its status, as FTS5 indexes them all), and bm25 computed as
// SQLite's bm25() computes it (ext/fts5/fts5_aux.c, with the column weights below), so
// that ranks are equal to the last bit. Prefix terms ("equip" → "equipe", "équipes")
// are ranges of the sorted vocabulary.
import { LRUCache } from "lru-cache";
import type { FtsCharClasses } from "../domain/search-text.ts";
import { ftsTokens } from "../domain/search-text.ts";
import { Bitset } from "../domain/bitset.ts";
import type { Db } from "./database.ts";
import { ftsCharClass, learnCommonFtsChars, learnFtsCharsOf } from "./fts-chars.ts";

/** Column weights for bm25, in column order: name, description, tools, projects, tags. */
export const COLUMN_WEIGHTS = [10, 1, 4, 2, 2] as const;
export const BM25_WEIGHTS = COLUMN_WEIGHTS.map((w) => w.toFixed(1)).join(", ");
const K1 = 1.2;
const B = 0.75;

/** Memory for the matches of recent query words (8 bytes per listed provider a word matches). */
const PHRASE_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * One query word's matching listed documents, in increasing order, with its weighted
 * count in each (see #postingFreqs) and its IDF: its share of bm25 follows from them.
 */
interface PhraseMatches {
  docs: Int32Array;
  freqs: Uint32Array;
  idf: number;
}

/** Where a search's matches go: listed positions, and the bm25 score of each (SQLite's bm25() returns its negation; higher is better). */
export interface TextMatchesOut {
  bits: Bitset;
  score: Float64Array;
}

/**
 * Documents are numbered so that the listed providers come first, at their search
 * positions (name order), then the others, which count only in bm25's statistics.
 */
export class TextIndex {
  readonly #listed: number;
  readonly #documents: number;
  readonly #terms: string[];
  readonly #postingDocs: Int32Array[];
  /** Weighted count of the term in the document: Σ over columns of weight × occurrences. */
  readonly #postingFreqs: Float64Array[];
  /**
   * bm25's length term of each document, k1 × (1 − b + b × D / avgdl) with D its tokens
   * in all columns: it does not depend on the query, and computed once it is the same
   * double SQLite computes for each row.
   */
  readonly #lengthNorm: Float64Array;
  readonly #classOf: FtsCharClasses = ftsCharClass;
  readonly #phrases = new LRUCache<string, PhraseMatches>({
    maxSize: PHRASE_CACHE_BYTES,
    sizeCalculation: (phrase, token) => phrase.docs.length * 8 + 2 * token.length + 64,
  });

  private constructor(listed: number, terms: string[], docs: Int32Array[], freqs: Float64Array[], lengths: Float64Array) {
    this.#listed = listed;
    this.#documents = lengths.length;
    this.#terms = terms;
    this.#postingDocs = docs;
    this.#postingFreqs = freqs;
    let total = 0;
    for (const length of lengths) total += length;
    const average = total / lengths.length;
    this.#lengthNorm = lengths.map((D) => K1 * (1 - B + (B * D) / average));
  }

  /**
   * Builds the index from the providers table, or returns null when it would not equal
   * providers_fts (a token count differs from FTS5's own, or a character could not be
   * learned): search then keeps asking FTS5.
   */
  static build(db: Db, positionOfId: ReadonlyMap<number, number>): TextIndex | null {
    learnCommonFtsChars();
    const rows = db
      .prepare(
        `SELECT p.id, p.name, p.description, p.tools_text, p.projects_text, p.tags_text, d.sz
         FROM providers p LEFT JOIN providers_fts_docsize d ON d.id = p.id ORDER BY p.id`
      )
      .raw()
      .all() as [number, string, string, string, string, string, Buffer | null][];
    if (rows.length === 0) return null;
    const termIds = new Map<string, number>();
    const postingDocs: number[][] = [];
    const postingFreqs: number[][] = [];
    const lengths = new Float64Array(rows.length);
    const listed = positionOfId.size;
    let unlisted = listed;
    const freq: number[] = [];
    const touched: number[] = [];
    const folded = new Map<string, string>();
    let column = 0;
    let columnTokens = 0;
    const onToken = (token: string) => {
      let id = termIds.get(token);
      if (id === undefined) {
        termIds.set(token, (id = termIds.size));
        postingDocs.push([]);
        postingFreqs.push([]);
        freq.push(0);
      }
      if (freq[id] === 0) touched.push(id);
      freq[id]! += COLUMN_WEIGHTS[column]!;
      columnTokens++;
    };
    for (const row of rows) {
      const doc = positionOfId.get(row[0]) ?? unlisted++;
      const sizes = row[6] ? varints(row[6]) : null;
      if (!sizes || sizes.length !== COLUMN_WEIGHTS.length) return null;
      let length = 0;
      for (column = 0; column < COLUMN_WEIGHTS.length; column++) {
        const text = row[column + 1] as string;
        if (!learnFtsCharsOf(text)) return null;
        columnTokens = 0;
        ftsTokens(text, ftsCharClass, onToken, folded);
        if (columnTokens !== sizes[column]) return null;
        length += columnTokens;
      }
      lengths[doc] = length;
      for (const id of touched) {
        postingDocs[id]!.push(doc);
        postingFreqs[id]!.push(freq[id]!);
        freq[id] = 0;
      }
      touched.length = 0;
    }
    // Sorted vocabulary: the terms with a prefix are one range.
    const order = [...termIds.keys()].sort();
    if (unlisted !== rows.length) return null; // a listed provider missing from the table read
    return new TextIndex(
      listed,
      order,
      order.map((term) => Int32Array.from(postingDocs[termIds.get(term)!]!)),
      order.map((term) => Float64Array.from(postingFreqs[termIds.get(term)!]!)),
      lengths
    );
  }

  /**
   * The folded token of each query word, or null when a word is not exactly one token
   * as FTS5 would see it (then FTS5 answers the query).
   */
  queryTokens(words: readonly string[]): string[] | null {
    const result: string[] = [];
    for (const word of words) {
      if (!learnFtsCharsOf(word)) return null;
      const tokens: string[] = [];
      if (!ftsTokens(word, this.#classOf, (token) => tokens.push(token))) return null;
      if (tokens.length !== 1 || tokens[0] === "") return null;
      result.push(tokens[0]!);
    }
    return result;
  }

  /**
   * Listed documents having every token as a prefix of one of their terms, written into
   * `out` (cleared first) with their bm25 score.
   */
  match(tokens: readonly string[], out: TextMatchesOut): void {
    const { bits, score } = out;
    bits.words.fill(0);
    if (tokens.length === 0) return;
    const norm = this.#lengthNorm;
    const first = this.#phrase(tokens[0]!);
    // The phrases' shares are added in the query's order from 0.0, as fts5Bm25Function
    // adds them, so the sum is the same double (bm25() returns its negation).
    for (let i = 0; i < first.docs.length; i++) {
      const doc = first.docs[i]!;
      bits.add(doc);
      const f = first.freqs[i]!;
      score[doc] = 0.0 + first.idf * ((f * (K1 + 1.0)) / (f + norm[doc]!));
    }
    if (tokens.length > 1) {
      const kept = (this.#kept ??= new Bitset(bits.size));
      for (let p = 1; p < tokens.length; p++) {
        const { docs, freqs, idf } = this.#phrase(tokens[p]!);
        kept.words.fill(0);
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (!bits.has(doc)) continue;
          kept.add(doc);
          const f = freqs[i]!;
          score[doc]! += idf * ((f * (K1 + 1.0)) / (f + norm[doc]!));
        }
        bits.words.set(kept.words);
      }
    }
  }

  #kept: Bitset | null = null;

  /**
   * One query word's matches: the listed documents having a term it starts, in
   * increasing order, with the word's share of bm25 for each. Words recur across
   * searches far more than whole queries do (visitors' words follow the text's own
   * frequencies), so these are what is remembered.
   */
  #phrase(token: string): PhraseMatches {
    const known = this.#phrases.get(token);
    if (known) return known;
    const n = this.#documents;
    const freq = (this.#freq ??= new Float64Array(n));
    const hits = (this.#hits ??= new Int32Array(n));
    let hitCount = 0;
    let listedHits = 0;
    const [low, high] = this.#prefixRange(token);
    for (let t = low; t < high; t++) {
      const docs = this.#postingDocs[t]!;
      const weights = this.#postingFreqs[t]!;
      for (let k = 0; k < docs.length; k++) {
        const doc = docs[k]!;
        if (freq[doc] === 0) {
          hits[hitCount++] = doc;
          if (doc < this.#listed) listedHits++;
        }
        freq[doc]! += weights[k]!;
      }
    }
    // IDF as fts5Bm25GetData computes it, over every row of the table.
    const value = Math.log((n - hitCount + 0.5) / (hitCount + 0.5));
    const idf = value <= 0 ? 1e-6 : value;
    const docs = new Int32Array(listedHits);
    let kept = 0;
    for (let i = 0; i < hitCount; i++) if (hits[i]! < this.#listed) docs[kept++] = hits[i]!;
    docs.sort();
    // Weighted counts are sums of whole column weights: whole numbers.
    const freqs = Uint32Array.from(docs, (doc) => freq[doc]!);
    // Leave the frequencies at zero for the next word.
    for (let i = 0; i < hitCount; i++) freq[hits[i]!] = 0;
    const phrase = { docs, freqs, idf };
    this.#phrases.set(token, phrase);
    return phrase;
  }

  #freq: Float64Array | null = null;
  #hits: Int32Array | null = null;

  /** Terms starting with the prefix: [first, past last) in the sorted vocabulary. */
  #prefixRange(prefix: string): [number, number] {
    // No token holds U+FFFF (a non-character, a separator for unicode61).
    return [this.#lowerBound(prefix), this.#lowerBound(prefix + "\uffff")];
  }

  #lowerBound(key: string): number {
    const terms = this.#terms;
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (terms[mid]! < key) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The column sizes FTS5 keeps per row (providers_fts_docsize.sz): one varint each. */
function varints(blob: Buffer): number[] {
  const values: number[] = [];
  let i = 0;
  while (i < blob.length) {
    let value = 0;
    let byte: number;
    do {
      byte = blob[i++]!;
      value = value * 128 + (byte & 0x7f); // most significant group first, as sqlite3Fts5GetVarint
    } while (byte & 0x80 && i < blob.length);
    values.push(value);
  }
  return values;
}
