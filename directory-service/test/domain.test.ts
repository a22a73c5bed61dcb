// Pure rules: text folding, FTS query building, CSV cells, excerpts, facet entries.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { excerptOf, markdownToPlainText } from "../src/domain/excerpt.ts";
import { FACET_NAMES as DOMAIN_FACET_NAMES, facetEntriesOf, filtersOf } from "../src/domain/facets.ts";
import { readImport } from "../src/domain/provider-import.ts";
import {
  inseeCode,
  joinListCell,
  providersToCsv,
  recordToCsvRow,
  csvRowToCandidate,
  splitListCell,
} from "../src/domain/provider-csv.ts";
import { searchTerms, toFtsQuery } from "../src/domain/search-text.ts";
import { foldText, frenchSortKey, slugify } from "../src/domain/text.ts";
import { FACET_NAMES, FacetName, ProviderImportRecord, SearchQuery } from "../src/contract/index.ts";
import { makeProvider } from "./helpers/fixtures.ts";

const CSV_HEADER =
  "slug;name;structure_type;headcount;location_city;location_department;location_region;coverage_national;coverage_regions;coverage_departments;modalities;support_kinds;association_sizes;tools;price_models;description;website;contact_email;example_projects;memberships;status;vetting_tags;created_at;updated_at";

describe("text", () => {
  it("folds accents, ligatures and case", () => {
    expect(foldText("Équipe ŒUVRE Ça Noël")).toBe("equipe oeuvre ca noel");
  });
  it("sorts French names with accents and case ignored", () => {
    const names = ["Zèbre", "ébène", "Abeille", "Éole", "eau", "Œil", "l'Établi", "Le Bon"];
    expect([...names].sort((a, b) => (frenchSortKey(a) < frenchSortKey(b) ? -1 : 1))).toEqual([
      "Abeille",
      "eau",
      "ébène",
      "Éole",
      "Le Bon",
      "l'Établi",
      "Œil",
      "Zèbre",
    ]);
  });
  it("slugifies tool names", () => {
    expect(slugify("Nextcloud")).toBe("nextcloud");
    expect(slugify("  NextCloud Hub 8 ")).toBe("nextcloud-hub-8");
    expect(slugify("Éditeur « collaboratif »")).toBe("editeur-collaboratif");
    expect(slugify("!!!")).toBe("");
  });
});

describe("FTS query", () => {
  it("quotes every word as a prefix term", () => {
    expect(toFtsQuery("équipe libre")).toBe('"équipe"* "libre"*');
  });
  it("never passes FTS syntax through", () => {
    expect(toFtsQuery('"NEAR(a b)" OR name:x*')).toBe('"NEAR"* "a"* "b"* "OR"* "name"* "x"*');
    expect(toFtsQuery("-foo ^bar")).toBe('"foo"* "bar"*');
  });
  it("gives no text filter for empty or punctuation-only text", () => {
    for (const q of [undefined, "", "   ", "!!!", '"', "*", "()", "…", "—"])
      expect(toFtsQuery(q)).toBeNull();
  });
  it("drops French elisions, keeps letters that stand alone", () => {
    expect(searchTerms("l'équipe d’accompagnement")).toEqual(["équipe", "accompagnement"]);
    expect(searchTerms("langage c")).toEqual(["langage", "c"]);
  });
  it("keeps at most 12 words", () => {
    expect(searchTerms(Array.from({ length: 30 }, (_, i) => `mot${i}`).join(" "))).toHaveLength(12);
  });
});

