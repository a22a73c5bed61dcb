// Co-funding rules: the state machine, money, the split plan (property-based), the CSV,
// and random pledge/withdraw sequences run on the real store against a simple model.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  availableTransitions,
  daysLeft,
  decideTransition,
  isDueToExpire,
} from "../src/domain/campaign-state.ts";
import { CofundingRefusal } from "../src/domain/cofunding-refusal.ts";
import { ConfigError, loadConfig } from "../src/config.ts";
import {
  amountProblems,
  DEFAULT_MAX_AMOUNT_CENTS,
  formatEurosFr,
  decimalEuros,
  spreadsheetEuros,
  sumCents,
} from "../src/domain/money.ts";
import { revealsMember, revealsPledger } from "../src/domain/pledges.ts";
import { splitPlan } from "../src/domain/split-plan.ts";
import { splitPlanCsv } from "../src/domain/split-plan-csv.ts";
import { CofundingStore } from "../src/store/cofunding.ts";
import type { Db } from "../src/store/database.ts";
import { openDirectory } from "../src/store/directory.ts";
import type { CampaignStatus, RequestedStatus } from "../src/contract/index.ts";

const STATES: CampaignStatus[] = [
  "draft",
  "open",
  "funded",
  "in_progress",
  "delivered",
  "closed",
  "expired",
  "cancelled",
];
const REQUESTED: RequestedStatus[] = ["open", "in_progress", "delivered", "closed", "cancelled"];

describe("campaign state machine", () => {
  it("allows exactly the documented edges for each role, and nothing to strangers", () => {
    const author = { author: true, moderator: false };
    const moderator = { author: false, moderator: true };
    const stranger = { author: false, moderator: false };
    const allowed = (role: typeof author) =>
      STATES.flatMap((from) =>
        REQUESTED.filter((to) => decideTransition(from, to, role, "raison").ok).map(
          (to) => `${from}>${to}`
        )
      );
    expect(allowed(author)).toEqual([
      "draft>open",
      "draft>cancelled",
      "open>cancelled",
      "funded>in_progress",
      "in_progress>delivered",
      "delivered>closed",
    ]);
    expect(allowed(moderator)).toEqual([
      "draft>cancelled",
      "open>cancelled",
      "funded>in_progress",
      "funded>cancelled",
      "in_progress>delivered",
      "in_progress>cancelled",
      "delivered>closed",
    ]);
    expect(allowed(stranger)).toEqual([]);
    for (const from of STATES)
      for (const to of REQUESTED)
        expect(decideTransition(from, to, stranger, "x")).toEqual({
          ok: false,
          reason: "forbidden",
        });
  });

  it("says conflict for a missing edge, forbidden for an edge of another role, and asks moderators why", () => {
    expect(
      decideTransition("closed", "open", { author: true, moderator: false }, undefined)
    ).toEqual({ ok: false, reason: "invalid_transition" });
    expect(
      decideTransition("funded", "cancelled", { author: true, moderator: false }, undefined)
    ).toEqual({ ok: false, reason: "forbidden" });
    expect(
      decideTransition("open", "cancelled", { author: false, moderator: true }, undefined)
    ).toEqual({ ok: false, reason: "reason_required" });
    expect(decideTransition("open", "cancelled", { author: false, moderator: true }, "  ")).toEqual(
      { ok: false, reason: "reason_required" }
    );
    expect(
      decideTransition("open", "cancelled", { author: true, moderator: true }, undefined)
    ).toEqual({ ok: true });
    expect(availableTransitions("funded", { author: true, moderator: true })).toEqual([
      "in_progress",
      "cancelled",
    ]);
    for (const terminal of ["closed", "expired", "cancelled"] as const)
      expect(availableTransitions(terminal, { author: true, moderator: true })).toEqual([]);
  });

  it("counts whole days left, rounded up, and expires only open campaigns at their deadline", () => {
    const day = 86_400_000;
    expect(daysLeft(10 * day, 0)).toBe(10);
    expect(daysLeft(10 * day, 1)).toBe(10);
    expect(daysLeft(10 * day + 1, 0)).toBe(11);
    expect(daysLeft(10 * day, 10 * day)).toBe(0);
    expect(daysLeft(10 * day, 20 * day)).toBe(0);
    expect(isDueToExpire("open", 100, 100)).toBe(true);
    expect(isDueToExpire("open", 100, 99)).toBe(false);
    for (const state of STATES.filter((s) => s !== "open"))
      expect(isDueToExpire(state, 100, 1000)).toBe(false);
  });
});

