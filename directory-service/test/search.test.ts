// GET /v1/providers: French text search, filters, disjunctive facet counts, sorting and
// pagination, against a real database through the signed API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  FacetName,
  Provider,
  SearchQuery,
  SearchResponse,
  type ProviderImportRecord,
} from "../src/contract/index.ts";
import { ProviderStore } from "../src/store/providers.ts";
import { TaxonomyCatalog } from "../src/store/taxonomies.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { ADMIN, MEMBER, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";

const tag = (key: string, label: string) => ({
  key,
  label,
  evidence: "3 références confirmées par questionnaire",
  verified_at: "2026-01-10T10:00:00Z",
  expires_at: null,
});

const PROVIDERS: ProviderImportRecord[] = [
  makeProvider({
    slug: "equipe-numerique-libre",
    name: "Équipe Numérique Libre",
    support_kinds: ["diagnostic", "formation"],
    association_sizes: ["petite", "moyenne"],
    modalities: ["sur-site", "a-distance"],
    tools: ["Nextcloud", "YunoHost"],
    price_models: ["devis"],
    vetting_tags: [tag("references-verifiees", "Références vérifiées (3)")],
    description: "Diagnostic et formation pour les petites associations bretonnes.",
  }),
  makeProvider({
    slug: "atelier-libre",
    name: "Atelier Libre",
    structure_type: "cooperative",
    support_kinds: ["formation"],
    association_sizes: ["benevoles"],
    modalities: ["a-distance"],
    location: { city: "Lyon", department: "69", region: "84" },
    tools: ["Mobilizon"],
    price_models: ["prix-libre"],
    description: "Toute l'équipe forme les bénévoles à **Mobilizon** et aux outils libres.",
    example_projects: [],
  }),
  makeProvider({
    slug: "cooperative-elan",
    name: "Coopérative Élan",
    structure_type: "cooperative",
    support_kinds: ["migration", "deploiement"],
    association_sizes: ["grande"],
    modalities: ["hybride"],
    location: { city: "Saint-Denis", department: "974", region: "04" },
    coverage: { national: true, regions: [], departments: [] },
    tools: ["Nextcloud"],
    price_models: ["tarif-solidaire"],
    description: "Migration des messageries et des agendas.",
    example_projects: [
      {
        association: "Réseau Solidaire",
        summary: "Accompagnement de l'EQUIPE salariée vers Nextcloud.",
        year: 2025,
      },
    ],
  }),
  makeProvider({
    slug: "zebre-informatique",
    name: "Zèbre Informatique",
    structure_type: "entreprise",
    support_kinds: ["hebergement"],
    association_sizes: ["petite"],
    modalities: ["a-distance"],
    location: { city: "Paris", department: "75", region: "11" },
    coverage: { national: false, regions: ["53"], departments: [] },
    tools: ["Nextcloud Hub"],
    price_models: ["tarif-journalier"],
    vetting_tags: [tag("chatons", "Membre des CHATONS")],
    description: "Hébergement de services libres.",
    example_projects: [],
  }),
  makeProvider({
    slug: "ebene-conseil",
    name: "ébène conseil",
    structure_type: "independant",
    support_kinds: ["strategie", "formation"],
    association_sizes: ["moyenne"],
    modalities: ["sur-site"],
    location: { city: "Bordeaux", department: "33", region: "75" },
    coverage: { national: false, regions: [], departments: ["17", "13"] },
    tools: ["Mobilizon", "Nextcloud"],
    price_models: ["devis", "tarif-solidaire"],
    description: "Feuille de route numérique.",
    example_projects: [],
  }),
  makeProvider({
    slug: "abeille-numerique",
    name: "Abeille numérique",
    support_kinds: ["sensibilisation"],
    association_sizes: ["benevoles", "petite"],
    modalities: ["a-distance", "sur-site"],
    location: { city: "Pointe-à-Pitre", department: "971", region: "01" },
    tools: [],
    price_models: ["prix-libre"],
    vetting_tags: [tag("references-verifiees", "Références vérifiées (2)")],
    description: "Ateliers de sensibilisation au numérique libre.",
    example_projects: [],
  }),
  makeProvider({
    slug: "mobilizon-facile",
    name: "Mobilizon Facile",
    support_kinds: ["deploiement"],
    tools: ["Mobilizon"],
    description: "Mise en place d'agendas partagés.",
    example_projects: [],
  }),
  makeProvider({
    slug: "equipe-en-attente",
    name: "Équipe en attente",
    status: "pending",
    support_kinds: ["formation"],
  }),
  makeProvider({
    slug: "equipe-suspendue",
    name: "Équipe suspendue",
    status: "suspended",
    support_kinds: ["formation"],
  }),
  makeProvider({
    slug: "equipe-brouillon",
    name: "Équipe brouillon",
    status: "draft",
    support_kinds: ["formation"],
  }),
];
const LISTED = PROVIDERS.filter((p) => p.status === "listed").map((p) => p.slug);

