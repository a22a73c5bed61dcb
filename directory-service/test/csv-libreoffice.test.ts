// The CSV export survives a spreadsheet: opened in LibreOffice Calc (headless, the real
// program), saved unchanged as CSV, it imports back to the same records: line breaks,
// accents, department and region codes ("01", "2A", "971"), booleans, dates, JSON cells
// and the formula guard included.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Provider } from "../src/contract/index.ts";
import { CSV_COLUMNS, type CsvColumn } from "../src/domain/provider-csv.ts";
import { makeProvider } from "./helpers/fixtures.ts";
import { convertWithLibreOffice, expectLibreOffice } from "./helpers/libreoffice.ts";
import { ADMIN, startTestService, type TestService } from "./helpers/service.ts";

/**
 * LibreOffice's CSV filter options (help: "CSV Filter Options"): ";" (59), '"' (34),
 * UTF-8 (76), from line 1, then one format per column, then the language (1036, French).
 * Free-text columns as Text (2), as the import dialog lets one choose; the columns of
 * numbers, codes and booleans left Standard (1), its default, so that LibreOffice does
 * what it does to them ("01" → 1, "true" → TRUE) and the import has to undo it.
 */
const STANDARD_COLUMNS = new Set<CsvColumn>([
  "headcount",
  "location_department",
  "location_region",
  "coverage_national",
  "coverage_regions",
  "coverage_departments",
]);
const columnFormats = CSV_COLUMNS.map(
  (column, i) => `${i + 1}/${STANDARD_COLUMNS.has(column) ? 1 : 2}`
).join("/");
const OPEN_OPTIONS = `Text - txt - csv (StarCalc):59,34,76,1,${columnFormats},1036`;
/** Saved as the "Keep current format" button does: the same separator, quote and charset. */
const SAVE_OPTIONS = "csv:Text - txt - csv (StarCalc):59,34,76,1";

const records = [
  makeProvider({
    slug: "cooperative-ain",
    name: '=HYPERLINK("https://example.org";"clic")',
    headcount: 0,
    location: { city: "Bourg-en-Bresse", department: "01", region: "84" },
    coverage: { national: false, regions: ["04"], departments: ["2A"] },
    tools: ["-moins", "Outil; avec point-virgule", "@arobase"],
    memberships: ["+plus"],
    description:
      "# Qui sommes-nous ?\n\nUne coopérative « libre » : été, Œuvre, ß.\n\n- point 1\n- point 2\n",
    example_projects: [
      { association: "Réseau ; Solidaire", summary: 'Migration "complète"\nsur deux lignes.', year: 2025 },
    ],
    vetting_tags: [
      {
        key: "chatons",
        label: "Membre des CHATONS",
        evidence: "Liste publique",
        verified_at: "2026-02-01T08:30:00+01:00",
        expires_at: null,
      },
    ],
    status: "pending",
    created_at: "2025-05-01T09:00:00.000Z",
    updated_at: "2025-06-01T09:00:00+02:00",
  }),
  makeProvider({
    slug: "corse-numerique",
    name: "Corse Numérique",
    headcount: null,
    location: { city: "Ajaccio", department: "2A", region: "94" },
    coverage: { national: true, regions: ["01", "02"], departments: ["971", "05"] },
    website: null,
    contact_email: null,
    example_projects: [],
    description: "Une ligne.\r\nPuis une autre, écrite sous Windows.",
  }),
];

let dir: string;
let first: TestService;
let second: TestService;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "directory-csv-libreoffice-"));
  first = await startTestService();
  second = await startTestService();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("CSV export opened and saved in LibreOffice Calc", () => {
  it("imports back to the same records", { timeout: 120_000 }, async () => {
    expectLibreOffice();
    const imported = await first.json("/v1/admin/providers/import", {
      method: "POST",
      user: ADMIN,
      contentType: "application/json",
      body: JSON.stringify(records),
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const expected = Provider.array().parse(
      (await first.json("/v1/admin/providers/export", { user: ADMIN })).body
    );
    const exported = await first.request("/v1/admin/providers/export?format=csv", { user: ADMIN });
    const input = join(dir, "prestataires.csv");
    writeFileSync(input, Buffer.from(await exported.arrayBuffer()));

    const saved = convertWithLibreOffice(input, dir, OPEN_OPTIONS, SAVE_OPTIONS);
    const savedText = saved.toString("utf8");
    // LibreOffice did rewrite the file (so the import really had to cope): the leading
    // zero of a Standard column dropped, a lone "04" read as the number 4, LF line ends.
    expect(savedText).toMatch(/;1;84;/);
    expect(savedText).toMatch(/;4;"2A";/);
    expect(savedText.includes("\r\n")).toBe(false);

    const reimported = await second.json("/v1/admin/providers/import", {
      method: "POST",
      user: ADMIN,
      contentType: "text/csv",
      body: saved,
    });
    expect(reimported.status, JSON.stringify(reimported.body)).toBe(200);
    expect(reimported.body).toEqual({ created: records.length, updated: 0 });
    expect((await second.json("/v1/admin/providers/export", { user: ADMIN })).body).toEqual(expected);
  });
});