describe("CSV cells", () => {
  it("joins and splits list cells, escaping ';' and '\\'", () => {
    const items = ["Nextcloud", "a;b", "c\\d", "é"];
    expect(splitListCell(joinListCell(items))).toEqual(items);
    expect(splitListCell(" a ; b;;c ")).toEqual(["a", "b", "c"]);
    expect(splitListCell("")).toEqual([]);
  });
  it("maps a record to a row and back to the same record", () => {
    const record = makeProvider({
      headcount: null,
      website: null,
      coverage: { national: true, regions: ["53"], departments: ["2A"] },
    });
    const { candidate, errors } = csvRowToCandidate(recordToCsvRow(record));
    expect(errors).toEqual([]);
    expect(ProviderImportRecord.parse(candidate)).toEqual(record);
  });
  it("writes formula-like cells as text and reads them back unchanged", () => {
    const record = makeProvider({
      name: "=HYPERLINK(\"http://x\")",
      description: "- point\n- autre",
      tools: ["@outil", "Nextcloud"],
      memberships: ["'quote"],
      location: { city: "+33", department: "35", region: "53" },
    });
    const row = recordToCsvRow(record);
    expect(row.name).toBe("'=HYPERLINK(\"http://x\")");
    expect(row.description.startsWith("'- point")).toBe(true);
    expect(row.tools).toBe("'@outil;Nextcloud");
    expect(row.memberships).toBe("''quote");
    expect(ProviderImportRecord.parse(csvRowToCandidate(row).candidate)).toEqual(record);
  });

  it("reports unreadable cells", () => {
    const { errors } = csvRowToCandidate({
      slug: "x",
      coverage_national: "peut-être",
      example_projects: "[",
      vetting_tags: "{",
    });
    expect(errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      "coverage_national:invalid_boolean",
      "example_projects:invalid_json",
      "vetting_tags:invalid_json",
    ]);
  });
});

describe("CSV for spreadsheets", () => {
  it("quotes every cell, so a bare line break stays inside its cell", () => {
    const csv = providersToCsv([makeProvider({ slug: "a", description: "Un\n\nDeux", headcount: 3 })]);
    const [header, row] = csv.slice(1).split("\r\n");
    expect(header).toBe(CSV_HEADER);
    expect(row).toContain(';"Un\n\nDeux";');
    expect(row).toContain(';"3";');
  });

  it("gives one-digit codes their leading zero back, as spreadsheets drop it", () => {
    expect(["1", "01", "2A", "971", "", "123"].map(inseeCode)).toEqual(["01", "01", "2A", "971", "", "123"]);
    const { candidate } = csvRowToCandidate({
      location_department: "1",
      location_region: "84",
      coverage_regions: "4;11",
      coverage_departments: "5;2B",
      coverage_national: "VRAI",
    });
    expect(candidate).toMatchObject({
      location: { department: "01", region: "84" },
      coverage: { national: true, regions: ["04", "11"], departments: ["05", "2B"] },
    });
  });

  it("reads at most one item past the limit of a list cell", () => {
    expect(splitListCell("a;b;c;d;e", 2)).toEqual(["a", "b", "c"]);
    expect(splitListCell("a;b", 2)).toEqual(["a", "b"]);
  });
});

describe("import rules", () => {
  const rules = {
    known: {
      support_kinds: new Set(["diagnostic"]),
      association_sizes: new Set(["petite"]),
      modalities: new Set(["sur-site"]),
      structure_types: new Set(["association"]),
      price_models: new Set(["devis"]),
      regions: new Set(["53"]),
      departments: new Set(["35"]),
    },
    regionOf: new Map([["35", "53"]]),
  };
  const json = (records: unknown) => Buffer.from(JSON.stringify(records));

  it("answer a value: the records, or every problem with its row and field", () => {
    const good = readImport(json([makeProvider({ slug: "ab" })]), "json", rules);
    expect(good.ok && good.records.map((r) => r.slug)).toEqual(["ab"]);
    const bad = readImport(json([makeProvider({ slug: "ab" }), makeProvider({ slug: "ab" })]), "json", rules);
    expect(bad).toMatchObject({
      ok: false,
      kind: "invalid_import",
      truncated: false,
      errors: [{ row: 2, field: "slug", code: "duplicate_slug" }],
    });
    expect(readImport(Buffer.from("[{"), "json", rules)).toMatchObject({ ok: false, kind: "invalid_json" });
    expect(readImport(Buffer.from([0xff, 0xfe]), "csv", rules)).toMatchObject({
      ok: false,
      kind: "invalid_encoding",
    });
  });

  it("store multi-line text with \\n line breaks, whatever the file used", () => {
    const record = makeProvider({
      description: "Un\r\nDeux\rTrois\n",
      example_projects: [{ association: "A", summary: "x\r\ny", year: 2024 }],
    });
    const result = readImport(json([record]), "json", rules);
    expect(result.ok && result.records[0]!.description).toBe("Un\nDeux\nTrois\n");
    expect(result.ok && result.records[0]!.example_projects[0]!.summary).toBe("x\ny");
  });
});

describe("facet names", () => {
  it("are the contract's enum, the one list the domain and the search use", () => {
    expect(FACET_NAMES).toBe(FacetName.options);
    expect(DOMAIN_FACET_NAMES).toBe(FacetName.options);
    expect(Object.keys(filtersOf(SearchQuery.parse({})))).toEqual(FacetName.options);
  });
});

