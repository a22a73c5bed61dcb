// The split plan as a CSV file that opens cleanly in LibreOffice Calc and Excel: UTF-8 with
// a BOM (so accents survive), ";" between cells (what a French spreadsheet expects),
// CRLF line ends, exact integer cents in one column (summable), the euro amount in
// another, and names protected from being read as formulas.
import { stringify } from "csv-stringify/sync";
import { spreadsheetEuros } from "./money.ts";
import { protectCell } from "./provider-csv.ts";

export interface SplitCsvLine {
  association: string | null;
  pledgedCents: number;
  owedCents: number;
}

const HEADERS = {
  fr: [
    "Association",
    "Engagement (centimes)",
    "Part due (centimes)",
    "Engagement",
    "Part due",
    "Prestataire",
  ],
  en: ["Association", "Pledged (cents)", "Owed (cents)", "Pledged", "Owed", "Provider"],
} as const;

const ANONYMOUS = { fr: "Association anonyme", en: "Anonymous association" } as const;
const TOTAL = { fr: "Total", en: "Total" } as const;

export function splitPlanCsv(
  lines: readonly SplitCsvLine[],
  provider: string | null,
  locale: "fr" | "en"
): string {
  const rows: string[][] = [[...HEADERS[locale]]];
  let pledged = 0;
  let owed = 0;
  for (const line of lines) {
    pledged += line.pledgedCents;
    owed += line.owedCents;
    rows.push([
      protectCell(line.association ?? ANONYMOUS[locale]),
      String(line.pledgedCents),
      String(line.owedCents),
      spreadsheetEuros(line.pledgedCents),
      spreadsheetEuros(line.owedCents),
      protectCell(provider ?? ""),
    ]);
  }
  rows.push([
    TOTAL[locale],
    String(pledged),
    String(owed),
    spreadsheetEuros(pledged),
    spreadsheetEuros(owed),
    protectCell(provider ?? ""),
  ]);
  return (
    "\uFEFF" + stringify(rows, { delimiter: ";", record_delimiter: "\r\n", quoted_string: false })
  );
}
