// Import rules: a file of provider records (JSON array or CSV) read and checked record by
// record (size limits, schema, taxonomy rules, unique slugs). Pure: the known taxonomy
// keys are handed in, and the answer is a value, never an exception. Nothing is written
// unless the whole file is valid (the caller's job); every problem has its row and field.
import { parse as parseCsv } from "csv-parse/sync";
import { ProviderImportRecord, type ErrorDetail } from "../contract/index.ts";
import { IMPORT_BOUNDS, scanJsonBounds, valueBoundsErrors, type ImportBounds } from "./import-bounds.ts";
import {
  checkCsvHeader,
  csvRowToCandidate,
  CSV_COLUMNS,
  type CsvColumn,
} from "./provider-csv.ts";
import { looseRuleInput, providerRuleErrors, type KnownKeys } from "./provider-rules.ts";
import { zodDetails } from "./zod-details.ts";

/** At most this many problems are reported (the first ones); checking stops there. */
export const MAX_REPORTED_ERRORS = 500;

/** Longest CSV row in characters (every cell of a record at its longest fits). */
export const MAX_CSV_ROW_CHARS = 400_000;

export type ImportFormat = "json" | "csv";

/** What the rules need to know of the taxonomies. */
export interface ImportRules {
  known: KnownKeys;
  regionOf: ReadonlyMap<string, string>;
}

export type ImportFailureKind = "invalid_encoding" | "invalid_json" | "invalid_import";

export type ImportResult =
  | {
      ok: true;
      records: ProviderImportRecord[];
      /** The row of each record in the file (JSON: its 1-based position; CSV: header = row 1). */
      rows: number[];
    }
  | {
      ok: false;
      kind: ImportFailureKind;
      message: string;
      errors: ErrorDetail[];
      /** Checking stopped at MAX_REPORTED_ERRORS: the file may hold more problems. */
      truncated: boolean;
    };

interface Candidate {
  row: number;
  value: unknown;
  readErrors: ErrorDetail[];
}

type Candidates = { ok: true; candidates: Candidate[] } | Extract<ImportResult, { ok: false }>;

const failure = (
  kind: ImportFailureKind,
  message: string,
  errors: ErrorDetail[] = [],
  truncated = false
): Extract<ImportResult, { ok: false }> => ({ ok: false, kind, message, errors, truncated });

function decodeUtf8(body: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return null;
  }
}

function jsonCandidates(text: string, bounds: ImportBounds): Candidates {
  // Measured before parsing: JSON.parse of a file of a million empty records would
  // cost hundreds of megabytes before the first check.
  const boundErrors = scanJsonBounds(text, bounds, MAX_REPORTED_ERRORS);
  if (boundErrors.length > 0)
    return failure(
      "invalid_import",
      "the import is larger than the limits; nothing was imported",
      boundErrors,
      boundErrors.length >= MAX_REPORTED_ERRORS
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return failure("invalid_json", "the request body is not valid JSON");
  }
  if (!Array.isArray(data))
    return failure("invalid_import", "the import must be a JSON array of provider records", [
      { field: "", code: "expected_array", message: "expected an array of provider records" },
    ]);
  return {
    ok: true,
    candidates: data.map((value, index) => ({ row: index + 1, value, readErrors: [] })),
  };
}

function csvCandidates(text: string, bounds: ImportBounds): Candidates {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // Spreadsheets write ";" (French locale) or ","; the known header names hold neither.
  const delimiter = firstLine.includes(";") ? ";" : ",";
  let rows: string[][];
  try {
    rows = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: false,
      skip_empty_lines: true,
      max_record_size: MAX_CSV_ROW_CHARS,
      // The header, the records allowed, and one more to tell that there are too many.
      to: bounds.records + 2,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return failure("invalid_import", "the CSV file could not be read", [
      {
        field: "",
        ...(line ? { row: line } : {}),
        code: "invalid_csv",
        message: error instanceof Error ? error.message : "malformed CSV",
      },
    ]);
  }
  const [header, ...dataRows] = rows;
  if (header === undefined)
    return failure("invalid_import", "the CSV file is empty", [
      { field: "", row: 1, code: "missing_header", message: "the first row must name the columns" },
    ]);
  if (header.length > CSV_COLUMNS.length * 2)
    return failure("invalid_import", "the CSV header is not valid", [
      {
        field: "",
        row: 1,
        code: "too_big",
        message: `more than ${CSV_COLUMNS.length * 2} columns`,
        params: { maximum: CSV_COLUMNS.length * 2, origin: "columns" },
      },
    ]);
  const columns = header.map((name) => name.trim());
  const headerCheck = checkCsvHeader(columns);
  if (!headerCheck.ok)
    return failure(
      "invalid_import",
      "the CSV header is not valid",
      headerCheck.errors.map((e) => ({ ...e, row: 1 }))
    );
  if (dataRows.length > bounds.records)
    return failure("invalid_import", "the import is larger than the limits; nothing was imported", [
      {
        field: "",
        row: bounds.records + 2,
        code: "too_big",
        message: `more than ${bounds.records} records`,
        params: { maximum: bounds.records, origin: "records" },
      },
    ]);
  return {
    ok: true,
    candidates: dataRows.map((cells, index) => {
      const row = index + 2; // the header is row 1
      const record = Object.fromEntries(
        columns.map((column, i) => [column, cells[i] ?? ""])
      ) as Partial<Record<CsvColumn, string>>;
      const { candidate, errors } = csvRowToCandidate(record, bounds.items);
      return { row, value: candidate, readErrors: errors.map((e) => ({ ...e, row })) };
    }),
  };
}

