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
