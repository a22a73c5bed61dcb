// The split plan's CSV opens cleanly in LibreOffice Calc (headless, the real program): a
// campaign funded through signed HTTP on a real SQLite file (accented association names, one
// with a comma, an anonymous pledger, amounts above a thousand euros, a listed provider's
// quote chosen), its CSV downloaded as a French member gets it and as an English one does,
// each opened with the import options a user's dialog has for it in that language, and every
// cell read back with its type: names as text, exactly as written; cents as whole numbers;
// euro amounts as numbers exact to the cent; the total equal to the chosen quote.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActingUser, SplitPlan } from "../src/contract/index.ts";
import {
  AUTHOR,
  MODERATOR,
  STRANGER,
  campaignPath,
  campaignRequest,
  member,
  read,
  write,
} from "./helpers/cofunding.ts";
import {
  convertWithLibreOffice,
  expectLibreOffice,
  fodsRows,
  type SheetCell,
} from "./helpers/libreoffice.ts";
import { listedProviderWithTeam } from "./helpers/review.ts";
import { ADMIN, startTestService, type TestService } from "./helpers/service.ts";

/**
 * LibreOffice's CSV filter options (help: "CSV Filter Options"), as the import dialog offers
 * them for this file: ";" (59), '"' (34), UTF-8 (76), from line 1, every column Standard
 * (the dialog's default: Calc reads numbers where it can), French (1036).
 */
const OPEN_OPTIONS = "Text - txt - csv (StarCalc):59,34,76,1,,1036";
/** The same dialog for an English (United States) user: "," (44), English (1033). */
const OPEN_OPTIONS_EN = "Text - txt - csv (StarCalc):44,34,76,1,,1033";

const PLEDGES = [
  { user: member(801), association: "Éducation & Loisirs — Île-de-France", anonymous: false, cents: 123_456 },
  { user: member(802), association: "Les Jardins Secrets", anonymous: true, cents: 100_001 },
  { user: member(803), association: "Café-Théâtre « L'Étincelle », Lyon", anonymous: false, cents: 33_334 },
];
const QUOTE_CENTS = 246_913;

let dir: string;
let service: TestService;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "split-plan-libreoffice-"));
  service = await startTestService();
});
afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** "1234.56" for 123 456 cents: the decimal a number cell holds when exact to the cent. */
const decimal = (cents: number) => String(cents / 100);

function expectNumber(cell: SheetCell | undefined, value: string, where: string) {
  expect(cell, where).toBeDefined();
  expect({ type: cell!.type, value: cell!.value }, where).toEqual({ type: "float", value });
}

interface Funded {
  topic: number;
  slug: string;
  owedBy: Map<string | null, SplitPlan["lines"][number]>;
}

