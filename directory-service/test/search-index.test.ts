// The in-memory search (text index, facet counts, pages, JSON answers) against the SQL
// reference on a generated French directory, including accents, prefixes, characters
// FTS5 folds its own way and providers that are not listed; and the answer cache's
// memory bound.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchMix } from "../bench/search-mix.ts";
import { syntheticProviders } from "../bench/synthetic-providers.ts";
import { SearchQuery, type ProviderImportRecord, type SearchQueryInput } from "../src/contract/index.ts";
import { AnswerCache } from "../src/store/answer-cache.ts";
import type { Db } from "../src/store/database.ts";
import { openDirectory, TaxonomyCatalog } from "../src/store/directory.ts";
import { ProviderStore } from "../src/store/providers.ts";
import { makeProvider } from "./helpers/fixtures.ts";

/** Texts whose letters FTS5's unicode61 splits or folds in its own way. */
const UNUSUAL: ProviderImportRecord[] = [
  makeProvider({ slug: "nfd", name: "E\u0301quipe De\u0301compose\u0301e", description: "Texte e\u0301crit en forme de\u0301compose\u0301e." }),
  makeProvider({ slug: "ligatures", name: "Œuvre ﬁbre", description: "Cœur d’œuvre, straße, Ærø, ǅemal." }),
  makeProvider({ slug: "ailleurs", name: "Øresund İstanbul", description: "Ἀθῆναι, 東京 et Москва 😀 ; 2026 ×3." }),
  makeProvider({ slug: "marques", name: "Signe a\u0488b", description: "\u0301début par une marque, x\u0301y." }),
  makeProvider({ slug: "apostrophes", name: "L'Établi d’Aujourd’hui", description: "Qu'un atelier s'ouvre aujourd'hui." }),
  makeProvider({ slug: "cachee", name: "Équipe cachée", status: "pending", description: "œuvre fibre équipe" }),
];

const UNUSUAL_QUERIES = [
  "équipe", "EQUIPE", "e\u0301quipe", "décompos", "ÉCRIT", "œuvre", "oeuvre", "Œ", "cœur", "ﬁ", "fi", "fibre",
  "straße", "strasse", "ærø", "aero", "ǅemal", "dzemal", "øresund", "oresund", "İstanbul", "istanbul",
  "ἀθῆ", "αθη", "東京", "東", "москва", "МОСК", "😀", "2026", "×3", "a\u0488b", "a", "\u0301", "\u0301début",
  "début", "xy", "x\u0301y", "l'établi", "d’aujourd’hui", "aujourd", "qu'un", "s", "d", "e", "l", "de", "d e",
];

let dir: string;
let db: Db;
let store: ProviderStore;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "search-index-"));
  db = openDirectory(join(dir, "directory.sqlite"));
  const catalog = new TaxonomyCatalog(db);
  store = new ProviderStore(db, () => catalog);
  const generated = syntheticProviders(400, 7).map((provider, i) => ({
    ...provider,
    // Some are not listed: they count in bm25's statistics, never in results.
    status: (["listed", "listed", "listed", "listed", "pending", "suspended", "draft"] as const)[i % 7]!,
  }));
  store.importAll([...generated, ...UNUSUAL], new Date("2026-01-01T00:00:00Z"));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function queryOf(path: string): SearchQuery {
  const params = new URLSearchParams(path.slice(path.indexOf("?") + 1));
  const input: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    input[key] = values.length === 1 ? values[0]! : values;
  }
  return SearchQuery.parse(input);
}

