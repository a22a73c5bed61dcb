// The review's pure rules: each red flag with one case that raises it and one that does
// not; criteria; tags derived from accepted references and decisions, with their expiry;
// which action fits which state.
import { describe, expect, it } from "vitest";
import type { ReferenceView, RedFlagCode, StructureDraft } from "../src/contract/index.ts";
import { applicationCriteria, referenceCriteria, type ReviewedReference } from "../src/domain/criteria.ts";
import { redFlagsOf, type OtherApplications, type RedFlagSettings } from "../src/domain/red-flags.ts";
import { actionFitsReference, actionFitsState, allowedActions } from "../src/domain/review-actions.ts";
import { addMonths, deriveTags, liveTags } from "../src/domain/vetting-tags.ts";
import { ApplicationState, ReviewActionName } from "../src/contract/index.ts";
import { refereeDataDue, type RetainedReference } from "../src/domain/referee-retention.ts";

const SETTINGS: RedFlagSettings & { validityMonths: number } = {
  periodToleranceMonths: 3,
  longestProjectMonths: 60,
  fastAnswerSeconds: 120,
  validityMonths: 24,
};
const STRUCTURE: StructureDraft = {
  name: "Élan",
  website: "https://www.elan-coop.example.org/",
  contact_email: "contact@elan-coop.example.org",
};
const NONE: OtherApplications = { providersByRefereeEmail: new Map(), providersByAssociationNumber: new Map() };

function ref(overrides: Partial<ReferenceView> = {}): ReferenceView {
  return {
    id: 1,
    association_name: "Les Amis",
    association_number: "W751234567",
    referee_name: "Alex",
    referee_email: "alex@lesamis.example.net",
    project_summary: "Migration.",
    period: { start: "2025-01", end: "2025-06" },
    support_kinds: ["diagnostic", "migration"],
    state: "answered",
    invited_at: "2026-11-01T10:00:00.000Z",
    expires_at: "2026-11-22T10:00:00.000Z",
    reminders_sent: 0,
    answered_at: "2026-11-02T10:00:00.000Z",
    declined_at: null,
    organisation_confirmation: null,
    answer: {
      project_happened: true,
      period: { start: "2025-01", end: "2025-06" },
      phases: ["diagnostic", "migration"],
      satisfaction: 5,
      would_recommend: true,
      comment: "",
      consent_retention: true,
    },
    decline_reason: null,
    referee_group: overrides.id ?? 1,
    personal_data_erased_at: null,
    ...overrides,
  };
}
const answer = (a: Partial<NonNullable<ReferenceView["answer"]>>) => ({ ...ref().answer!, ...a });

const codes = (r: ReferenceView, structure = STRUCTURE, others = NONE) =>
  redFlagsOf(structure, [r], others, SETTINGS).map((flag) => flag.code);

