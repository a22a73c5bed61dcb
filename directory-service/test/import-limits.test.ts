// Import limits: every size is bounded before the work it would cost, checking stops once
// the reported problems are full, and a bad file of any shape within the body limit
// answers 422 with its rows and fields, writing nothing.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IMPORT_MAX_RECORDS, ProviderImportRecord } from "../src/contract/index.ts";
import { IMPORT_BOUNDS, scanJsonBounds } from "../src/domain/import-bounds.ts";
import { MAX_REPORTED_ERRORS, readImport, type ImportRules } from "../src/domain/provider-import.ts";
import { CSV_COLUMNS } from "../src/domain/provider-csv.ts";
import { openDirectory } from "../src/store/directory.ts";
import { TaxonomyCatalog } from "../src/store/taxonomies.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { ADMIN, expectErrorShape, startTestService, type TestService } from "./helpers/service.ts";

const catalog = (() => {
  const db = openDirectory(":memory:");
  const taxonomies = new TaxonomyCatalog(db);
  db.close();
  return taxonomies;
})();
const rules: ImportRules = { known: catalog.known, regionOf: catalog.geography.regionOf };
const bytes = (text: string) => Buffer.from(text, "utf8");
const failureOf = (result: ReturnType<typeof readImport>) => {
  if (result.ok) throw new Error("expected the import to be refused");
  return result;
};
const at = (errors: { row?: number; field: string; code: string }[]) =>
  errors.map((e) => `${e.row ?? "-"}:${e.field}:${e.code}`);

/** `[{},{},…]` of about `size` bytes. */
const emptyRecords = (size: number) => `[${Array(Math.floor(size / 3)).fill("{}").join(",")}]`;

describe("limits derived from the contract", () => {
  it("are the schema's largest list and text, its nesting, and the record cap", () => {
    expect(IMPORT_BOUNDS).toEqual({
      records: IMPORT_MAX_RECORDS,
      items: 120, // coverage.departments
      textLength: 20000, // description
      keys: ProviderImportRecord.keyof().options.length * 2,
      depth: 4, // file → record → example_projects → project
    });
  });
});

