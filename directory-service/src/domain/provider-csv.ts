// Flat CSV form of a provider record, for spreadsheets (LibreOffice, the existing
// emancipasso.org list). One row per provider; the columns are:
//   - plain fields: slug, name, structure_type, headcount, description, website,
//     contact_email, status, created_at, updated_at (empty = null / absent);
//   - location_city, location_department, location_region;
//   - coverage_national ("true"/"false", also "oui"/"non", "vrai"/"faux", "1"/"0", in any
//     case), coverage_regions, coverage_departments (one-digit codes read as "0" + digit:
//     spreadsheets drop the leading zero of "01");
//   - list fields, items separated by ";" (a literal ";" or "\" inside an item is
//     written "\;" or "\\"): modalities, support_kinds, association_sizes, tools,
//     price_models, memberships, coverage_regions, coverage_departments;
//   - example_projects and vetting_tags: a JSON array in the cell (their items carry
//     long free text), empty = [].
//   - a cell that would start with = + - @ (a spreadsheet formula) or ' is written with
//     a leading ' so that spreadsheets show it as text; on import one leading ' is
//     removed from any cell.
// Pure: turns rows (column → cell text) into candidate records and back; validation of
// the candidates is the caller's job (zod schema + provider rules).
import { stringify } from "csv-stringify/sync";
import type { ErrorDetail, ProviderImportRecord } from "../contract/index.ts";