describe("GET /v1/providers", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    service.seed(PROVIDERS);
  });
  afterAll(() => service.close());

  async function search(query: string, options: Parameters<TestService["json"]>[1] = {}) {
    const { status, body } = await service.json(
      `/v1/providers${query ? "?" + query : ""}`,
      options
    );
    expect(status, JSON.stringify(body)).toBe(200);
    return SearchResponse.parse(body);
  }
  const slugs = (response: SearchResponse) => response.items.map((item) => item.slug);
  const sorted = (values: string[]) => [...values].sort();
  const all = (query: string) => search(`${query}${query ? "&" : ""}per_page=100`);

  it("lists only listed providers, with a total and summaries matching the contract", async () => {
    const response = await all("");
    expect(sorted(slugs(response))).toEqual(sorted(LISTED));
    expect(response.total).toBe(LISTED.length);
    for (const item of response.items) {
      expect(item).not.toHaveProperty("description");
      expect(item).not.toHaveProperty("contact_email");
      expect(typeof item.excerpt).toBe("string");
    }
    expect(response.items.find((item) => item.slug === "atelier-libre")!.excerpt).toBe(
      "Toute l'équipe forme les bénévoles à Mobilizon et aux outils libres."
    );
  });

  it("finds the same providers for equipe, équipe, EQUIPE and Équipe", async () => {
    const results = await Promise.all(
      ["equipe", "%C3%A9quipe", "EQUIPE", "%C3%89quipe", "%C3%A9QUIPE"].map((q) => all(`q=${q}`))
    );
    const expected = ["atelier-libre", "cooperative-elan", "equipe-numerique-libre"];
    for (const result of results) expect(sorted(slugs(result))).toEqual(expected);
  });

  it("matches word prefixes, accents or not", async () => {
    expect(sorted(slugs(await all("q=equip")))).toEqual([
      "atelier-libre",
      "cooperative-elan",
      "equipe-numerique-libre",
    ]);
    expect(sorted(slugs(await all("q=nextc")))).toEqual(
      sorted(["equipe-numerique-libre", "cooperative-elan", "zebre-informatique", "ebene-conseil"])
    );
    expect(sorted(slugs(await all("q=num%C3%A9r")))).toEqual(sorted(slugs(await all("q=numer"))));
    expect(slugs(await all("q=zebr"))).toEqual(["zebre-informatique"]);
  });

  it("searches name, description, tools and example projects", async () => {
    expect(slugs(await all("q=elan"))).toEqual(["cooperative-elan"]); // name
    expect(slugs(await all("q=feuille"))).toEqual(["ebene-conseil"]); // description
    expect(sorted(slugs(await all("q=yunohost")))).toEqual(["equipe-numerique-libre"]); // tools
    expect(slugs(await all("q=solidaire"))).toEqual(["cooperative-elan"]); // example project
  });

  it("requires every word (AND) and ignores elided articles", async () => {
    expect(slugs(await all("q=equipe+bretonnes"))).toEqual(["equipe-numerique-libre"]);
    expect(sorted(slugs(await all("q=l%27%C3%A9quipe")))).toEqual([
      "atelier-libre",
      "cooperative-elan",
      "equipe-numerique-libre",
    ]);
  });

  it("ranks a match in the name above one in tools or description", async () => {
    const response = await all("q=mobilizon");
    expect(response.items[0]!.slug).toBe("mobilizon-facile");
    expect(sorted(slugs(response))).toEqual(
      sorted(["mobilizon-facile", "atelier-libre", "ebene-conseil"])
    );
  });

  it("treats search syntax as plain words and punctuation-only text as no text filter", async () => {
    for (const q of [
      "%22",
      "*",
      "%28%29",
      "AND",
      "-",
      "NEAR%28a+b%29",
      "name%3Aelan",
      "%22%22%22",
      "%5E",
      "%E2%80%A6",
    ]) {
      const { status, body } = await service.json(`/v1/providers?q=${q}`);
      expect(status, `q=${q}: ${JSON.stringify(body)}`).toBe(200);
    }
    expect((await all("q=%21%21%21")).total).toBe(LISTED.length);
    expect(slugs(await all("q=name%3Aelan"))).toEqual([]); // "name" and "elan" must both appear
    expect((await all("q=zzzzz")).total).toBe(0);
  });

  it("sorts by name in French order when there is no text, accents and case ignored", async () => {
    const response = await all("");
    const names = response.items.map((item) => item.name);
    expect(names).toEqual([
      "Abeille numérique",
      "Atelier Libre",
      "Coopérative Élan",
      "ébène conseil",
      "Équipe Numérique Libre",
      "Mobilizon Facile",
      "Zèbre Informatique",
    ]);
  });

  it("filters by each facet", async () => {
    const cases: [string, string[]][] = [
      ["support=formation", ["atelier-libre", "ebene-conseil", "equipe-numerique-libre"]],
      ["size=benevoles", ["abeille-numerique", "atelier-libre"]],
      ["modality=hybride", ["cooperative-elan"]],
      // Brittany: located there, or covering it (Zèbre covers region 53, Élan the whole country).
      [
        "region=53",
        sorted(["cooperative-elan", "equipe-numerique-libre", "mobilizon-facile", "zebre-informatique"]),
      ],
      // A covered department counts for its region: ébène covers 13 (PACA, region 93).
      ["region=93", ["cooperative-elan", "ebene-conseil"]],
      // A covered region counts for each of its departments.
      [
        "department=35",
        sorted(["cooperative-elan", "equipe-numerique-libre", "mobilizon-facile", "zebre-informatique"]),
      ],
      ["department=2A", ["cooperative-elan"]],
      ["department=974", ["cooperative-elan"]],
      ["tool=nextcloud", sorted(["cooperative-elan", "ebene-conseil", "equipe-numerique-libre"])],
      ["tool=nextcloud-hub", ["zebre-informatique"]],
      ["price=tarif-solidaire", ["cooperative-elan", "ebene-conseil"]],
      ["tag=references-verifiees", ["abeille-numerique", "equipe-numerique-libre"]],
      ["tag=chatons", ["zebre-informatique"]],
    ];
    for (const [query, expected] of cases)
      expect(sorted(slugs(await all(query))), query).toEqual(expected);
  });

  it("combines values of one facet with OR and facets with AND", async () => {
    expect(sorted(slugs(await all("support=formation&support=hebergement")))).toEqual(
      sorted(["atelier-libre", "ebene-conseil", "equipe-numerique-libre", "zebre-informatique"])
    );
    expect(sorted(slugs(await all("support=formation&modality=a-distance")))).toEqual([
      "atelier-libre",
      "equipe-numerique-libre",
    ]);
    expect(
      sorted(
        slugs(
          await all("support=formation&support=hebergement&modality=a-distance&tool=nextcloud-hub")
        )
      )
    ).toEqual(["zebre-informatique"]);
    expect(slugs(await all("q=libre&support=formation&size=benevoles"))).toEqual(["atelier-libre"]);
    expect(slugs(await all("support=formation&size=grande"))).toEqual([]);
  });

  it("answers an unknown filter value with no results rather than an error", async () => {
    const response = await all("support=inconnu");
    expect(response.total).toBe(0);
    // The selected value stays listed (count 0) so it can be unselected; other facets are empty.
    expect(response.facets.support).toContainEqual({ key: "inconnu", label: "inconnu", count: 0 });
    expect(response.facets.modality).toEqual([]);
  });

  describe("disjunctive facet counts", () => {
    const states = [
      "",
      "support=formation",
      "support=formation&modality=a-distance",
      "q=libre",
      "q=nextcloud&price=devis",
      "region=53&size=petite",
      "support=formation&support=migration",
    ];
    for (const state of states) {
      it(`each count equals the total of adding or picking that key (state "${state || "none"}")`, async () => {
        const base = await all(state);
        const params = new URLSearchParams(state);
        for (const facet of FacetName.options) {
          const values = base.facets[facet];
          expect(values, facet).toBeDefined();
          for (const value of values) {
            // No filter on this facet: add the key. A filter on it: its counts ignore it,
            // so picking the key alone in that facet gives the count.
            const next = new URLSearchParams(params);
            next.delete(facet);
            next.append(facet, value.key);
            const filtered = await all(next.toString());
            expect(filtered.total, `${state} + ${facet}=${value.key}`).toBe(value.count);
          }
        }
      });
    }

    it("lists every key present among the matching providers, with labels", async () => {
      const response = await all("");
      expect(response.facets.support.find((v) => v.key === "formation")).toEqual({
        key: "formation",
        label: "Formation des utilisateur·ices",
        count: 3,
      });
      expect(response.facets.tool.find((v) => v.key === "nextcloud")).toEqual({
        key: "nextcloud",
        label: "Nextcloud",
        count: 3,
      });
      expect(response.facets.tag.find((v) => v.key === "chatons")).toEqual({
        key: "chatons",
        label: "Membre des CHATONS",
        count: 1,
      });
      expect(response.facets.region.find((v) => v.key === "04")?.label).toBe("La Réunion");
      // Non-listed providers count nowhere.
      expect(response.facets.support.find((v) => v.key === "formation")!.count).toBe(3);
    });

    it("keeps counts of the facet's own selection independent of it", async () => {
      const unfiltered = await all("");
      const filtered = await all("support=formation");
      expect(filtered.facets.support).toEqual(unfiltered.facets.support);
      expect(filtered.facets.modality).not.toEqual(unfiltered.facets.modality);
    });

    it("orders values by count, then label", async () => {
      const { facets } = await all("");
      for (const facet of FacetName.options) {
        const counts = facets[facet].map((v) => v.count);
        expect(counts, facet).toEqual([...counts].sort((a, b) => b - a));
      }
    });
  });

  it("gives labels in the acting user's locale, else Accept-Language, else French", async () => {
    const label = (response: SearchResponse) =>
      response.facets.support.find((v) => v.key === "formation")!.label;
    expect(label(await search(""))).toBe("Formation des utilisateur·ices");
    expect(label(await search("", { headers: { "Accept-Language": "en-GB,en;q=0.9" } }))).toBe(
      "User training"
    );
    expect(label(await search("", { user: { ...MEMBER, locale: "en" } }))).toBe("User training");
    expect(label(await search("", { user: MEMBER, headers: { "Accept-Language": "en" } }))).toBe(
      "Formation des utilisateur·ices"
    );
    expect(label(await search("", { headers: { "Accept-Language": "de" } }))).toBe(
      "Formation des utilisateur·ices"
    );
  });
});

