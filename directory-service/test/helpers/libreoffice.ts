// LibreOffice Calc, headless, as the CSV tests use it: a file opened with a CSV import filter
// option string (as a spreadsheet user's import dialog would), converted to another format,
// in a profile of its own; and the cells of a flat OpenDocument spreadsheet (.fods) read
// back with their type, as Calc holds them.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect } from "vitest";

export const SOFFICE = "/usr/bin/soffice";

/** Fails the test with a clear message when LibreOffice is not installed. */
export function expectLibreOffice(): void {
  expect(
    spawnSync(SOFFICE, ["--version"]).status,
    `${SOFFICE} is missing: scripts/test-service.sh installs libreoffice-calc-nogui`
  ).toBe(0);
}

/**
 * Opens `input` with the import filter options `infilter` ("Text - txt - csv (StarCalc):…")
 * and converts it (`convertTo`: "fods", or "csv:…" with export options) into `dir`/out;
 * answers the converted file's bytes. `dir` also holds the throw-away user profile.
 */
export function convertWithLibreOffice(
  input: string,
  dir: string,
  infilter: string,
  convertTo: string
): Buffer {
  const out = join(dir, "out");
  const converted = spawnSync(
    SOFFICE,
    [
      "--headless",
      "--norestore",
      `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
      `--infilter=${infilter}`,
      "--convert-to",
      convertTo,
      "--outdir",
      out,
      input,
    ],
    { encoding: "utf8", timeout: 100_000, env: { ...process.env, HOME: dir } }
  );
  expect(converted.status, converted.stderr).toBe(0);
  const extension = convertTo.split(":")[0]!;
  return readFileSync(join(out, `${basename(input, extname(input))}.${extension}`));
}

/** One cell as Calc holds it: its value type, its value (numbers), its text. */
export interface SheetCell {
  type: string | null;
  /** office:value as written (the number's exact decimal text), for numeric cells. */
  value: string | null;
  text: string;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function cellText(xml: string): string {
  return [...xml.matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)]
    .map(([, inner]) =>
      inner!
        .replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_, n: string | undefined) => " ".repeat(Number(n ?? 1)))
        .replace(/<[^>]+>/g, "")
        .replace(/&(lt|gt|amp|quot|apos);/g, (_, name: string) => ENTITIES[name]!)
    )
    .join("\n");
}

const attribute = (attributes: string, name: string): string | null =>
  new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? null;

/**
 * The rows of the first sheet of a .fods file, cells repeated as Calc repeats them, empty
 * trailing cells and rows left out.
 */
export function fodsRows(fods: string): SheetCell[][] {
  const table = /<table:table [\s\S]*?<\/table:table>/.exec(fods)?.[0] ?? "";
  const rows: SheetCell[][] = [];
  for (const [, rowAttributes, rowXml] of table.matchAll(
    /<table:table-row([^>]*)>([\s\S]*?)<\/table:table-row>/g
  )) {
    const cells: SheetCell[] = [];
    for (const [, attributes, inner] of rowXml!.matchAll(
      /<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g
    )) {
      const cell: SheetCell = {
        type: attribute(attributes!, "office:value-type"),
        value: attribute(attributes!, "office:value"),
        text: inner === undefined ? "" : cellText(inner),
      };
      const repeated = Number(attribute(attributes!, "table:number-columns-repeated") ?? 1);
      for (let i = 0; i < repeated; i++) cells.push(cell);
    }
    while (cells.length > 0 && cells.at(-1)!.type === null && cells.at(-1)!.text === "") cells.pop();
    const times = Number(attribute(rowAttributes!, "table:number-rows-repeated") ?? 1);
    if (cells.length > 0) for (let i = 0; i < times; i++) rows.push(cells);
  }
  return rows;
}