describe("money", () => {
  it("accepts positive whole cents within limits and refuses everything else", () => {
    expect(amountProblems("a", 1, { max: 10 })).toEqual([]);
    expect(amountProblems("a", 10, { min: 10, max: 10 })).toEqual([]);
    for (const bad of [0, -1, 1.5, 0.1, Number.NaN, Infinity, 2 ** 53, "5", null, undefined])
      expect(amountProblems("a", bad, { max: 2 ** 60 })[0]?.code).toBe("not_positive_integer");
    expect(amountProblems("a", 11, { max: 10 })[0]).toMatchObject({
      code: "too_big",
      params: { maximum: 10 },
    });
    expect(amountProblems("a", 9, { min: 10, max: 100 })[0]).toMatchObject({
      code: "too_small",
      params: { minimum: 10 },
    });
    expect(() => sumCents([1, 2.5])).toThrow(RangeError);
    expect(sumCents([1, 2, 3])).toBe(6);
  });

  it("formats cents as fr-FR euros exactly, even where floats would round", () => {
    expect(formatEurosFr(123_456_789)).toBe("1\u202f234\u202f567,89\u00a0€");
    expect(formatEurosFr(5)).toBe("0,05\u00a0€");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const digits = formatEurosFr(cents).replace(/\D/g, "");
        expect(BigInt(digits)).toBe(BigInt(cents));
      })
    );
  });

  it("writes cents as euros a French spreadsheet reads as a number: no thousands separator, exact", () => {
    expect(spreadsheetEuros(123_456)).toBe("1234,56\u00a0€");
    expect(spreadsheetEuros(5)).toBe("0,05\u00a0€");
    expect(spreadsheetEuros(100_000)).toBe("1000,00\u00a0€");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const text = spreadsheetEuros(cents);
        expect(text).toMatch(/^\d+,\d{2}\u00a0€$/);
        expect(BigInt(text.replace(/\D/g, ""))).toBe(BigInt(cents));
      })
    );
  });
});

describe("euros for an English spreadsheet", () => {
  it("writes cents with a decimal point, no thousands separator and no sign, exact", () => {
    expect(decimalEuros(123_456)).toBe("1234.56");
    expect(decimalEuros(5)).toBe("0.05");
    expect(decimalEuros(100_000)).toBe("1000.00");
    expect(decimalEuros(-250)).toBe("-2.50");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (cents) => {
        const text = decimalEuros(cents);
        expect(text).toMatch(/^\d+\.\d{2}$/);
        expect(BigInt(text.replace(".", ""))).toBe(BigInt(cents));
      })
    );
  });
});

describe("amount ceiling configuration", () => {
  const secret = { DIRECTORY_SHARED_SECRET: "s".repeat(40) };
  it("defaults to 1 000 000 € and reads COFUNDING_MAX_AMOUNT_CENTS", () => {
    expect(loadConfig(secret).cofundingMaxAmountCents).toBe(DEFAULT_MAX_AMOUNT_CENTS);
    expect(DEFAULT_MAX_AMOUNT_CENTS).toBe(100_000_000);
    expect(
      loadConfig({ ...secret, COFUNDING_MAX_AMOUNT_CENTS: "5000000" }).cofundingMaxAmountCents
    ).toBe(5_000_000);
    for (const bad of ["0", "-1", "12.5", "beaucoup", "1e300"])
      expect(() => loadConfig({ ...secret, COFUNDING_MAX_AMOUNT_CENTS: bad })).toThrow(ConfigError);
  });
});

describe("anonymity rules", () => {
  it("reveals an anonymous pledger only to themselves and moderators", () => {
    const pledge = { anonymous: true, userId: 7 };
    expect(revealsPledger(pledge, null)).toBe(false);
    expect(revealsPledger(pledge, { id: 8, moderator: false })).toBe(false);
    expect(revealsPledger(pledge, { id: 7, moderator: false })).toBe(true);
    expect(revealsPledger(pledge, { id: 8, moderator: true })).toBe(true);
    expect(revealsPledger({ anonymous: false, userId: 7 }, null)).toBe(true);
    expect(revealsMember({ userId: 7 }, { id: 8, moderator: false })).toBe(false);
  });
});