/** Line breaks of multi-line text as "\n": spreadsheets rewrite "\r\n" inside cells. */
const oneLineBreak = (text: string) => text.replace(/\r\n?/g, "\n");

function normalised(record: ProviderImportRecord): ProviderImportRecord {
  return {
    ...record,
    description: oneLineBreak(record.description),
    example_projects: record.example_projects.map((p) => ({
      ...p,
      summary: oneLineBreak(p.summary),
    })),
    vetting_tags: record.vetting_tags.map((t) => ({ ...t, evidence: oneLineBreak(t.evidence) })),
  };
}

/**
 * Reads and checks a whole import file. Either every record, validated, or the problems
 * found (at most MAX_REPORTED_ERRORS; checking stops there).
 */
export function readImport(
  body: Uint8Array,
  format: ImportFormat,
  rules: ImportRules,
  bounds: ImportBounds = IMPORT_BOUNDS
): ImportResult {
  const text = decodeUtf8(body);
  if (text === null) return failure("invalid_encoding", "the body is not UTF-8 text");
  const read = format === "json" ? jsonCandidates(text, bounds) : csvCandidates(text, bounds);
  if (!read.ok) return read;

  const errors: ErrorDetail[] = [];
  const records: ProviderImportRecord[] = [];
  const recordRows: number[] = [];
  const rowOfSlug = new Map<string, number>();
  let truncated = false;
  for (const { row, value, readErrors } of read.candidates) {
    if (errors.length >= MAX_REPORTED_ERRORS) {
      truncated = true;
      break;
    }
    errors.push(...readErrors);
    // Lists and texts past the limits are reported as such, without validating the rest.
    const boundErrors = valueBoundsErrors(value, bounds, row, MAX_REPORTED_ERRORS);
    if (boundErrors.length > 0) {
      for (const e of boundErrors) errors.push(e);
      continue;
    }
    const parsed = ProviderImportRecord.safeParse(value);
    if (!parsed.success) {
      const schemaErrors = zodDetails(parsed.error, row);
      const fields = new Set(schemaErrors.map((e) => e.field));
      const ruleErrors = providerRuleErrors(looseRuleInput(value), rules.known, rules.regionOf)
        .filter((e) => !fields.has(e.field))
        .map((e) => ({ ...e, row }));
      for (const e of [...schemaErrors, ...ruleErrors]) errors.push(e);
      continue;
    }
    const record = normalised(parsed.data);
    for (const e of providerRuleErrors(record, rules.known, rules.regionOf))
      errors.push({ ...e, row });
    const firstRow = rowOfSlug.get(record.slug);
    if (firstRow !== undefined) {
      errors.push({
        row,
        field: "slug",
        code: "duplicate_slug",
        message: `slug "${record.slug}" already appears in row ${firstRow}`,
        params: { slug: record.slug, first_row: firstRow },
      });
    } else {
      rowOfSlug.set(record.slug, row);
    }
    records.push(record);
    recordRows.push(row);
  }
  if (errors.length > 0) {
    return failure(
      "invalid_import",
      truncated || errors.length > MAX_REPORTED_ERRORS
        ? `the import has more than ${MAX_REPORTED_ERRORS} problems; nothing was imported`
        : `the import has ${errors.length} problem(s); nothing was imported`,
      errors.slice(0, MAX_REPORTED_ERRORS),
      truncated || errors.length > MAX_REPORTED_ERRORS
    );
  }
  return { ok: true, records, rows: recordRows };
}
