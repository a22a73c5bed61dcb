// Turns what a visitor types into a safe SQLite FTS5 query. User syntax (quotes, NEAR,
// column filters, operators) is never passed through: every word becomes a quoted
// prefix term, so any input is a valid query.

const MAX_TERMS = 12;
/** Words split like FTS5's unicode61 tokenizer does: letters, digits and combining marks. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** French elisions ("l'équipe", "d'accompagnement") leave a one-letter word that would match too much. */
const ELIDED = new Set(["c", "d", "j", "l", "m", "n", "s", "t", "qu"]);

/** The words of a query, in order, without elided articles; at most MAX_TERMS. */
export function searchTerms(q: string): string[] {
  const text = q.normalize("NFC");
  const terms: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const after = text.charAt(match.index + word.length);
    if (ELIDED.has(word.toLowerCase()) && (after === "'" || after === "’")) continue;
    terms.push(word);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/**
 * FTS5 MATCH expression: every word must appear, as a word or the start of one
 * ("equip" finds "équipe"). Accents and case are handled by the index's tokenizer
 * (`unicode61 remove_diacritics 2`), which also tokenizes the query. Returns null when
 * the text holds no word at all (e.g. only punctuation): then there is no text filter.
 */
export function toFtsQuery(q: string | undefined): string | null {
  if (q === undefined) return null;
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term.replace(/"/g, '""')}"*`).join(" ");
}

/**
 * How SQLite's unicode61 tokenizer treats one non-ASCII code point: a separator (null),
 * or a token character folded to `fold` (lower case, accents removed; possibly "").
 * `continues` marks characters (combining diacritics) that continue a token but never
 * start one. The classes are learned from SQLite itself (store/fts-chars.ts).
 */
export interface FtsCharClass {
  fold: string;
  continues: boolean;
}
export type FtsCharClasses = (codePoint: number) => FtsCharClass | null | undefined;

/**
 * The tokens FTS5's unicode61 tokenizer makes of `text`: ASCII letters and digits
 * (lower-cased) and the token characters of `classOf`, folded per code point. Calls
 * `token(folded)` for each in order. Returns false (and stops) at a code point `classOf`
 * does not know (undefined): the caller then cannot tokenize this text itself.
 */
export function ftsTokens(
  text: string,
  classOf: FtsCharClasses,
  token: (folded: string) => void,
  folded?: Map<string, string>
): boolean {
  const n = text.length;
  let start = -1;
  /** The current token holds only [a-z0-9]: it is its own folded form. */
  let plain = true;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let width = 1;
    let isToken: boolean;
    if (c < 128) {
      isToken = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      if (!isToken && c >= 65 && c <= 90) {
        isToken = true;
        plain = false;
      }
    } else {
      const code = text.codePointAt(i)!;
      if (code > 0xffff) width = 2;
      const cls = classOf(code);
      if (cls === undefined) return false;
      isToken = cls !== null && (start >= 0 || !cls.continues);
      if (isToken) plain = false;
    }
    if (isToken) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      token(foldedToken(text.slice(start, i), plain, classOf, folded));
      start = -1;
      plain = true;
    }
    i += width;
  }
  if (start >= 0) token(foldedToken(text.slice(start), plain, classOf, folded));
  return true;
}

/** The folded form of a raw token (remembered in `cache` when one is given). */
function foldedToken(raw: string, plain: boolean, classOf: FtsCharClasses, cache: Map<string, string> | undefined): string {
  if (plain) return raw;
  let result = cache?.get(raw);
  if (result === undefined) {
    result = "";
    for (const char of raw) {
      const code = char.codePointAt(0)!;
      result += code < 128 ? char.toLowerCase() : classOf(code)!.fold;
    }
    cache?.set(raw, result);
  }
  return result;
}