// Large amounts, and small ones where equal remainders (ties) are frequent.
const pledgesArb = fc.uniqueArray(
  fc.record({
    id: fc.integer({ min: 1, max: 1_000_000 }),
    pledgedCents: fc.oneof(
      fc.integer({ min: 1, max: 1_000_000_000 }),
      fc.integer({ min: 1, max: 4 })
    ),
  }),
  { minLength: 1, maxLength: 40, selector: (p) => p.id }
);
const planCase = pledgesArb.chain((pledges) => {
  const total = pledges.reduce((sum, p) => sum + p.pledgedCents, 0);
  return fc.tuple(
    fc.constant(pledges),
    fc.integer({ min: 1, max: total }),
    fc.infiniteStream(fc.nat())
  );
});

describe("split plan (property-based)", () => {
  it("adds up to the due amount exactly, nobody above their pledge, within a cent of the exact share", () => {
    fc.assert(
      fc.property(planCase, ([pledges, due]) => {
        const shares = splitPlan(due, pledges);
        const total = pledges.reduce((sum, p) => sum + BigInt(p.pledgedCents), 0n);
        expect(shares.reduce((sum, s) => sum + s.owedCents, 0)).toBe(due);
        for (const share of shares) {
          expect(Number.isSafeInteger(share.owedCents)).toBe(true);
          expect(share.owedCents).toBeGreaterThanOrEqual(0);
          expect(share.owedCents).toBeLessThanOrEqual(share.pledgedCents);
          // floor(exact) ≤ owed ≤ floor(exact) + 1
          const floor = (BigInt(due) * BigInt(share.pledgedCents)) / total;
          expect(
            BigInt(share.owedCents) - floor >= 0n && BigInt(share.owedCents) - floor <= 1n
          ).toBe(true);
        }
      }),
      { numRuns: 500 }
    );
  });

  it("does not depend on the order pledges are listed in", () => {
    fc.assert(
      fc.property(planCase, ([pledges, due, randomness]) => {
        const shuffled = [...pledges];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = randomness.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const byId = (shares: ReturnType<typeof splitPlan>) =>
          Object.fromEntries(shares.map((s) => [s.id, s.owedCents]));
        expect(byId(splitPlan(due, shuffled))).toEqual(byId(splitPlan(due, pledges)));
      }),
      { numRuns: 300 }
    );
  });

  it("owes everything pledged when the due amount equals the total, and refuses impossible plans", () => {
    fc.assert(
      fc.property(pledgesArb, (pledges) => {
        const total = pledges.reduce((sum, p) => sum + p.pledgedCents, 0);
        for (const share of splitPlan(total, pledges))
          expect(share.owedCents).toBe(share.pledgedCents);
        expect(() => splitPlan(total + 1, pledges)).toThrow(RangeError);
      })
    );
    expect(() =>
      splitPlan(10, [
        { id: 1, pledgedCents: 5 },
        { id: 1, pledgedCents: 5 },
      ])
    ).toThrow(/twice/);
    expect(() => splitPlan(0, [{ id: 1, pledgedCents: 5 }])).toThrow(RangeError);
    expect(() => splitPlan(1, [{ id: 1, pledgedCents: 0.5 }])).toThrow(RangeError);
  });

  it("breaks equal remainders by the smaller id", () => {
    expect(
      splitPlan(100, [
        { id: 2, pledgedCents: 100 },
        { id: 1, pledgedCents: 100 },
        { id: 3, pledgedCents: 100 },
      ]).map((s) => s.owedCents)
    ).toEqual([33, 34, 33]);
  });
});