const CASES: [RedFlagCode, string, () => RedFlagCode[], () => RedFlagCode[]][] = [
  [
    "referee_on_provider_domain",
    "the referee writes from the provider's website domain",
    () => codes(ref({ referee_email: "amie@elan-coop.example.org" })),
    () => codes(ref({ referee_email: "amie@elan-coop-voisine.example.org" })),
  ],
  [
    "referee_on_provider_domain",
    "the contact's domain counts, but not a shared webmail",
    () => codes(ref({ referee_email: "a@monasso.example.fr" }), { contact_email: "x@monasso.example.fr" }),
    () => codes(ref({ referee_email: "a@gmail.com" }), { contact_email: "x@gmail.com" }),
  ],
  [
    "referee_is_applicant",
    "the referee is the structure's own contact address",
    () => codes(ref({ referee_email: "contact@elan-coop.example.org" })),
    () => codes(ref({ referee_email: "contact@lesamis.example.net" })),
  ],
  [
    "referee_shared",
    "the same referee is named by another provider",
    () => codes(ref(), STRUCTURE, { ...NONE, providersByRefereeEmail: new Map([["alex@lesamis.example.net", ["Autre Coop"]]]) }),
    () => codes(ref(), STRUCTURE, { ...NONE, providersByRefereeEmail: new Map([["sam@lesamis.example.net", ["Autre Coop"]]]) }),
  ],
  [
    "association_number_shared",
    "the same association number is declared by another provider",
    () => codes(ref(), STRUCTURE, { ...NONE, providersByAssociationNumber: new Map([["W751234567", ["Autre Coop"]]]) }),
    () => codes(ref(), STRUCTURE, { ...NONE, providersByAssociationNumber: new Map([["W759999999", ["Autre Coop"]]]) }),
  ],
  [
    "phases_not_confirmed",
    "a kind of support claimed but not confirmed",
    () => codes(ref({ answer: answer({ phases: ["diagnostic"] }) })),
    () => codes(ref()),
  ],
  [
    "project_denied",
    "the referee says the project did not happen",
    () => codes(ref({ answer: answer({ project_happened: false, period: null, phases: [] }) })),
    () => codes(ref()),
  ],
  [
    "period_differs",
    "the referee gives another period (beyond three months)",
    () => codes(ref({ answer: answer({ period: { start: "2023-01", end: "2023-04" } }) })),
    () => codes(ref({ answer: answer({ period: { start: "2025-02", end: "2025-08" } }) })),
  ],
  [
    "answered_too_fast",
    "an answer within seconds of the invitation",
    () => codes(ref({ answered_at: "2026-11-01T10:00:40.000Z" })),
    () => codes(ref({ answered_at: "2026-11-01T10:05:00.000Z" })),
  ],
  [
    "reference_declined",
    "the referee declined",
    () => codes(ref({ state: "declined", answer: null, answered_at: null })),
    () => codes(ref({ state: "invited", answer: null, answered_at: null })),
  ],
  [
    "reference_expired",
    "the questionnaire expired",
    () => codes(ref({ state: "expired", answer: null, answered_at: null })),
    () => codes(ref({ state: "reminded", answer: null, answered_at: null })),
  ],
];

describe("red flags", () => {
  for (const [code, title, raised, notRaised] of CASES) {
    it(`${code}: raised when ${title}, not otherwise`, () => {
      expect(raised()).toContain(code);
      expect(notRaised()).not.toContain(code);
    });
  }

  it("each flag says what to check, in French and English, with its parameters", () => {
    const [flag] = redFlagsOf(STRUCTURE, [ref({ referee_email: "amie@elan-coop.example.org" })], NONE, SETTINGS);
    expect(flag).toEqual({
      code: "referee_on_provider_domain",
      reference_id: 1,
      message_key: "js.emancipasso.review.flags.referee_on_provider_domain",
      params: { email: "amie@elan-coop.example.org", domain: "elan-coop.example.org", association: "Les Amis" },
      sentence: {
        fr: "L'adresse de la personne référente (amie@elan-coop.example.org) est sur le domaine du prestataire (elan-coop.example.org) : vérifiez qu'elle appartient bien à l'association Les Amis.",
        en: "The referee's address (amie@elan-coop.example.org) is on the provider's own domain (elan-coop.example.org): check that it really belongs to the association Les Amis.",
      },
    });
  });

  it("an erased referee raises no address flag, the association's number still does", () => {
    const erased = ref({ referee_name: null, referee_email: null, personal_data_erased_at: "2027-03-01T00:00:00.000Z" });
    const others: OtherApplications = {
      providersByRefereeEmail: new Map([["alex@lesamis.example.net", ["Autre Coop"]]]),
      providersByAssociationNumber: new Map([["W751234567", ["Autre Coop"]]]),
    };
    expect(codes(erased, { ...STRUCTURE, contact_email: "alex@lesamis.example.net" }, others)).toEqual(["association_number_shared"]);
  });

  it("the fast-answer threshold is a setting", () => {
    const r = ref({ answered_at: "2026-11-01T10:04:00.000Z" });
    expect(redFlagsOf(STRUCTURE, [r], NONE, SETTINGS).map((f) => f.code)).not.toContain("answered_too_fast");
    expect(redFlagsOf(STRUCTURE, [r], NONE, { ...SETTINGS, fastAnswerSeconds: 600 }).map((f) => f.code)).toContain("answered_too_fast");
  });
});