describe("import rules on bad shapes (pure)", () => {
  it("refuses a file of more records than allowed at the first one too many, without parsing it", () => {
    const result = failureOf(readImport(bytes(emptyRecords(300_000)), "json", rules));
    expect(at(result.errors)).toEqual([`${IMPORT_MAX_RECORDS + 1}::too_big`]);
    expect(result.errors[0]!.params).toMatchObject({ maximum: IMPORT_MAX_RECORDS, origin: "records" });
  });

  it("stops checking once the reported problems are full", () => {
    const result = failureOf(readImport(bytes(emptyRecords(3 * IMPORT_MAX_RECORDS)), "json", rules));
    expect(result.errors).toHaveLength(MAX_REPORTED_ERRORS);
    expect(result.truncated).toBe(true);
    // An empty record has about fifteen problems: checking stopped after a few dozen records.
    expect(Math.max(...result.errors.map((e) => e.row!))).toBeLessThan(100);
    expect(result.message).toContain(`more than ${MAX_REPORTED_ERRORS}`);
  });

  it("reports a 200,000-item list with its row and field", () => {
    const record = { ...makeProvider(), modalities: Array(200_000).fill("inconnu") };
    const result = failureOf(
      readImport(bytes(JSON.stringify([makeProvider(), record])), "json", rules)
    );
    expect(at(result.errors)).toEqual(["2:modalities:too_big"]);
    expect(result.errors[0]!.params).toMatchObject({ maximum: 120, origin: "items" });
  });

  it("reports a text longer than any the contract allows, a deep nesting and too many keys", () => {
    const long = { ...makeProvider(), description: "é".repeat(20_001) };
    const deep = { ...makeProvider(), example_projects: [[[[[[["x"]]]]]]] };
    const keys = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    const result = failureOf(
      readImport(bytes(JSON.stringify([long, deep, keys])), "json", rules)
    );
    expect(at(result.errors)).toEqual([
      "1:description:too_big",
      "2:example_projects.0.0:too_deep",
      "3::too_big",
    ]);
  });

  it("counts escaped characters once and keeps a valid file valid", () => {
    // 19,000 characters written as 114,000 ("\u00e9" each).
    const text = JSON.stringify([makeProvider({ description: "é".repeat(19_000) })]).replace(
      /é/g,
      "\\u00e9"
    );
    expect(text.length).toBeGreaterThan(100_000);
    expect(scanJsonBounds(text, IMPORT_BOUNDS, 10)).toEqual([]);
    expect(readImport(bytes(text), "json", rules).ok).toBe(true);
  });

  it("bounds a CSV file: rows, columns, row length and list cells", () => {
    const header = "slug;name;structure_type;location_city;location_department;location_region;status;modalities";
    const row = (i: number, modalities = "sur-site") =>
      `p-${i};P ${i};association;Rennes;35;53;listed;${modalities}`;
    const many = [header, ...Array.from({ length: IMPORT_MAX_RECORDS + 10 }, (_, i) => row(i))];
    expect(at(failureOf(readImport(bytes(many.join("\n")), "csv", rules)).errors)).toEqual([
      `${IMPORT_MAX_RECORDS + 2}::too_big`,
    ]);

    const wide = Array(100_000).fill("x").join(";");
    expect(at(failureOf(readImport(bytes(wide + "\n"), "csv", rules)).errors)).toEqual([
      "1::too_big",
    ]);

    const longRow = `${header}\n${row(1)}${"a".repeat(500_000)}\n`;
    expect(at(failureOf(readImport(bytes(longRow), "csv", rules)).errors)).toEqual([
      "2::invalid_csv",
    ]);

    const longList = `${header}\n${row(1, Array(40_000).fill("sur-site").join(";").replace(/^/, '"') + '"')}\n`;
    const listErrors = failureOf(readImport(bytes(longList), "csv", rules)).errors;
    expect(at(listErrors)).toEqual(["2:modalities:too_big"]);
  });

  it("bounds a JSON cell of a CSV row", () => {
    const header = "slug;name;structure_type;location_city;location_department;location_region;status;example_projects";
    const cell = JSON.stringify(Array(50_000).fill(0)).replace(/"/g, '""');
    const csv = `${header}\np-1;P;association;Rennes;35;53;listed;"${cell}"\n`;
    expect(at(failureOf(readImport(bytes(csv), "csv", rules)).errors)).toEqual([
      "2:example_projects:too_big",
    ]);
  });
});

describe("bad shapes through the admin route", () => {
  let service: TestService;
  beforeEach(async () => {
    service = await startTestService({ maxBodyBytes: 2 * 1024 * 1024 });
    service.seed([makeProvider({ slug: "deja-la" })]);
  });
  afterEach(() => service.close());

  const snapshot = () =>
    service.db.prepare("SELECT slug, record, updated_at FROM providers ORDER BY slug").all();
  const post = (body: string, contentType = "application/json") =>
    service.json("/v1/admin/providers/import", { method: "POST", user: ADMIN, contentType, body });

  it("answers 422 with rows and fields to each bad shape, and writes nothing", async () => {
    const before = snapshot();
    const cases: [string, string, string[]][] = [
      ["1 MB of empty records", emptyRecords(1024 * 1024), [`${IMPORT_MAX_RECORDS + 1}::too_big`]],
      [
        "a 200,000-item list",
        JSON.stringify([{ ...makeProvider(), tools: Array(200_000).fill("x") }]),
        ["1:tools:too_big"],
      ],
      [
        "nesting 100,000 deep",
        `[{"slug":${"[".repeat(100_000)}${"]".repeat(100_000)}}]`,
        ["1:slug.0.0:too_deep"],
      ],
    ];
    for (const [name, body, expected] of cases) {
      const { status, body: answer } = await post(body);
      expect(status, name).toBe(422);
      const error = expectErrorShape(answer);
      expect(error.code, name).toBe("invalid_import");
      expect(at(error.details), name).toEqual(expected);
    }
    const full = await post(emptyRecords(3 * 1000));
    expect(full.status).toBe(422);
    expect(expectErrorShape(full.body).details).toHaveLength(MAX_REPORTED_ERRORS);
    const csvHeader = CSV_COLUMNS.join(";");
    const csv = await post(`${csvHeader}\n${'"x";'.repeat(200_000)}\n`, "text/csv");
    expect(csv.status).toBe(422);
    expect(expectErrorShape(csv.body).details[0]).toMatchObject({ row: 2, code: "invalid_csv" });
    expect(snapshot()).toEqual(before);
  });

  it("keeps answering searches afterwards", async () => {
    await post(emptyRecords(1024 * 1024));
    const search = await service.json<{ total: number }>("/v1/providers");
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(1);
  });
});
