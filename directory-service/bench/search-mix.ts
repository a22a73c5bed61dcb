// The "cold" search mix: distinct requests as visitors send them. Words are drawn by
// their frequency in the providers' descriptions (so "de", "associations", "nextcloud"
// come up often and rare words rarely), one or two per query; some typed without
// accents, some cut short as while typing (prefix search); 0 to 3 facet filters whose
// values are drawn from the providers themselves; page 1 to 3. Seeded.
import type { ProviderImportRecord } from "../src/contract/index.ts";
import { searchTerms } from "../src/domain/search-text.ts";
import { foldText, slugify } from "../src/domain/text.ts";
import { seededRandom } from "./french-text.ts";

type FilterName = "support" | "size" | "modality" | "region" | "department" | "tool" | "price";
const FILTERS: Record<FilterName, (p: ProviderImportRecord) => string[]> = {
  support: (p) => p.support_kinds,
  size: (p) => p.association_sizes,
  modality: (p) => p.modalities,
  region: (p) => [p.location.region, ...p.coverage.regions],
  department: (p) => [p.location.department, ...p.coverage.departments],
  tool: (p) => p.tools.map(slugify).filter(Boolean),
  price: (p) => p.price_models,
};
const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];

export interface SearchMix {
  /** Distinct request paths, in the order they are sent. */
  paths: string[];
  /** Distinct words of the descriptions, and the share of all word occurrences the ten most common make. */
  vocabulary: number;
  top10_share: number;
}

export function searchMix(providers: readonly ProviderImportRecord[], count: number, seed = 2): SearchMix {
  const random = seededRandom(seed);
  const frequency = new Map<string, number>();
  let occurrences = 0;
  for (const provider of providers) {
    for (const word of searchTerms(provider.description)) {
      const lower = word.toLowerCase();
      frequency.set(lower, (frequency.get(lower) ?? 0) + 1);
      occurrences++;
    }
  }
  const words = [...frequency.keys()];
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  words.forEach((word, i) => (cumulative[i] = sum += frequency.get(word)!));
  const drawWord = () => {
    const target = random() * sum;
    let low = 0;
    let high = words.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! <= target) low = mid + 1;
      else high = mid;
    }
    let word = words[low]!;
    const r = random();
    if (r < 0.15) word = foldText(word); // typed without accents
    else if (r < 0.35 && word.length >= 5) word = word.slice(0, 3 + Math.floor(random() * (word.length - 3))); // still typing
    return word;
  };

  const paths = new Set<string>();
  for (let attempts = 0; paths.size < count && attempts < count * 20; attempts++) {
    const params = new URLSearchParams();
    params.append("q", random() < 0.6 ? drawWord() : `${drawWord()} ${drawWord()}`);
    const filters = Math.floor(random() * 4);
    const chosen = [...FILTER_NAMES].sort(() => random() - 0.5).slice(0, filters);
    for (const name of chosen) {
      const values = FILTERS[name](providers[Math.floor(random() * providers.length)]!);
      if (values.length > 0) params.append(name, values[Math.floor(random() * values.length)]!);
    }
    const r = random();
    const page = r < 0.6 ? 1 : r < 0.85 ? 2 : 3;
    if (page > 1) params.append("page", String(page));
    paths.add(`/v1/providers?${params.toString()}`);
  }
  const top10 = [...frequency.values()].sort((a, b) => b - a).slice(0, 10);
  return {
    paths: [...paths],
    vocabulary: words.length,
    top10_share: Number((top10.reduce((a, b) => a + b, 0) / occurrences).toFixed(3)),
  };
}