describe("split plan CSV", () => {
  it("guards every cell that a spreadsheet would run as a formula", () => {
    const csv = splitPlanCsv(
      ["=1+1", "+33 6", "-2", "@SOMME", "\tTab", "Normale"].map((association, i) => ({
        association,
        pledgedCents: 100 + i,
        owedCents: 50,
      })),
      "=provider",
      "fr"
    );
    const names = csv
      .slice(1)
      .split("\r\n")
      .slice(1, 7)
      .map((row) => row.split(";")[0]!.replace(/^"|"$/g, ""));
    expect(names).toEqual(["'=1+1", "'+33 6", "'-2", "'@SOMME", "'\tTab", "Normale"]);
    expect(csv).toContain(";'=provider");
  });

  it("in English: ',' between cells, a name holding one quoted, euros with a decimal point", () => {
    const csv = splitPlanCsv(
      [
        { association: "Friends of the Park, Leeds", pledgedCents: 123_456, owedCents: 100_001 },
        { association: null, pledgedCents: 5, owedCents: 5 },
        { association: "=1+1", pledgedCents: 100, owedCents: 50 },
      ],
      "libre-code",
      "en"
    );
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "Association,Pledged (cents),Owed (cents),Pledged (EUR),Owed (EUR),Provider",
      '"Friends of the Park, Leeds",123456,100001,1234.56,1000.01,libre-code',
      "Anonymous association,5,5,0.05,0.05,libre-code",
      "'=1+1,100,50,1.00,0.50,libre-code",
      "Total,123561,100056,1235.61,1000.56,libre-code",
      "",
    ]);
  });
});

// ── Pledge and withdraw sequences against a model ────────────────────────────

let dir: string;
let db: Db;
let topic = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cofunding-model-"));
  db = openDirectory(join(dir, "model.sqlite"));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Command =
  | { kind: "pledge"; user: number; amount: number }
  | { kind: "withdraw"; user: number };
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant("pledge" as const),
    user: fc.integer({ min: 1, max: 6 }),
    amount: fc.integer({ min: 500, max: 40_000 }),
  }),
  fc.record({ kind: fc.constant("withdraw" as const), user: fc.integer({ min: 1, max: 6 }) })
);

describe("pledge and withdraw sequences (property-based, real store)", () => {
  it("keep the same totals, status and refusals as a simple model", () => {
    const NOW = Date.UTC(2026, 10, 23);
    const TARGET = 100_000;
    const MIN = 1_000;
    const store = new CofundingStore(db, {
      maxAmountCents: 1_000_000,
      isListedProvider: () => false,
      isProviderMember: () => false,
      isOnAProviderTeam: () => false,
    });
    const author = { id: 1_000, username: "auteur", moderator: false };
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 40 }), (commands) => {
        topic += 1;
        store.create(
          author,
          {
            topic_id: topic,
            status: "open",
            title: "t",
            need: "n",
            project: { name: "p", forge_url: "https://forge.example/p" },
            expected_outcome: "o",
            target_cents: TARGET,
            deadline_at: new Date(NOW + 86_400_000).toISOString(),
            min_pledge_cents: MIN,
            provider_slug: null,
          },
          NOW
        );
        const model = { funded: false, pledges: new Map<number, number>() };
        for (const command of commands) {
          const actor = { id: command.user, username: `u${command.user}`, moderator: false };
          let expected: string | null = null;
          if (model.funded) expected = "campaign_not_open";
          else if (command.kind === "pledge" && command.amount < MIN) expected = "invalid_amount";
          else if (command.kind === "withdraw" && !model.pledges.has(command.user))
            expected = "pledge_not_found";
          let refused: string | null = null;
          try {
            if (command.kind === "pledge")
              store.putPledge(
                actor,
                topic,
                {
                  association: "A",
                  anonymous: false,
                  amount_cents: command.amount,
                  in_kind: [],
                  note: null,
                },
                NOW
              );
            else store.withdrawPledge(actor, topic, NOW);
          } catch (error) {
            if (!(error instanceof CofundingRefusal)) throw error;
            refused = error.code;
          }
          expect(refused).toBe(expected);
          if (expected === null) {
            if (command.kind === "pledge") model.pledges.set(command.user, command.amount);
            else model.pledges.delete(command.user);
            const sum = [...model.pledges.values()].reduce((a, b) => a + b, 0);
            if (sum >= TARGET) model.funded = true;
          }
          const view = store.view(topic, null, NOW);
          expect(view.pledged_cents).toBe([...model.pledges.values()].reduce((a, b) => a + b, 0));
          expect(view.status).toBe(model.funded ? "funded" : "open");
        }
        const plan = store.splitPlan(topic, null);
        if (!model.funded) expect(plan).toBeNull();
        else {
          expect(plan!.lines.reduce((sum, line) => sum + line.owed_cents, 0)).toBe(TARGET);
          expect(plan!.lines.map((line) => line.pledged_cents).sort()).toEqual(
            [...model.pledges.values()].sort()
          );
        }
      }),
      { numRuns: 150 }
    );
  });
});