describe("layers", () => {
  const SRC = join(import.meta.dirname, "../src");
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]
    );
  const importsOf = (file: string) =>
    [...readFileSync(file, "utf8").matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"([^"]+)"/gms)].map(
      (m) => m[1]!
    );
  const ourLayer = (file: string, specifier: string) =>
    specifier.startsWith(".")
      ? relative(SRC, join(file, "..", specifier)).split("/")[0]!
      : `package:${specifier}`;

  it("domain uses only the contract (and pure packages), never storage or HTTP", () => {
    for (const file of filesUnder(join(SRC, "domain")))
      for (const specifier of importsOf(file))
        expect(["contract", "domain"].includes(ourLayer(file, specifier)) ||
          /^package:(zod|csv-parse\/sync|csv-stringify\/sync|node:crypto)$/.test(ourLayer(file, specifier)),
          `${relative(SRC, file)} imports ${specifier}`).toBe(true);
  });

  it("neither storage nor the command line's composition imports HTTP", () => {
    const files = [...filesUnder(join(SRC, "store")), join(SRC, "service.ts")];
    for (const file of files)
      for (const specifier of importsOf(file))
        expect(ourLayer(file, specifier), `${relative(SRC, file)} imports ${specifier}`).not.toBe("http");
  });
});

describe("excerpt", () => {
  it("strips Markdown", () => {
    expect(
      markdownToPlainText(
        "# Titre\n\nUn **texte** avec [un lien](https://x.org) et `code`.\n- point"
      )
    ).toBe("Titre Un texte avec un lien et code. point");
  });
  it("cuts long text at a word boundary", () => {
    const excerpt = excerptOf("mot ".repeat(200));
    expect(excerpt.length).toBeLessThanOrEqual(241);
    expect(excerpt.endsWith("mot…")).toBe(true);
  });
});

describe("facet entries", () => {
  const geography = {
    regionOf: new Map([
      ["35", "53"],
      ["29", "53"],
      ["75", "11"],
    ]),
    departmentsOf: new Map([
      ["53", ["29", "35"]],
      ["11", ["75"]],
    ]),
  };
  it("expands coverage: a region to its departments, a department to its region; tools by slug", () => {
    const entries = facetEntriesOf(
      makeProvider({
        location: { city: "Paris", department: "75", region: "11" },
        coverage: { national: false, regions: ["53"], departments: [] },
        tools: ["Nextcloud", "NextCloud"],
      }),
      geography
    );
    const keys = (facet: string) =>
      entries
        .filter((e) => e.facet === facet)
        .map((e) => e.key)
        .sort();
    expect(keys("region")).toEqual(["11", "53"]);
    expect(keys("department")).toEqual(["29", "35", "75"]);
    const national = facetEntriesOf(
      makeProvider({ coverage: { national: true, regions: [], departments: [] } }),
      geography,
    );
    expect(national.filter((e) => e.facet === "department").map((e) => e.key).sort()).toEqual([
      "29",
      "35",
      "75",
    ]);
    expect(national.filter((e) => e.facet === "region").map((e) => e.key).sort()).toEqual(["11", "53"]);
    expect(entries.filter((e) => e.facet === "tool")).toEqual([
      { facet: "tool", key: "nextcloud", label: "Nextcloud" },
    ]);
  });
});

describe("bit sets", () => {
  it("adds, intersects, unites, counts and lists positions", async () => {
    const { Bitset } = await import("../src/domain/bitset.ts");
    for (const size of [0, 1, 31, 32, 33, 100]) {
      const full = Bitset.full(size);
      expect(full.count()).toBe(size);
      expect([...full.positions()]).toEqual(Array.from({ length: size }, (_, i) => i));
    }
    const a = new Bitset(70);
    const b = new Bitset(70);
    [0, 5, 31, 32, 63, 69].forEach((p) => a.add(p));
    [5, 32, 33, 69].forEach((p) => b.add(p));
    expect(a.countAnd(b)).toBe(3);
    expect([...a.clone().andInPlace(b).positions()]).toEqual([5, 32, 69]);
    expect([...a.clone().orInPlace(b).positions()]).toEqual([0, 5, 31, 32, 33, 63, 69]);
    expect(a.has(31) && !a.has(30)).toBe(true);
  });
});