describe("criteria", () => {
  const status = (r: ReferenceView, month = "2026-11") =>
    Object.fromEntries(referenceCriteria(r, month, SETTINGS).map((c) => [c.code, c.status]));

  it("are unknown until the referee answers", () => {
    expect(status(ref({ state: "invited", answer: null, answered_at: null }))).toMatchObject({
      association_number_valid: "met",
      period_plausible: "unknown",
      project_confirmed: "unknown",
      phases_confirmed: "unknown",
      satisfied: "unknown",
      would_recommend: "unknown",
      organisation_confirmed: "unknown",
    });
  });

  it("follow the answer, the association number and ProConnect", () => {
    expect(
      status(
        ref({
          association_number: "732829321",
          answer: answer({ satisfaction: 2, would_recommend: false, phases: ["diagnostic"] }),
          organisation_confirmation: { status: "mismatch", siret: "55210055400013", organisation_name: null, at: "2026-11-02T10:00:00.000Z" },
        })
      )
    ).toMatchObject({
      association_number_valid: "not_met",
      phases_confirmed: "not_met",
      satisfied: "not_met",
      would_recommend: "not_met",
      organisation_confirmed: "not_met",
    });
    expect(
      status(ref({ organisation_confirmation: { status: "confirmed", siret: "73282932000074", organisation_name: "Les Amis", at: "2026-11-02T10:00:00.000Z" } }))
        .organisation_confirmed
    ).toBe("met");
  });

  it("find a project longer than five years, or one still running, implausible", () => {
    expect(status(ref({ period: { start: "2015-01", end: "2025-06" } })).period_plausible).toBe("not_met");
    expect(status(ref({ period: { start: "2026-10", end: "2026-12" } })).period_plausible).toBe("not_met");
  });

  it("sum up per application; enough_references needs two accepted confirming references", () => {
    const accepted = { decision: "accepted" as const, by: "modo", at: "2026-11-03T10:00:00.000Z", reason: null };
    const refs: ReviewedReference[] = [
      { ...ref({ id: 1 }), decision: accepted },
      { ...ref({ id: 2, answer: answer({ satisfaction: 3 }) }), decision: null },
    ];
    const criteria = applicationCriteria(refs, "2026-11", SETTINGS);
    expect(criteria.find((c) => c.code === "satisfied")).toMatchObject({ status: "not_met", met: 1, not_met: 1 });
    expect(criteria.find((c) => c.code === "enough_references")).toMatchObject({ status: "not_met", params: { counted: 1 } });
    refs[1]!.decision = accepted;
    expect(applicationCriteria(refs, "2026-11", SETTINGS).at(-1)!.status).toBe("met");
  });
});