describe("the in-memory search index", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    service.seed(PROVIDERS);
  });
  afterAll(() => service.close());

  it("answers exactly what SQL alone answers, for many queries", () => {
    const catalog = new TaxonomyCatalog(service.db);
    const store = new ProviderStore(service.db, () => catalog);
    const texts = [
      undefined,
      "equipe",
      "libre",
      "nextc",
      "!!!",
      "mobilizon",
      "zzz",
      "l'équipe numérique",
    ];
    const filters = [
      {},
      { support: ["formation"] },
      { support: ["formation", "hebergement"], modality: "a-distance" },
      { region: "53", size: ["petite", "moyenne"] },
      { tool: "nextcloud", price: "devis", tag: "references-verifiees" },
      { department: ["35", "974"], support: "inconnu" },
    ];
    let compared = 0;
    for (const q of texts) {
      for (const filter of filters) {
        for (const [page, per_page] of [
          [1, 100],
          [1, 2],
          [2, 2],
          [3, 3],
        ] as const) {
          for (const locale of ["fr", "en"] as const) {
            const query = SearchQuery.parse({
              ...(q === undefined ? {} : { q }),
              ...filter,
              page,
              per_page,
            });
            expect(store.search(query, locale), JSON.stringify(query)).toEqual(
              store.searchWithSql(query, locale)
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(texts.length * filters.length * 8);
  });

  it("sees writes made through another connection", async () => {
    const before = SearchResponse.parse((await service.json("/v1/providers?q=nouveau")).body);
    expect(before.total).toBe(0);
    const { openDirectory } = await import("../src/store/directory.ts");
    const { importBytes } = await import("../src/service.ts");
    const other = openDirectory(service.dbPath);
    try {
      importBytes(
        other,
        Buffer.from(JSON.stringify([makeProvider({ slug: "nouveau-venu", name: "Nouveau Venu" })])),
        "json"
      );
    } finally {
      other.close();
    }
    const after = SearchResponse.parse((await service.json("/v1/providers?q=nouveau")).body);
    expect(after.items.map((item) => item.slug)).toEqual(["nouveau-venu"]);
  });

  it("answers a repeated search afresh after an admin import", async () => {
    const path = "/v1/providers?q=renomme&per_page=5";
    service.seed([makeProvider({ slug: "a-renommer", name: "Renommée Avant" })]);
    const first = SearchResponse.parse((await service.json(path)).body);
    expect(first.items.map((item) => item.name)).toEqual(["Renommée Avant"]);
    const imported = await service.json("/v1/admin/providers/import", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: JSON.stringify([makeProvider({ slug: "a-renommer", name: "Renommée Après" })]),
    });
    expect(imported.status).toBe(200);
    const second = SearchResponse.parse((await service.json(path)).body);
    expect(second.items.map((item) => item.name)).toEqual(["Renommée Après"]);
  });
});

describe("pagination", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    const names = [
      "Éole",
      "eole",
      "Eolienne",
      "Ânes & Cie",
      "anes",
      "Zoé",
      "Être Libre",
      "étoile",
      "Étoile",
      "Îlot",
    ];
    const providers = Array.from({ length: 37 }, (_, i) =>
      makeProvider({
        slug: `page-${String(i).padStart(2, "0")}`,
        name: `${names[i % names.length]} ${i % 3 === 0 ? "" : "Libre"}`.trim(),
        description: i % 2 === 0 ? "Formation libre et accompagnement." : "Hébergement libre.",
      })
    );
    service.seed(providers);
  });
  afterAll(() => service.close());

  async function pages(query: string, perPage: number) {
    const seen: string[] = [];
    let total = -1;
    for (let page = 1; page <= 50; page++) {
      const { status, body } = await service.json(
        `/v1/providers?${query}&page=${page}&per_page=${perPage}`
      );
      expect(status).toBe(200);
      const response = SearchResponse.parse(body);
      total = response.total;
      expect(response.page).toBe(page);
      expect(response.per_page).toBe(perPage);
      if (response.items.length === 0) break;
      expect(response.items.length).toBeLessThanOrEqual(perPage);
      seen.push(...response.items.map((item) => item.slug));
    }
    return { seen, total };
  }

  for (const query of ["", "q=libre", "q=formation", "support=diagnostic"]) {
    for (const perPage of [1, 7, 10]) {
      it(`walks every page without duplicate or missing item (${query || "no text"}, ${perPage} per page)`, async () => {
        const { seen, total } = await pages(query, perPage);
        const { body } = await service.json(`/v1/providers?${query}&per_page=100`);
        const everything = SearchResponse.parse(body).items.map((item) => item.slug);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toEqual(everything);
        expect(seen.length).toBe(total);
      });
    }
  }

  it("answers an empty page past the end", async () => {
    const { body } = await service.json("/v1/providers?page=100&per_page=100");
    const response = SearchResponse.parse(body);
    expect(response.items).toEqual([]);
    expect(response.total).toBe(37);
  });
});

describe("GET /v1/providers/:slug", () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
    service.seed(PROVIDERS);
  });
  afterAll(() => service.close());

  it("answers the full record of a listed provider", async () => {
    const { status, body } = await service.json("/v1/providers/equipe-numerique-libre");
    expect(status).toBe(200);
    const provider = Provider.parse(body);
    expect(provider).toMatchObject({
      ...PROVIDERS[0],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  for (const slug of [
    "equipe-en-attente",
    "equipe-suspendue",
    "equipe-brouillon",
    "inconnu",
    "NOT-A-SLUG",
    "%C3%A9",
  ]) {
    it(`answers 404 in the error shape for ${slug}`, async () => {
      const { status, body } = await service.json(`/v1/providers/${slug}`);
      expect(status).toBe(404);
      expect(expectErrorShape(body).code).toBe("provider_not_found");
    });
  }
});
