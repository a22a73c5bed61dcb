// Admin import and export: all or nothing, row/field errors, CSV for spreadsheets,
// round trips, and who may call them.
import { afterAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { ImportResponse, Provider } from "../src/contract/index.ts";
import { CSV_COLUMNS } from "../src/domain/provider-csv.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import {
  ADMIN,
  MEMBER,
  expectErrorShape,
  startTestService,
  type SignOptions,
  type TestService,
} from "./helpers/service.ts";

const IMPORT = "/v1/admin/providers/import";
const EXPORT = "/v1/admin/providers/export";

let service: TestService;
beforeEach(async () => {
  service = await startTestService();
});
afterEach(() => service.close());
afterAll(() => undefined);

const count = () => service.db.prepare("SELECT COUNT(*) FROM providers").pluck().get() as number;
const snapshot = () => service.db.prepare("SELECT slug, record FROM providers ORDER BY slug").all();

function importJson(records: unknown, options: SignOptions = {}) {
  return service.json(IMPORT, {
    method: "POST",
    user: ADMIN,
    contentType: "application/json",
    body: JSON.stringify(records),
    ...options,
  });
}
function importCsv(csv: string | Buffer, options: SignOptions = {}) {
  return service.json(IMPORT, {
    method: "POST",
    user: ADMIN,
    contentType: "text/csv; charset=utf-8",
    body: csv,
    ...options,
  });
}
async function exportJson(): Promise<Provider[]> {
  const { status, body } = await service.json(EXPORT, { user: ADMIN });
  expect(status).toBe(200);
  return Provider.array().parse(body);
}
async function exportCsv(): Promise<{ bytes: Buffer; response: Response }> {
  const response = await service.request(`${EXPORT}?format=csv`, { user: ADMIN });
  expect(response.status).toBe(200);
  return { bytes: Buffer.from(await response.arrayBuffer()), response };
}

const richProvider = () =>
  makeProvider({
    slug: "cooperative-elan",
    name: "Coopérative Élan ; « libre »",
    headcount: null,
    coverage: { national: true, regions: ["53", "04"], departments: ["974", "2A"] },
    tools: ["Nextcloud", "Outil; avec point-virgule", "Chemin\\antislash"],
    memberships: ["CHATONS", "PANA"],
    description:
      '# Qui sommes-nous ?\n\nUne coopérative ; avec des "guillemets",\r\n des virgules, et des accents : été, Œuvre.\n\n- point 1\n- point 2\n',
    website: null,
    contact_email: null,
    example_projects: [
      {
        association: "Réseau Solidaire",
        summary: 'Migration ; "complète"\nsur deux lignes.',
        year: 2025,
      },
      { association: "Les Amis", summary: "Formation.", year: 2023 },
    ],
    vetting_tags: [
      {
        key: "references-verifiees",
        label: "Références vérifiées (3)",
        evidence: "3 questionnaires",
        verified_at: "2026-01-10T10:00:00Z",
        expires_at: null,
      },
      {
        key: "chatons",
        label: "Membre des CHATONS",
        evidence: "Liste publique",
        verified_at: "2026-02-01T08:30:00+01:00",
        expires_at: "2027-02-01T08:30:00+01:00",
      },
    ],
    status: "pending",
    created_at: "2025-05-01T09:00:00.000Z",
    updated_at: "2025-06-01T09:00:00.000Z",
  });

describe("who may import and export", () => {
  it("answers 401 to anonymous calls and 403 to non-admins, writing nothing", async () => {
    for (const user of [null, MEMBER, { ...MEMBER, moderator: true }]) {
      const expected = user === null ? [401, "authentication_required"] : [403, "forbidden"];
      const imported = await importJson([makeProvider()], { user });
      expect([imported.status, expectErrorShape(imported.body).code]).toEqual(expected);
      const exported = await service.json(EXPORT, { user });
      expect([exported.status, expectErrorShape(exported.body).code]).toEqual(expected);
      const csv = await service.json(`${EXPORT}?format=csv`, { user });
      expect(csv.status).toBe(expected[0]);
    }
    expect(count()).toBe(0);
  });
});