describe("the in-memory search on a generated French directory", () => {
  it("matches text in memory (its tokens equal FTS5's), and asks FTS5 for words it cannot split as FTS5 does", () => {
    const index = store.searchIndex();
    expect(index.textInMemory).toBe(true);
    for (const q of ["équipe", "e\u0301quipe", "ŒUVRE", "東京", "İstanbul", "l'établi"]) expect(index.matchesInMemory(q), q).toBe(true);
    // A combining sign that unicode61 takes for a separator, a lone accent: FTS5 answers
    // (and the comparisons below hold those answers equal too).
    for (const q of ["a\u0488b", "\u0301"]) expect(index.matchesInMemory(q), q).toBe(false);
  });

  it("answers exactly what SQL answers for 300 visitor-like queries (frequent words, prefixes, no accents, filters, pages)", () => {
    const { paths } = searchMix(syntheticProviders(400, 7), 300, 11);
    let withResults = 0;
    for (const path of paths) {
      const query = queryOf(path);
      const expected = store.searchWithSql(query, "fr");
      expect(store.search(query, "fr"), decodeURIComponent(path)).toEqual(expected);
      if (expected.items.length > 0) withResults++;
    }
    // The mix is not trivially empty: most queries find providers.
    expect(withResults).toBeGreaterThan(paths.length / 2);
  });

  it("answers exactly what SQL answers for unusual letters, elisions, one-letter prefixes and deep pages", () => {
    const filters: SearchQueryInput[] = [{}, { support: "formation" }, { region: ["53", "84"], modality: "a-distance" }];
    for (const q of UNUSUAL_QUERIES)
      for (const filter of filters)
        for (const [page, per_page] of [[1, 20], [40, 5]] as const)
          for (const locale of filter === filters[0] ? (["fr", "en"] as const) : (["fr"] as const)) {
            const query = SearchQuery.parse({ q, ...filter, page, per_page });
            expect(store.search(query, locale), JSON.stringify(query)).toEqual(store.searchWithSql(query, locale));
          }
  });

  it("finds what FTS5 finds for unusual letters (the comparison above is not between two empty answers)", () => {
    const slugs = (q: string) => store.search(SearchQuery.parse({ q, per_page: 100 }), "fr").items.map((i) => i.slug);
    expect(slugs("equipe")).toContain("nfd");
    expect(slugs("equipe")).not.toContain("cachee");
    expect(slugs("øresund")).toEqual(["ailleurs"]); // unicode61 keeps ø (it is no accented o)
    expect(slugs("œuvre")).toEqual(["ligatures"]);
    expect(slugs("etabli")).toEqual(["apostrophes"]);
  });

  it("writes as JSON the same answer it gives as objects", () => {
    const { paths } = searchMix(syntheticProviders(400, 7), 60, 13);
    for (const path of [...paths, "/v1/providers?q=%C5%93uvre&tool=inconnu&tag=inconnu"]) {
      const query = queryOf(path);
      for (const locale of ["fr", "en"] as const)
        expect(JSON.parse(store.searchJson(query, locale).toString("utf8"))).toEqual(store.search(query, locale));
    }
  });
});

describe("the answer cache", () => {
  const answerOf = (bytes: number) => Buffer.from(`"${"x".repeat(bytes - 2)}"`);

  it("never holds more bytes than its budget", () => {
    const cache = new AnswerCache(50_000);
    for (let i = 0; i < 200; i++) {
      const size = 1_000 + ((i * 7919) % 20_000);
      expect(cache.get(`k${i}`, () => answerOf(size)).length).toBe(size);
      expect(cache.bytes).toBeLessThanOrEqual(50_000);
    }
    expect(cache.size).toBeGreaterThan(1);
  });

  it("forgets the least recently used answer first", () => {
    const cache = new AnswerCache(50_000);
    cache.get("a", () => answerOf(15_000));
    cache.get("b", () => answerOf(15_000));
    cache.get("c", () => answerOf(15_000));
    let computed = 0;
    cache.get("a", () => (computed++, answerOf(15_000))); // used again: now the most recent
    expect(computed).toBe(0);
    cache.get("d", () => answerOf(15_000));
    expect(cache.has("b")).toBe(false);
    expect(cache.keys()).toEqual(["d", "a", "c"]);
  });

  it("answers but does not keep an answer larger than the whole budget", () => {
    const cache = new AnswerCache(10_000);
    cache.get("small", () => answerOf(1_000));
    expect(cache.get("big", () => answerOf(20_000)).length).toBe(20_000);
    expect(cache.has("big")).toBe(false);
    expect(cache.has("small")).toBe(true);
  });

  it("keeps a store's answers within its budget, equal to fresh answers, and drops them after a write", () => {
    const catalog = new TaxonomyCatalog(db);
    const small = new ProviderStore(db, () => catalog, { answerCacheBytes: 200_000 });
    const { paths } = searchMix(syntheticProviders(400, 7), 80, 17);
    for (const path of [...paths, ...paths]) {
      const query = queryOf(path);
      expect(JSON.parse(small.searchJson(query, "fr").toString("utf8"))).toEqual(store.search(query, "fr"));
      expect(small.answers.bytes).toBeLessThanOrEqual(200_000);
    }
    expect(small.answers.size).toBeGreaterThan(0);

    const query = SearchQuery.parse({ q: "renommé" });
    expect(JSON.parse(small.searchJson(query, "fr").toString("utf8")).total).toBe(0);
    small.importAll([makeProvider({ slug: "renommee", name: "Renommée Nouvelle" })], new Date("2026-01-02T00:00:00Z"));
    const after = JSON.parse(small.searchJson(query, "fr").toString("utf8"));
    expect(after.items.map((item: { slug: string }) => item.slug)).toEqual(["renommee"]);
    expect(small.answers.size).toBe(1); // the answers of before the write are gone
  });
});
