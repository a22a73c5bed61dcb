// The split plan as a CSV file that opens cleanly in LibreOffice Calc and Excel, in the
// reader's language: UTF-8 with a BOM (so accents survive), CRLF line ends, exact integer
// cents in one column (summable), the euro amount in another, and names protected from
// being read as formulas. What separates cells and decimals follows what a spreadsheet in
// that language expects when it opens a CSV (docs/cofunding.md, "Split plan"):
// - French: ";" between cells, euros with a decimal comma and "€" ("1234,56 €");
// - English: "," between cells, euros with a decimal point and no sign ("1234.56", the
//   header says EUR), which an English spreadsheet reads as a number, not as text.
import { stringify } from "csv-stringify/sync";
import { decimalEuros, spreadsheetEuros } from "./money.ts";
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
  en: ["Association", "Pledged (cents)", "Owed (cents)", "Pledged (EUR)", "Owed (EUR)", "Provider"],
} as const;

const FORMAT = {
  fr: { delimiter: ";", euros: spreadsheetEuros },
  en: { delimiter: ",", euros: decimalEuros },
} as const;

const ANONYMOUS = { fr: "Association anonyme", en: "Anonymous association" } as const;
const TOTAL = { fr: "Total", en: "Total" } as const;

export function splitPlanCsv(
  lines: readonly SplitCsvLine[],
  provider: string | null,
  locale: "fr" | "en"
): string {
  const { delimiter, euros } = FORMAT[locale];
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
      euros(line.pledgedCents),
      euros(line.owedCents),
      protectCell(provider ?? ""),
    ]);
  }
  rows.push([
    TOTAL[locale],
    String(pledged),
    String(owed),
    euros(pledged),
    euros(owed),
    protectCell(provider ?? ""),
  ]);
  return (
    "\uFEFF" + stringify(rows, { delimiter, record_delimiter: "\r\n", quoted_string: false })
  );
}
