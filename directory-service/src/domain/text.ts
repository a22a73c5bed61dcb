// Text rules shared by search, sorting and tool facets. Pure functions.

/** Lower-case, accent-free form of a text: "Équipe Œuvre" → "equipe oeuvre". */
export function foldText(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/œ/g, "oe")
    .replace(/Œ/g, "OE")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "AE")
    .replace(/ß/g, "ss")
    .toLowerCase();
}

/**
 * Sort key giving French alphabetical order with accents and case ignored: the folded
 * text with punctuation dropped, so "L'Établi" sorts next to "letabli" and after "Le Bon".
 * Spaces are kept so that word boundaries still order ("le bon" < "le bonheur").
 */
export function frenchSortKey(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N} ]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** ASCII slug of a free-text name ("NextCloud Hub 8" → "nextcloud-hub-8"); "" when nothing is left. */
export function slugify(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}
