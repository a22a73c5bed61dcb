// Reading an import request: a JSON array of provider records or a CSV file, checked
// record by record (schema, then taxonomy rules); every problem is reported with its row
// and field, and nothing is written unless the whole file is valid.
import { parse as parseCsv } from "csv-parse/sync";
import { checkCsvHeader, csvRowToCandidate, type CsvColumn } from "../domain/provider-csv.ts";
import { looseRuleInput, providerRuleErrors } from "../domain/provider-rules.ts";
import type { TaxonomyCatalog } from "../store/taxonomies.ts";
import { ProviderImportRecord, type ErrorDetail } from "../contract/index.ts";
import { ApiError, zodDetails } from "./errors.ts";

/** At most this many problems are reported (the first ones); the import fails all the same. */
const MAX_REPORTED_ERRORS = 500;

interface Candidate {
  row: number;
  value: unknown;
  readErrors: ErrorDetail[];
}

export type ImportFormat = "json" | "csv";

export function importFormatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/csv") return "csv";
  throw new ApiError(415, "unsupported_media_type", "send application/json or text/csv", [
    {
      field: "Content-Type",
      code: "unsupported_media_type",
      message: `got "${type || "nothing"}"`,
      params: { type },
    },
  ]);
}

function decodeUtf8(body: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    throw new ApiError(400, "invalid_encoding", "the body is not UTF-8 text");
  }
}

function jsonCandidates(text: string): Candidate[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "the request body is not valid JSON");
  }
  if (!Array.isArray(data)) {
    throw new ApiError(
      422,
      "invalid_import",
      "the import must be a JSON array of provider records",
      [{ field: "", code: "expected_array", message: "expected an array of provider records" }]
    );
  }
  return data.map((value, index) => ({ row: index + 1, value, readErrors: [] }));
}

function csvCandidates(text: string): Candidate[] {
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
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new ApiError(422, "invalid_import", "the CSV file could not be read", [
      {
        field: "",
        ...(line ? { row: line } : {}),
        code: "invalid_csv",
        message: error instanceof Error ? error.message : "malformed CSV",
      },
    ]);
  }
  const [header, ...dataRows] = rows;
  if (header === undefined) {
    throw new ApiError(422, "invalid_import", "the CSV file is empty", [
      { field: "", row: 1, code: "missing_header", message: "the first row must name the columns" },
    ]);
  }
  const columns = header.map((name) => name.trim());
  const headerCheck = checkCsvHeader(columns);
  if (!headerCheck.ok) {
    throw new ApiError(
      422,
      "invalid_import",
      "the CSV header is not valid",
      headerCheck.errors.map((e) => ({ ...e, row: 1 }))
    );
  }
  return dataRows.map((cells, index) => {
    const row = index + 2; // the header is row 1
    const record = Object.fromEntries(
      columns.map((column, i) => [column, cells[i] ?? ""])
    ) as Partial<Record<CsvColumn, string>>;
    const { candidate, errors } = csvRowToCandidate(record);
    return { row, value: candidate, readErrors: errors.map((e) => ({ ...e, row })) };
  });
}

/** Parses and validates the whole body; throws a 4xx ApiError listing every problem. */
export function readImport(
  body: Uint8Array,
  contentType: string | undefined,
  catalog: TaxonomyCatalog
): ProviderImportRecord[] {
  const format = importFormatOf(contentType);
  const text = decodeUtf8(body);
  const candidates = format === "json" ? jsonCandidates(text) : csvCandidates(text);
  const errors: ErrorDetail[] = [];
  const records: ProviderImportRecord[] = [];
  const rowOfSlug = new Map<string, number>();
  for (const { row, value, readErrors } of candidates) {
    errors.push(...readErrors);
    const parsed = ProviderImportRecord.safeParse(value);
    if (!parsed.success) {
      const schemaErrors = zodDetails(parsed.error, row);
      const fields = new Set(schemaErrors.map((e) => e.field));
      const ruleErrors = providerRuleErrors(
        looseRuleInput(value),
        catalog.known,
        catalog.geography.regionOf
      )
        .filter((e) => !fields.has(e.field))
        .map((e) => ({ ...e, row }));
      errors.push(...schemaErrors, ...ruleErrors);
      continue;
    }
    const record = parsed.data;
    errors.push(
      ...providerRuleErrors(record, catalog.known, catalog.geography.regionOf).map((e) => ({
        ...e,
        row,
      }))
    );
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
  }
  if (errors.length > 0) {
    throw new ApiError(
      422,
      "invalid_import",
      `the import has ${errors.length} problem(s); nothing was imported`,
      errors.slice(0, MAX_REPORTED_ERRORS)
    );
  }
  return records;
}
