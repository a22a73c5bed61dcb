// The reference taxonomies and the demo providers are data the whole product leans on:
// search facets, filters, the import format and `make start`'s demo directory. These
// tests keep them consistent with the API contract and with each other.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  DepartmentCode,
  ProviderImportRecord,
  RegionCode,
  TaxonomiesResponse,
  TaxonomyEntry,
  TaxonomyKey,
  TaxonomyName,
} from "../src/contract/index.ts";
import { TAXONOMIES } from "../src/store/data/taxonomies.ts";

const demoPath = new URL("../src/store/data/demo-providers.json", import.meta.url);
const rawDemo: unknown = JSON.parse(readFileSync(demoPath, "utf8"));
const demo = z.array(ProviderImportRecord).parse(rawDemo);
const listed = demo.filter((p) => p.status === "listed");

const keysOf = (name: TaxonomyName) => TAXONOMIES[name].map((e) => e.key);
const keySet = (name: TaxonomyName) => new Set(keysOf(name));
const regionOfDepartment = new Map(TAXONOMIES.departments.map((d) => [d.key, d.parent]));

/** How many listed providers use each key of a taxonomy (keys nobody uses count 0). */
function usage(name: TaxonomyName, pick: (p: (typeof demo)[number]) => string[]) {
  const counts = new Map(keysOf(name).map((k) => [k, 0]));
  for (const p of listed) for (const k of pick(p)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return Object.fromEntries(counts);
}

describe("taxonomies", () => {
  it("match the contract's response schema", () => {
    expect(TaxonomiesResponse.safeParse(TAXONOMIES).success).toBe(true);
    expect(Object.keys(TAXONOMIES).sort()).toEqual([...TaxonomyName.options].sort());
    for (const name of TaxonomyName.options) {
      for (const entry of TAXONOMIES[name]) expect(TaxonomyEntry.parse(entry)).toEqual(entry);
    }
  });

  it("have unique keys in each taxonomy", () => {
    for (const name of TaxonomyName.options) {
      const keys = keysOf(name);
      expect(new Set(keys).size, name).toBe(keys.length);
    }
  });

  it("have a non-empty French and English label for every entry", () => {
    for (const name of TaxonomyName.options) {
      for (const { key, label } of TAXONOMIES[name]) {
        expect(label.fr.trim(), `${name}.${key}.fr`).not.toBe("");
        expect(label.en.trim(), `${name}.${key}.en`).not.toBe("");
      }
    }
  });

  it("use keys the contract accepts, with a parent only for departments", () => {
    for (const name of TaxonomyName.options) {
      const schema =
        name === "regions" ? RegionCode : name === "departments" ? DepartmentCode : TaxonomyKey;
      for (const entry of TAXONOMIES[name]) {
        expect(schema.safeParse(entry.key).success, `${name}.${entry.key}`).toBe(true);
        if (name !== "departments") expect(entry.parent, `${name}.${entry.key}`).toBeNull();
      }
    }
  });

  it("list the product's kinds of support with their stable keys", () => {
    expect(keysOf("support_kinds")).toEqual([
      "sensibilisation",
      "diagnostic",
      "strategie",
      "cahier-des-charges",
      "choix-outils",
      "migration",
      "deploiement",
      "hebergement",
      "formation",
      "accompagnement-changement",
      "support-maintenance",
      "documentation",
      "recherche-financements",
      "developpement",
    ]);
    expect(keysOf("association_sizes")).toEqual(["benevoles", "petite", "moyenne", "grande"]);
    expect(keysOf("modalities")).toEqual(["sur-site", "a-distance", "hybride"]);
    expect(keysOf("structure_types")).toEqual([
      "association",
      "cooperative",
      "entreprise",
      "independant",
      "collectivite-autre",
    ]);
    expect(keysOf("price_models")).toEqual([
      "prix-libre",
      "tarif-solidaire",
      "devis",
      "tarif-journalier",
    ]);
  });

  it("hold the 18 regions with their INSEE codes", () => {
    expect(keysOf("regions").sort()).toEqual([
      "01",
      "02",
      "03",
      "04",
      "06",
      "11",
      "24",
      "27",
      "28",
      "32",
      "44",
      "52",
      "53",
      "75",
      "76",
      "84",
      "93",
      "94",
    ]);
    const label = (code: string) => TAXONOMIES.regions.find((r) => r.key === code)?.label.fr;
    expect(label("11")).toBe("Île-de-France");
    expect(label("04")).toBe("La Réunion");
    expect(label("93")).toBe("Provence-Alpes-Côte d'Azur");
  });

  it("hold the 101 departments, overseas and Corsica included", () => {
    const codes = keysOf("departments");
    expect(codes).toHaveLength(101);
    const expected = [
      ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, "0")).filter(
        (c) => c !== "20",
      ),
      "2A",
      "2B",
      "971",
      "972",
      "973",
      "974",
      "976",
    ];
    expect([...codes].sort()).toEqual(expected.sort());
  });

  it("attach every department to an existing region", () => {
    const regions = keySet("regions");
    for (const d of TAXONOMIES.departments) {
      expect(regions.has(d.parent ?? ""), `department ${d.key} → ${d.parent}`).toBe(true);
    }
  });

  it("attach departments to the right region (official counts and samples)", () => {
    const perRegion: Record<string, number> = {};
    for (const d of TAXONOMIES.departments) perRegion[d.parent!] = (perRegion[d.parent!] ?? 0) + 1;
    expect(perRegion).toEqual({
      "01": 1,
      "02": 1,
      "03": 1,
      "04": 1,
      "06": 1,
      "11": 8,
      "24": 6,
      "27": 8,
      "28": 5,
      "32": 5,
      "44": 10,
      "52": 5,
      "53": 4,
      "75": 12,
      "76": 13,
      "84": 12,
      "93": 6,
      "94": 2,
    });
    const samples: Record<string, string> = {
      "2A": "94",
      "2B": "94",
      "971": "01",
      "972": "02",
      "973": "03",
      "974": "04",
      "976": "06",
      "75": "11",
      "93": "11",
      "29": "53",
      "44": "52",
      "69": "84",
      "13": "93",
      "31": "76",
      "33": "75",
      "67": "44",
      "59": "32",
      "21": "27",
      "14": "28",
      "37": "24",
      "90": "27",
    };
    for (const [dept, region] of Object.entries(samples)) {
      expect(regionOfDepartment.get(dept), dept).toBe(region);
    }
    const name = (code: string) => TAXONOMIES.departments.find((d) => d.key === code)?.label.fr;
    expect(name("2A")).toBe("Corse-du-Sud");
    expect(name("974")).toBe("La Réunion");
    expect(name("21")).toBe("Côte-d'Or");
  });
});