describe("JSON import", () => {
  it("creates then updates by slug and answers the counts", async () => {
    const first = await importJson([makeProvider({ slug: "a-1" }), makeProvider({ slug: "a-2" })]);
    expect(first.status).toBe(200);
    expect(ImportResponse.parse(first.body)).toEqual({ created: 2, updated: 0 });
    const second = await importJson([
      makeProvider({ slug: "a-2", name: "Renommé" }),
      makeProvider({ slug: "a-3" }),
    ]);
    expect(second.body).toEqual({ created: 1, updated: 1 });
    const exported = await exportJson();
    expect(exported.map((p) => p.slug)).toEqual(["a-1", "a-2", "a-3"]);
    expect(exported[1]!.name).toBe("Renommé");
  });

  it("sets timestamps when absent and keeps created_at on update", async () => {
    service.clock.now = Date.parse("2026-03-01T10:00:00Z");
    await importJson([makeProvider({ slug: "t-1" })]);
    service.clock.now = Date.parse("2026-04-01T10:00:00Z");
    await importJson([makeProvider({ slug: "t-1", name: "Nouveau nom" })]);
    const [provider] = await exportJson();
    expect(provider!.created_at).toBe("2026-03-01T10:00:00.000Z");
    expect(provider!.updated_at).toBe("2026-04-01T10:00:00.000Z");
  });

  it("accepts an empty array", async () => {
    expect((await importJson([])).body).toEqual({ created: 0, updated: 0 });
  });

  it("is all or nothing: one bad record and nothing is written, every error with row and field", async () => {
    await importJson([makeProvider({ slug: "existant", name: "Avant" })]);
    const before = snapshot();
    const records: unknown[] = [
      makeProvider({ slug: "ok-1" }),
      { ...makeProvider({ slug: "bad-2" }), support_kinds: ["inconnu"], website: "ftp://x" },
      makeProvider({ slug: "existant", name: "Après" }),
      {
        ...makeProvider({ slug: "bad-4" }),
        location: { city: "Rennes", department: "35", region: "11" },
      },
      { ...makeProvider({ slug: "BAD 5" }), unexpected: true },
      makeProvider({ slug: "ok-1" }),
      {
        ...makeProvider({ slug: "bad-7" }),
        example_projects: [{ association: "X", summary: "Y", year: 1900 }],
      },
      "not an object",
    ];
    const { status, body } = await importJson(records);
    expect(status).toBe(422);
    const error = expectErrorShape(body);
    expect(error.code).toBe("invalid_import");
    const found = error.details.map((d) => `${d.row}:${d.field}:${d.code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "2:support_kinds.0:unknown_taxonomy_key",
        "2:website:invalid_format",
        "4:location.region:region_mismatch",
        "5:slug:invalid_format",
        "6:slug:duplicate_slug",
        "7:example_projects.0.year:too_small",
        "8::invalid_type",
      ])
    );
    expect(error.details.some((d) => d.row === 1 || d.row === 3)).toBe(false);
    expect(snapshot()).toEqual(before);
  });

  it("refuses a JSON body that is not an array", async () => {
    const { status, body } = await importJson({ slug: "a" });
    expect(status).toBe(422);
    expect(expectErrorShape(body).details[0]!.code).toBe("expected_array");
    expect(count()).toBe(0);
  });
});

describe("CSV import", () => {
  const header =
    "slug;name;structure_type;location_city;location_department;location_region;status;support_kinds;tools;coverage_national";

  it("reads a minimal ';' file with list cells, accents and a BOM", async () => {
    const csv =
      "\uFEFF" +
      header +
      "\r\n" +
      'atelier-libre;Atelier Libre;association;Rennes;35;53;listed;"diagnostic;formation";"Nextcloud; YunoHost";oui\r\n' +
      "zebre;Zèbre Informatique;entreprise;Paris;75;11;pending;;;non\r\n";
    const { status, body } = await importCsv(csv);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({ created: 2, updated: 0 });
    const [atelier, zebre] = await exportJson();
    expect(atelier).toMatchObject({
      slug: "atelier-libre",
      support_kinds: ["diagnostic", "formation"],
      tools: ["Nextcloud", "YunoHost"],
      coverage: { national: true, regions: [], departments: [] },
      example_projects: [],
      headcount: null,
      website: null,
    });
    expect(zebre).toMatchObject({ name: "Zèbre Informatique", status: "pending", tools: [] });
  });

  it("also reads a ',' separated file", async () => {
    const csv =
      "slug,name,structure_type,location_city,location_department,location_region,status\nabc,ABC,association,Lyon,69,84,listed\n";
    expect((await importCsv(csv)).body).toEqual({ created: 1, updated: 0 });
  });

  it("reports every bad row with the CSV row number (header = row 1) and writes nothing", async () => {
    const csv =
      header +
      "\n" +
      "ok;OK;association;Rennes;35;53;listed;;;\n" +
      "bad;Bad;inconnu;Rennes;35;53;listed;;;peut-être\n" +
      "ok;Dup;association;Rennes;35;53;listed;;;\n" +
      "bad-status;X;association;Rennes;35;53;published;;;\n";
    const { status, body } = await importCsv(csv);
    expect(status).toBe(422);
    const details = expectErrorShape(body).details.map((d) => `${d.row}:${d.field}:${d.code}`);
    expect(details).toEqual(
      expect.arrayContaining([
        "3:structure_type:unknown_taxonomy_key",
        "3:coverage_national:invalid_boolean",
        "4:slug:duplicate_slug",
        "5:status:invalid_value",
      ])
    );
    expect(count()).toBe(0);
  });

  it("refuses unknown, duplicate and missing columns on row 1", async () => {
    const { status, body } = await importCsv("slug;nom;slug\nabc;ABC;abc\n");
    expect(status).toBe(422);
    const details = expectErrorShape(body).details;
    expect(details.every((d) => d.row === 1)).toBe(true);
    expect(details.map((d) => `${d.field}:${d.code}`)).toEqual(
      expect.arrayContaining([
        "nom:unknown_column",
        "slug:duplicate_column",
        "name:missing_column",
        "status:missing_column",
      ])
    );
  });

  it("refuses a malformed CSV, an empty file and a bad JSON cell", async () => {
    const unbalanced = await importCsv(header + '\nabc;"ABC;association\n');
    expect(unbalanced.status).toBe(422);
    expect(expectErrorShape(unbalanced.body).details[0]!.code).toBe("invalid_csv");
    const empty = await importCsv("");
    expect(expectErrorShape(empty.body).details[0]!.code).toBe("missing_header");
    const badJson = await importCsv(
      "slug;name;structure_type;location_city;location_department;location_region;status;example_projects\nabc;ABC;association;Lyon;69;84;listed;[{oops\n"
    );
    expect(expectErrorShape(badJson.body).details).toContainEqual(
      expect.objectContaining({ row: 2, field: "example_projects", code: "invalid_json" })
    );
    expect(count()).toBe(0);
  });
});

describe("export", () => {
  it("gives every provider, whatever its status, as JSON", async () => {
    await importJson([
      makeProvider({ slug: "bb", status: "draft" }),
      makeProvider({ slug: "aa", status: "listed" }),
      makeProvider({ slug: "cc", status: "suspended" }),
    ]);
    expect((await exportJson()).map((p) => `${p.slug}:${p.status}`)).toEqual([
      "aa:listed",
      "bb:draft",
      "cc:suspended",
    ]);
  });

  it("gives a CSV that opens cleanly in LibreOffice: UTF-8 BOM, ';' separator, the documented columns", async () => {
    await importJson([richProvider()]);
    const { bytes, response } = await exportCsv();
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(text.split("\r\n")[0]).toBe(CSV_COLUMNS.join(";"));
    expect(text).toContain("Coopérative Élan");
  });

  it("round-trips through JSON: export → import gives the same records back", async () => {
    await importJson([richProvider(), makeProvider({ slug: "simple" })]);
    const first = await exportJson();
    const reimport = await importJson(first);
    expect(reimport.body).toEqual({ created: 0, updated: 2 });
    expect(await exportJson()).toEqual(first);
    // And into an empty database.
    const other = await startTestService();
    try {
      await other.json(IMPORT, {
        method: "POST",
        user: ADMIN,
        contentType: "application/json",
        body: JSON.stringify(first),
      });
      const { body } = await other.json(EXPORT, { user: ADMIN });
      expect(body).toEqual(first);
    } finally {
      await other.close();
    }
  });

  it("round-trips through CSV: export → import → export is unchanged, records equal", async () => {
    await importJson([richProvider(), makeProvider({ slug: "simple", tools: [] })]);
    const json = await exportJson();
    const { bytes } = await exportCsv();
    const other = await startTestService();
    try {
      const imported = await other.json(IMPORT, {
        method: "POST",
        user: ADMIN,
        contentType: "text/csv",
        body: bytes,
      });
      expect(imported.status, JSON.stringify(imported.body)).toBe(200);
      expect(imported.body).toEqual({ created: 2, updated: 0 });
      expect((await other.json(EXPORT, { user: ADMIN })).body).toEqual(json);
      const again = Buffer.from(
        await (await other.request(`${EXPORT}?format=csv`, { user: ADMIN })).arrayBuffer()
      );
      expect(again.equals(bytes)).toBe(true);
    } finally {
      await other.close();
    }
  });
});