describe("vetting tags", () => {
  const at = (day: number) => `2026-11-${String(day).padStart(2, "0")}T10:00:00.000Z`;
  const accepted = (id: number, day: number, phases: string[], by = "modo"): ReviewedReference => ({
    ...ref({
      id,
      referee_email: `r${id}@asso${id}.example.net`,
      support_kinds: ["diagnostic", "deploiement", "formation", "migration"],
      answer: answer({ phases }),
    }),
    decision: { decision: "accepted", by, at: at(day), reason: null },
  });
  const label = (key: string) => ({ diagnostic: "Diagnostic numérique", deploiement: "Déploiement / paramétrage", formation: "Formation des utilisateur·ices" })[key] ?? key;
  const NOW = Date.parse("2026-11-20T00:00:00Z");

  it("count only answered, confirming references a moderator accepted, and say what they rest on", () => {
    const refused: ReviewedReference = { ...accepted(3, 5, ["migration"]), decision: { decision: "refused", by: "modo", at: at(5), reason: "doute" } };
    const pending: ReviewedReference = { ...accepted(4, 5, ["migration"]), decision: null };
    const denied: ReviewedReference = { ...accepted(5, 5, []), answer: answer({ project_happened: false, period: null, phases: [] }) };
    const tags = deriveTags(
      [accepted(1, 3, ["diagnostic", "deploiement"]), accepted(2, 4, ["formation", "diagnostic"], "modo2"), refused, pending, denied],
      [],
      null,
      label,
      SETTINGS,
      NOW
    );
    expect(tags.map((t) => [t.key, t.label, t.basis.reference_ids])).toEqual([
      ["references-verifiees", "Références vérifiées (2)", [1, 2]],
      ["accompagnement-complet", "Accompagnement complet", [1, 2]],
      ["confirme-deploiement", "Confirmé : Déploiement / paramétrage", [1]],
      ["confirme-diagnostic", "Confirmé : Diagnostic numérique", [1, 2]],
      ["confirme-formation", "Confirmé : Formation des utilisateur·ices", [2]],
    ]);
    expect(tags[0]).toMatchObject({
      verified_at: at(4),
      expires_at: "2028-11-04T10:00:00.000Z",
      expired: false,
      basis: { kind: "references", decided_by: ["modo", "modo2"], decision_id: null },
    });
  });

  it("need diagnostic, deployment and training all confirmed for 'accompagnement complet'", () => {
    const tags = deriveTags([accepted(1, 3, ["diagnostic", "deploiement"])], [], null, label, SETTINGS, NOW);
    expect(tags.map((t) => t.key)).not.toContain("accompagnement-complet");
  });

  it("carry manual memberships with the decision they rest on, and the hand vetting of an import until references count", () => {
    const manual = [{ key: "membre-chatons" as const, granted_by: "modo", granted_at: at(1), reason: "Liste CHATONS consultée.", decision_id: 7 }];
    const hand = { decided_at: "2024-05-01T00:00:00.000Z", decided_by: "equipe" };
    const before = deriveTags([], manual, hand, label, SETTINGS, NOW);
    expect(before.map((t) => [t.key, t.basis.kind, t.basis.decision_id])).toEqual([
      ["membre-chatons", "manual", 7],
      ["verifie-avant-annuaire", "import", null],
    ]);
    expect(before[1]!.label).toBe("Vérifié avant l'annuaire en ligne");
    const after = deriveTags([accepted(1, 3, ["diagnostic"]), accepted(2, 3, ["diagnostic"])], manual, hand, label, SETTINGS, NOW);
    expect(after.map((t) => t.key)).not.toContain("verifie-avant-annuaire");
  });

  it("count a referee sent again once, with the latest decision's date", () => {
    const again = { ...accepted(9, 19, ["diagnostic"]), referee_email: "r1@asso1.example.net", referee_group: 1 };
    const tags = deriveTags([accepted(1, 3, ["diagnostic"]), again], [], null, label, SETTINGS, NOW);
    expect(tags[0]).toMatchObject({ label: "Références vérifiées (1)", verified_at: at(19), basis: { reference_ids: [9] } });
  });

  it("still count a referee sent again once after their address was erased", () => {
    const erased = { referee_name: null, referee_email: null, personal_data_erased_at: at(18) };
    const first = { ...accepted(1, 3, ["diagnostic"]), ...erased };
    const again = { ...accepted(9, 19, ["diagnostic"]), referee_email: "r1@asso1.example.net", referee_group: 1 };
    const other = { ...accepted(4, 5, ["diagnostic"]), ...erased };
    const tags = deriveTags([first, again, other], [], null, label, SETTINGS, NOW);
    expect(tags[0]).toMatchObject({ label: "Références vérifiées (2)", basis: { reference_ids: [4, 9] } });
  });

  it("expire after the configured months, and leave the live list then", () => {
    expect(addMonths("2026-01-31T10:00:00.000Z", 1)).toBe("2026-02-28T10:00:00.000Z");
    const tags = deriveTags([accepted(1, 3, ["diagnostic"])], [], null, label, { ...SETTINGS, validityMonths: 6 }, NOW);
    expect(tags[0]!.expires_at).toBe("2027-05-03T10:00:00.000Z");
    expect(liveTags(tags, Date.parse("2027-05-03T09:59:59Z")).length).toBe(tags.length);
    expect(liveTags(tags, Date.parse("2027-05-03T10:00:00Z"))).toEqual([]);
  });
});