describe("demo providers", () => {
  it("all parse as import records of the contract", () => {
    expect(Array.isArray(rawDemo)).toBe(true);
    for (const [i, record] of (rawDemo as unknown[]).entries()) {
      const result = ProviderImportRecord.safeParse(record);
      expect(result.success, `record ${i}: ${result.error?.message}`).toBe(true);
    }
  });

  it("are numerous enough: at least 44, 40 listed, some pending and suspended", () => {
    expect(demo.length).toBeGreaterThanOrEqual(44);
    expect(listed.length).toBeGreaterThanOrEqual(40);
    expect(demo.filter((p) => p.status === "pending").length).toBeGreaterThanOrEqual(2);
    expect(demo.filter((p) => p.status === "suspended").length).toBeGreaterThanOrEqual(2);
  });

  it("have unique slugs and names", () => {
    const slugs = demo.map((p) => p.slug);
    const names = demo.map((p) => p.name.toLocaleLowerCase("fr"));
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("only use taxonomy keys that exist", () => {
    const known = {
      structure_types: keySet("structure_types"),
      modalities: keySet("modalities"),
      support_kinds: keySet("support_kinds"),
      association_sizes: keySet("association_sizes"),
      price_models: keySet("price_models"),
      regions: keySet("regions"),
      departments: keySet("departments"),
    };
    for (const p of demo) {
      const check = (set: Set<string>, keys: string[], field: string) => {
        for (const k of keys) expect(set.has(k), `${p.slug}: ${field} ${k}`).toBe(true);
      };
      check(known.structure_types, [p.structure_type], "structure_type");
      check(known.modalities, p.modalities, "modalities");
      check(known.support_kinds, p.support_kinds, "support_kinds");
      check(known.association_sizes, p.association_sizes, "association_sizes");
      check(known.price_models, p.price_models, "price_models");
      check(known.regions, [p.location.region, ...p.coverage.regions], "region");
      check(known.departments, [p.location.department, ...p.coverage.departments], "department");
      for (const list of [
        p.modalities,
        p.support_kinds,
        p.association_sizes,
        p.price_models,
        p.tools,
      ]) {
        expect(new Set(list).size, `${p.slug}: duplicate in ${list.join(",")}`).toBe(list.length);
      }
      expect(
        p.modalities.length && p.support_kinds.length && p.association_sizes.length,
        p.slug,
      ).toBeGreaterThan(0);
      expect(p.price_models.length, p.slug).toBeGreaterThan(0);
    }
  });

  it("locate each provider in a department of the stated region", () => {
    for (const p of demo) {
      expect(regionOfDepartment.get(p.location.department), p.slug).toBe(p.location.region);
    }
  });

  it("state a coherent coverage: national, or at least one region or department", () => {
    for (const p of demo) {
      const { national, regions, departments } = p.coverage;
      if (national) expect([...regions, ...departments], p.slug).toEqual([]);
      else expect(regions.length + departments.length, p.slug).toBeGreaterThan(0);
    }
    expect(listed.filter((p) => p.coverage.national).length).toBeGreaterThanOrEqual(3);
  });

  it("use every support kind, size, modality, structure type and price model at least twice", () => {
    const facets = [
      usage("support_kinds", (p) => p.support_kinds),
      usage("association_sizes", (p) => p.association_sizes),
      usage("modalities", (p) => p.modalities),
      usage("structure_types", (p) => [p.structure_type]),
      usage("price_models", (p) => p.price_models),
    ];
    for (const counts of facets) {
      for (const [key, count] of Object.entries(counts)) {
        expect(count, key).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("include overseas providers and reach every region", () => {
    const located = new Set(listed.map((p) => p.location.department));
    for (const overseas of ["971", "972", "973", "974", "976"]) {
      expect(located.has(overseas), overseas).toBe(true);
    }
    for (const region of keysOf("regions")) {
      const reached = listed.some(
        (p) =>
          p.location.region === region ||
          p.coverage.national ||
          p.coverage.regions.includes(region) ||
          p.coverage.departments.some((d) => regionOfDepartment.get(d) === region),
      );
      expect(reached, region).toBe(true);
    }
  });

  it("are clearly fictional: demo notice, invented domains", () => {
    for (const p of demo) {
      expect(
        p.description.trimEnd().endsWith("_Fiche de démonstration : structure fictive._"),
        p.slug,
      ).toBe(true);
      expect(p.website, p.slug).not.toBeNull();
      const host = new URL(p.website!).hostname;
      expect(host.endsWith(".exemple.org") || host.endsWith(".example"), host).toBe(true);
      expect(p.website!.startsWith("https://"), p.slug).toBe(true);
      expect(p.contact_email?.split("@")[1], p.slug).toBe(host);
    }
  });

  it("read as French content", () => {
    const text = demo.map((p) => p.description).join("\n");
    expect(text).toMatch(/équipes?/);
    expect(text).toMatch(/bénévoles/);
    expect(text).toMatch(/données/);
    // \b is ASCII-only in JavaScript, so word edges are spelled with Unicode letter classes.
    const word = /(?<!\p{L})équipes?(?!\p{L})/u;
    expect(demo.filter((p) => word.test(p.description)).length).toBeGreaterThanOrEqual(5);
  });

  it("give 1 to 3 example projects each", () => {
    for (const p of demo) {
      expect(p.example_projects.length, p.slug).toBeGreaterThanOrEqual(1);
      expect(p.example_projects.length, p.slug).toBeLessThanOrEqual(3);
    }
  });

  it("carry vetting tags consistent with their status and offers", () => {
    for (const p of demo) {
      const keys = p.vetting_tags.map((t) => t.key);
      expect(new Set(keys).size, p.slug).toBe(keys.length);
      if (p.status === "pending") expect(keys, p.slug).toEqual([]);
      if (p.status === "listed") {
        const refs = p.vetting_tags.find((t) => t.key === "references-verifiees");
        expect(refs?.label, p.slug).toMatch(/^Références vérifiées \(\d+\)$/);
      }
      for (const tag of p.vetting_tags) {
        if (tag.expires_at !== null) {
          expect(Date.parse(tag.expires_at), `${p.slug} ${tag.key}`).toBeGreaterThan(
            Date.parse(tag.verified_at),
          );
        }
        const confirmed = /^confirme-(.+)$/.exec(tag.key)?.[1];
        if (confirmed) expect(p.support_kinds, `${p.slug} ${tag.key}`).toContain(confirmed);
      }
      if (keys.includes("accompagnement-complet")) {
        for (const k of ["confirme-diagnostic", "confirme-deploiement", "confirme-formation"]) {
          expect(keys, p.slug).toContain(k);
        }
      }
      if (keys.includes("membre-chatons")) expect(p.memberships, p.slug).toContain("CHATONS");
    }
  });
});