let funded: Funded | undefined;
/** A campaign funded through signed HTTP, once for both languages: its topic, provider and plan. */
async function fundedCampaign(): Promise<Funded> {
  if (funded) return funded;
  const owner = member(810, { username: "gerante-oeuvres-libres" });
  const slug = await listedProviderWithTeam(service, ADMIN, owner, "Coopérative des Œuvres Libres");
  const topic = (
    await write(service, "POST", "/v1/cofunding/campaigns", AUTHOR, campaignRequest(service, { target_cents: 300_000, min_pledge_cents: 100 }))
  ).body.topic_id;
  for (const pledge of PLEDGES) {
    const answer = await write(service, "PUT", campaignPath(topic, "/pledges/mine"), pledge.user, {
      association: pledge.association,
      anonymous: pledge.anonymous,
      amount_cents: pledge.cents,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }
  const quoted = await write(service, "POST", campaignPath(topic, "/quotes"), owner, {
    provider_slug: slug,
    amount_cents: QUOTE_CENTS,
    delay_days: 90,
    deliverables: "Le développement, ses tests et sa documentation.",
    licence: "AGPL-3.0-or-later",
  });
  expect(quoted.status, JSON.stringify(quoted.body)).toBe(201);
  const chosen = await write(service, "POST", campaignPath(topic, `/quotes/${quoted.body.quotes[0]!.id}/choose`), AUTHOR);
  expect(chosen.body.status).toBe("funded");

  // What each line owes, from the plan itself (a moderator sees every name).
  const plan = (await read<SplitPlan>(service, campaignPath(topic, "/split-plan"), MODERATOR)).body;
  expect(plan.due_cents).toBe(QUOTE_CENTS);
  funded = { topic, slug, owedBy: new Map(plan.lines.map((line) => [line.association, line])) };
  return funded;
}

/** The CSV as `reader` downloads it, opened in Calc with `options`: its rows, cells typed. */
async function openedInCalc(topic: number, reader: ActingUser, name: string, options: string): Promise<SheetCell[][]> {
  const csv = await service.request(campaignPath(topic, "/split-plan?format=csv"), { user: reader });
  expect(csv.status).toBe(200);
  const input = join(dir, name);
  writeFileSync(input, Buffer.from(await csv.arrayBuffer()));
  return fodsRows(convertWithLibreOffice(input, dir, options, "fods").toString("utf8"));
}

/** Every row read back: names as text, cents and euros as numbers exact to the cent, the total the quote. */
function expectPlan(rows: SheetCell[][], { slug, owedBy }: Funded, words: { headers: string[]; anonymous: string; total: string }) {
  expect(rows.map((row) => row.length)).toEqual([6, 6, 6, 6, 6]);
  expect(rows[0]!.map((cell) => [cell.type, cell.text])).toEqual(words.headers.map((text) => ["string", text]));
  const body = rows.slice(1, -1);
  // The anonymous pledger is named as such; every other name as written, as text.
  const shown = (p: (typeof PLEDGES)[number]) => (p.anonymous ? words.anonymous : p.association);
  expect(body.map((row) => [row[0]!.type, row[0]!.text]).sort()).toEqual(PLEDGES.map((p) => ["string", shown(p)]).sort());
  let owedSum = 0;
  for (const row of body) {
    const name = row[0]!.text;
    const pledge = PLEDGES.find((p) => shown(p) === name)!;
    const line = owedBy.get(pledge.association)!;
    expect(line.pledged_cents).toBe(pledge.cents);
    expectNumber(row[1], String(pledge.cents), `${name}: pledged cents`);
    expectNumber(row[2], String(line.owed_cents), `${name}: owed cents`);
    expectNumber(row[3], decimal(pledge.cents), `${name}: pledged euros`);
    expectNumber(row[4], decimal(line.owed_cents), `${name}: owed euros`);
    expect([row[5]!.type, row[5]!.text]).toEqual(["string", slug]);
    owedSum += Number(row[2]!.value);
  }
  // 1 234,56 € pledged: a number Calc can sum, not text.
  const education = body.find((row) => row[0]!.text.startsWith("Éducation"))!;
  expect(education[3]!.value).toBe("1234.56");

  const total = rows.at(-1)!;
  expect([total[0]!.type, total[0]!.text]).toEqual(["string", words.total]);
  expectNumber(total[1], String(PLEDGES.reduce((sum, p) => sum + p.cents, 0)), "total pledged cents");
  expectNumber(total[2], String(QUOTE_CENTS), "total owed cents: the chosen quote");
  expectNumber(total[4], decimal(QUOTE_CENTS), "total owed euros: the chosen quote");
  expect(owedSum).toBe(QUOTE_CENTS);
}

describe("the split plan's CSV opened in LibreOffice Calc", () => {
  it("in French: reads back names, amounts exact to the cent and the quote's total", { timeout: 120_000 }, async () => {
    expectLibreOffice();
    const campaign = await fundedCampaign();
    const rows = await openedInCalc(campaign.topic, STRANGER, "plan-de-repartition.csv", OPEN_OPTIONS);
    expectPlan(rows, campaign, {
      headers: ["Association", "Engagement (centimes)", "Part due (centimes)", "Engagement", "Part due", "Prestataire"],
      anonymous: "Association anonyme",
      total: "Total",
    });
  });

  it("in English: the same, opened as an English spreadsheet opens a CSV", { timeout: 120_000 }, async () => {
    expectLibreOffice();
    const campaign = await fundedCampaign();
    const rows = await openedInCalc(campaign.topic, { ...STRANGER, locale: "en" }, "split-plan.csv", OPEN_OPTIONS_EN);
    expectPlan(rows, campaign, {
      headers: ["Association", "Pledged (cents)", "Owed (cents)", "Pledged (EUR)", "Owed (EUR)", "Provider"],
      anonymous: "Anonymous association",
      total: "Total",
    });
  });
});