export const CSV_COLUMNS = [
  "slug",
  "name",
  "structure_type",
  "headcount",
  "location_city",
  "location_department",
  "location_region",
  "coverage_national",
  "coverage_regions",
  "coverage_departments",
  "modalities",
  "support_kinds",
  "association_sizes",
  "tools",
  "price_models",
  "description",
  "website",
  "contact_email",
  "example_projects",
  "memberships",
  "status",
  "vetting_tags",
  "created_at",
  "updated_at",
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns an import file must have; the others default to empty. */
export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = [
  "slug",
  "name",
  "structure_type",
  "location_city",
  "location_department",
  "location_region",
  "status",
];

const LIST_COLUMNS = new Set<CsvColumn>([
  "coverage_regions",
  "coverage_departments",
  "modalities",
  "support_kinds",
  "association_sizes",
  "tools",
  "price_models",
  "memberships",
]);

export function joinListCell(items: readonly string[]): string {
  return items.map((item) => item.replace(/\\/g, "\\\\").replace(/;/g, "\\;")).join(";");
}

/** The items of a list cell; past `maxItems` + 1 the rest is not read (the schema refuses the list). */
export function splitListCell(cell: string, maxItems = Infinity): string[] {
  const items: string[] = [];
  let current = "";
  for (let i = 0; i < cell.length && items.length <= maxItems; i++) {
    const char = cell[i]!;
    if (char === "\\" && i + 1 < cell.length) {
      current += cell[++i];
    } else if (char === ";") {
      items.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  if (items.length <= maxItems) items.push(current);
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/**
 * A region or department code as INSEE writes it: spreadsheets opening the file read
 * "01" as the number 1 and save it back as "1" (LibreOffice does unless the column is
 * set to Text), so a one-digit code gets its leading zero back.
 */
export function inseeCode(cell: string): string {
  return /^\d$/.test(cell) ? `0${cell}` : cell;
}

/** Leading characters spreadsheets read as a formula (plus the quote mark itself). */
const FORMULA_START = /^[=+\-@\t\r']/;

/** Keeps spreadsheets from running a cell as a formula ("=HYPERLINK(…)" in a provider's name). */
export function protectCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unprotectCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

export function recordToCsvRow(record: ProviderImportRecord): Record<CsvColumn, string> {
  const row = plainCsvRow(record);
  for (const column of CSV_COLUMNS) row[column] = protectCell(row[column]);
  return row;
}

function plainCsvRow(record: ProviderImportRecord): Record<CsvColumn, string> {
  return {
    slug: record.slug,
    name: record.name,
    structure_type: record.structure_type,
    headcount: record.headcount === null ? "" : String(record.headcount),
    location_city: record.location.city,
    location_department: record.location.department,
    location_region: record.location.region,
    coverage_national: record.coverage.national ? "true" : "false",
    coverage_regions: joinListCell(record.coverage.regions),
    coverage_departments: joinListCell(record.coverage.departments),
    modalities: joinListCell(record.modalities),
    support_kinds: joinListCell(record.support_kinds),
    association_sizes: joinListCell(record.association_sizes),
    tools: joinListCell(record.tools),
    price_models: joinListCell(record.price_models),
    description: record.description,
    website: record.website ?? "",
    contact_email: record.contact_email ?? "",
    example_projects:
      record.example_projects.length === 0 ? "" : JSON.stringify(record.example_projects),
    memberships: joinListCell(record.memberships),
    status: record.status,
    vetting_tags: record.vetting_tags.length === 0 ? "" : JSON.stringify(record.vetting_tags),
    created_at: record.created_at ?? "",
    updated_at: record.updated_at ?? "",
  };
}

export type CsvHeaderCheck = { ok: true } | { ok: false; errors: Omit<ErrorDetail, "row">[] };

/** The header row must name known columns, once each, and include the required ones. */
export function checkCsvHeader(header: readonly string[]): CsvHeaderCheck {
  const errors: Omit<ErrorDetail, "row">[] = [];
  const known = new Set<string>(CSV_COLUMNS);
  const seen = new Set<string>();
  for (const column of header) {
    if (!known.has(column)) {
      errors.push({
        field: column,
        code: "unknown_column",
        message: `unknown column "${column}"`,
        params: { column },
      });
    } else if (seen.has(column)) {
      errors.push({
        field: column,
        code: "duplicate_column",
        message: `column "${column}" appears twice`,
        params: { column },
      });
    }
    seen.add(column);
  }
  for (const column of REQUIRED_CSV_COLUMNS) {
    if (!seen.has(column)) {
      errors.push({
        field: column,
        code: "missing_column",
        message: `column "${column}" is required`,
        params: { column },
      });
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

const TRUE_WORDS = new Set(["true", "oui", "vrai", "1", "yes"]);
const FALSE_WORDS = new Set(["false", "non", "faux", "0", "no", ""]);

export interface CsvCandidate {
  /** Shaped like a ProviderImportRecord, still to be validated. */
  candidate: Record<string, unknown>;
  /** Cells that could not even be read (bad JSON, bad number, bad boolean). */
  errors: Omit<ErrorDetail, "row">[];
}

/** Reads one data row into a candidate record (lists read up to `maxItems` + 1 items). */
export function csvRowToCandidate(
  protectedRow: Partial<Record<CsvColumn, string>>,
  maxItems = Infinity
): CsvCandidate {
  const errors: Omit<ErrorDetail, "row">[] = [];
  const row: Partial<Record<CsvColumn, string>> = {};
  for (const column of CSV_COLUMNS) {
    const value = protectedRow[column];
    if (value !== undefined) row[column] = unprotectCell(value);
  }
  const cell = (column: CsvColumn) => (row[column] ?? "").trim();
  const optional = (column: CsvColumn) => (cell(column) === "" ? null : cell(column));
  const list = (column: CsvColumn) =>
    LIST_COLUMNS.has(column) ? splitListCell(row[column] ?? "", maxItems) : [];
  const json = (column: CsvColumn): unknown => {
    const text = cell(column);
    if (text === "") return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      errors.push({
        field: column,
        code: "invalid_json",
        message: `column "${column}" must hold a JSON array`,
      });
      return [];
    }
  };
  const headcountText = cell("headcount");
  let headcount: unknown = null;
  if (headcountText !== "") {
    headcount = /^-?\d+$/.test(headcountText) ? Number(headcountText) : headcountText;
  }
  const nationalText = cell("coverage_national").toLowerCase();
  let national: unknown = false;
  if (TRUE_WORDS.has(nationalText)) national = true;
  else if (!FALSE_WORDS.has(nationalText)) {
    errors.push({
      field: "coverage_national",
      code: "invalid_boolean",
      message: 'expected "true" or "false"',
    });
  }
  const candidate: Record<string, unknown> = {
    slug: cell("slug"),
    name: row.name ?? "",
    structure_type: cell("structure_type"),
    headcount,
    location: {
      city: cell("location_city"),
      department: inseeCode(cell("location_department")),
      region: inseeCode(cell("location_region")),
    },
    coverage: {
      national,
      regions: list("coverage_regions").map(inseeCode),
      departments: list("coverage_departments").map(inseeCode),
    },
    modalities: list("modalities"),
    support_kinds: list("support_kinds"),
    association_sizes: list("association_sizes"),
    tools: list("tools"),
    price_models: list("price_models"),
    // Kept byte for byte: Markdown is whitespace-sensitive.
    description: row.description ?? "",
    website: optional("website"),
    contact_email: optional("contact_email"),
    example_projects: json("example_projects"),
    memberships: list("memberships"),
    status: cell("status"),
    vetting_tags: json("vetting_tags"),
  };
  if (cell("created_at") !== "") candidate.created_at = cell("created_at");
  if (cell("updated_at") !== "") candidate.updated_at = cell("updated_at");
  return { candidate, errors };
}

/**
 * The CSV export: UTF-8 byte order mark, ";" separator and CRLF line ends, so that
 * LibreOffice and Excel in a French locale open it as columns without asking. Every cell
 * is quoted: a cell holding a bare line break ("\n", which is not the "\r\n" record
 * delimiter) must be, or a spreadsheet splits the row there; and with LibreOffice's
 * "Format quoted field as text" a quoted "01" stays "01".
 */
export function providersToCsv(records: readonly ProviderImportRecord[]): string {
  // The header names hold nothing to quote: left bare, as people write them.
  return (
    "\uFEFF" +
    CSV_COLUMNS.join(";") +
    "\r\n" +
    stringify(records.map(recordToCsvRow), {
      columns: [...CSV_COLUMNS],
      delimiter: ";",
      record_delimiter: "windows",
      quoted_string: true,
    })
  );
}