describe("which action fits which state", () => {
  it("decisions follow the application's state machine; the others need it under vetting", () => {
    const table = Object.fromEntries(ApplicationState.options.map((state) => [state, allowedActions(state, ReviewActionName.options)]));
    expect(table).toEqual({
      draft: [],
      submitted: [],
      references_pending: ["accept_reference", "refuse_reference", "resend_questionnaire", "cancel_questionnaire"],
      in_review: ["approve", "reject", "request_changes", "accept_reference", "refuse_reference", "grant_tag", "revoke_tag", "resend_questionnaire", "cancel_questionnaire"],
      changes_requested: [],
      listed: ["suspend", "accept_reference", "refuse_reference", "grant_tag", "revoke_tag", "resend_questionnaire", "cancel_questionnaire"],
      rejected: ["reopen", "revoke_tag"],
      suspended: ["reopen", "revoke_tag"],
    });
    expect(actionFitsState("approve", "listed")).toBe(false);
  });

  it("a reference is accepted or refused once answered, re-sent unless answered, cancelled while open", () => {
    expect(actionFitsReference("accept_reference", "answered")).toBe(true);
    expect(actionFitsReference("accept_reference", "invited")).toBe(false);
    expect(actionFitsReference("resend_questionnaire", "declined")).toBe(true);
    expect(actionFitsReference("resend_questionnaire", "answered")).toBe(false);
    expect(actionFitsReference("cancel_questionnaire", "reminded")).toBe(true);
    expect(actionFitsReference("cancel_questionnaire", "expired")).toBe(false);
  });
});

describe("how long a referee's personal data is kept", () => {
  const DAY = 24 * 3600 * 1000;
  const DECIDED = Date.parse("2027-01-10T10:00:00Z");
  const base = (id: number, overrides: Partial<RetainedReference> = {}): RetainedReference => ({
    id,
    group: id,
    state: "answered",
    closedAtMs: DECIDED - 20 * DAY,
    decidedAtMs: DECIDED - 5 * DAY,
    accepted: true,
    consented: false,
    erased: false,
    ...overrides,
  });
  const due = (state: ApplicationState, refs: RetainedReference[], days: number, after = 90) =>
    refereeDataDue({ state, decidedAtMs: DECIDED }, refs, after, DECIDED + days * DAY);

  it("keeps everything while the application is written or reviewed", () => {
    for (const state of ["draft", "submitted", "references_pending", "in_review", "changes_requested"] as const)
      expect(due(state, [base(1), base(2, { state: "invited", closedAtMs: null })], 10_000)).toEqual([]);
  });

  it("erases every referee of a rejected or suspended application once the period after the decision is over", () => {
    const refs = [base(1), base(2, { state: "declined", accepted: false, decidedAtMs: null }), base(3, { state: "invited", closedAtMs: null, decidedAtMs: null })];
    for (const state of ["rejected", "suspended"] as const) {
      expect(due(state, refs, 89.99)).toEqual([]);
      expect(due(state, refs, 90)).toEqual([1, 2, 3]);
      expect(due(state, refs, 30, 30)).toEqual([1, 2, 3]);
    }
    // A consent to keep the address holds only while the provider is listed.
    expect(due("rejected", [base(1, { consented: true })], 90)).toEqual([1]);
  });

  it("counts from the latest of the decision, the answer and the moderator's decision on the reference", () => {
    expect(due("rejected", [base(1, { closedAtMs: DECIDED + 10 * DAY })], 99)).toEqual([]);
    expect(due("rejected", [base(1, { closedAtMs: DECIDED + 10 * DAY })], 100)).toEqual([1]);
    expect(due("rejected", [base(1, { decidedAtMs: DECIDED + 3 * DAY })], 92)).toEqual([]);
  });

  it("keeps, while listed, the latest accepted answer of each referee who consented; no open questionnaire is touched", () => {
    const refs = [
      base(1, { consented: true }),
      base(2, { consented: false }),
      base(3, { consented: true, accepted: false }),
      // Referee 4 was asked again (re-verification): 5 is their latest answer, accepted, consenting.
      base(4, { consented: true }),
      base(5, { group: 4, consented: true, closedAtMs: DECIDED + 400 * DAY, decidedAtMs: DECIDED + 401 * DAY }),
      // Referee 6 was asked again and has not answered yet.
      base(6, { consented: true }),
      base(7, { group: 6, state: "reminded", closedAtMs: null, decidedAtMs: null, accepted: false }),
    ];
    expect(due("listed", refs, 89)).toEqual([]);
    expect(due("listed", refs, 90)).toEqual([2, 3, 4]);
    expect(due("listed", refs, 5000)).toEqual([2, 3, 4]);
  });

  it("leaves out what is already erased: a second purge finds nothing", () => {
    const refs = [base(1, { erased: true }), base(2)];
    expect(due("rejected", refs, 90)).toEqual([2]);
    expect(due("rejected", refs.map((r) => ({ ...r, erased: true })), 90)).toEqual([]);
  });
});
