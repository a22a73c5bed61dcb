// The pure rules of vetting: association numbers, the two state machines, permissions,
// link and form tokens, the referee's answer, what is left to do.
import { describe, expect, it } from "vitest";
import { ApplicationState, ReferenceState, type ActingUser } from "../src/contract/index.ts";
import { normaliseAssociationNumber, parseAssociationNumber } from "../src/domain/association-number.ts";
import {
  checkCsrfToken,
  csrfKeyFrom,
  hashReferenceToken,
  issueCsrfToken,
  newReferenceToken,
  REFERENCE_TOKEN_PATTERN,
} from "../src/domain/reference-token.ts";
import { applicationPermission, listPermission } from "../src/domain/vetting-permissions.ts";
import { answerFromForm, todoOf } from "../src/domain/vetting-rules.ts";
import {
  APPLICATION_TRANSITIONS,
  REFERENCE_TRANSITIONS,
  applicationTransition,
  effectiveReferenceState,
  referenceTransition,
  type ApplicationAction,
  type ReferenceAction,
} from "../src/domain/vetting-states.ts";
import { MEMBER } from "./helpers/service.ts";

describe("association numbers", () => {
  it.each([
    ["W751234567", "rna"],
    ["W2A1002345", "rna"],
    ["W2B0012345", "rna"],
    ["w913001234", "rna"],
    ["W 751 234 567", "rna"],
    ["732829320", "siren"],
    ["552100554", "siren"],
    ["356000000", "siren"],
    ["732 829 320", "siren"],
    ["732.829.320", "siren"],
  ])("%s is a valid %s", (input, kind) => {
    const parsed = parseAssociationNumber(input);
    expect(parsed).toEqual({ ok: true, number: { kind, value: normaliseAssociationNumber(input) } });
  });

  it.each([
    ["W75123456", "invalid_rna"],
    ["W7512345678", "invalid_rna"],
    ["W75123456A", "invalid_rna"],
    ["W2C1234567", "invalid_rna"],
    ["W2A12345678", "invalid_rna"],
    ["WA21234567", "invalid_rna"],
    ["W", "invalid_rna"],
    ["732829321", "invalid_siren_check_digit"],
    ["552100555", "invalid_siren_check_digit"],
    ["123456789", "invalid_siren_check_digit"],
    ["73282932", "invalid_association_number"],
    ["7328293200", "invalid_association_number"],
    ["73282932000009", "invalid_association_number"],
    ["X751234567", "invalid_association_number"],
    ["", "invalid_association_number"],
    ["७३२८२९३२०", "invalid_association_number"],
  ])("%s is refused (%s)", (input, problem) => {
    expect(parseAssociationNumber(input)).toEqual({ ok: false, problem });
  });
});

describe("application state machine", () => {
  const expected: Record<ApplicationAction, Partial<Record<ApplicationState, ApplicationState>>> = {
    edit: { draft: "draft", changes_requested: "changes_requested" },
    submit: { draft: "submitted", changes_requested: "submitted" },
    invite_referees: { submitted: "references_pending" },
    references_settled: { submitted: "in_review", references_pending: "in_review" },
    request_changes: { in_review: "changes_requested" },
    approve: { in_review: "listed" },
    reject: { in_review: "rejected" },
    suspend: { listed: "suspended" },
    reopen: { rejected: "in_review", suspended: "in_review" },
  };

  it("has exactly these transitions; every other pair is refused with the state met", () => {
    expect(APPLICATION_TRANSITIONS).toEqual(expected);
    for (const action of Object.keys(expected) as ApplicationAction[]) {
      for (const state of ApplicationState.options) {
        const result = applicationTransition(state, action);
        const to = expected[action][state];
        if (to) expect(result).toEqual({ ok: true, from: state, to });
        else
          expect(result).toEqual({
            ok: false,
            refusal: { kind: "wrong_state", machine: "application", state, action },
          });
      }
    }
  });

  it("nothing leaves a listed application but a suspension", () => {
    const from = (state: ApplicationState) =>
      (Object.keys(expected) as ApplicationAction[]).filter((action) => applicationTransition(state, action).ok);
    expect(from("listed")).toEqual(["suspend"]);
    expect(from("references_pending")).toEqual(["references_settled"]);
  });
});

describe("reference state machine", () => {
  const expected: Record<ReferenceAction, Partial<Record<ReferenceState, ReferenceState>>> = {
    remind: { invited: "reminded", reminded: "reminded" },
    answer: { invited: "answered", reminded: "answered" },
    decline: { invited: "declined", reminded: "declined" },
    expire: { invited: "expired", reminded: "expired" },
    confirm_organisation: { invited: "invited", reminded: "reminded" },
  };

  it("has exactly these transitions; answered, declined and expired are final", () => {
    expect(REFERENCE_TRANSITIONS).toEqual(expected);
    for (const state of ["answered", "declined", "expired"] as const)
      for (const action of Object.keys(expected) as ReferenceAction[])
        expect(referenceTransition(state, action)).toEqual({
          ok: false,
          refusal: { kind: "wrong_state", machine: "reference", state, action },
        });
  });

  it("an open reference past its expiry is expired whatever was recorded", () => {
    expect(effectiveReferenceState("invited", 1000, 999)).toBe("invited");
    expect(effectiveReferenceState("invited", 1000, 1000)).toBe("expired");
    expect(effectiveReferenceState("reminded", 1000, 5000)).toBe("expired");
    expect(effectiveReferenceState("answered", 1000, 5000)).toBe("answered");
  });
});

describe("permissions", () => {
  const member: ActingUser = { ...MEMBER, id: 5 };
  const reviewer = (flags: Partial<ActingUser>): ActingUser => ({ ...MEMBER, id: 6, ...flags });

  it("anonymous: nothing; a stranger: not even that it exists; the team: everything", () => {
    for (const permission of ["read", "edit", "invite"] as const) {
      expect(applicationPermission(null, [5], permission)).toBe("sign_in");
      expect(applicationPermission({ ...member, id: 7 }, [5], permission)).toBe("not_found");
      expect(applicationPermission(member, [5], permission)).toBe("allowed");
    }
    expect(listPermission(null)).toBe("sign_in");
    expect(listPermission(member)).toBe("forbidden");
  });

  it("staff and directory moderators read everything and change nothing; the co-funding moderator is a member like others", () => {
    for (const flags of [{ admin: true }, { moderator: true }, { directory_moderator: true }]) {
      const user = reviewer(flags);
      expect(applicationPermission(user, [5], "read")).toBe("allowed");
      expect(applicationPermission(user, [5], "edit")).toBe("forbidden");
      expect(applicationPermission(user, [5], "invite")).toBe("forbidden");
      expect(listPermission(user)).toBe("allowed");
    }
    const cofunding = reviewer({ cofunding_moderator: true, trust_level: 4 });
    expect(applicationPermission(cofunding, [5], "read")).toBe("not_found");
    expect(listPermission(cofunding)).toBe("forbidden");
  });
});

describe("link and form tokens", () => {
  it("a link is 256 bits of the randomness handed in, base64url, and only its SHA-256 is stored", () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
    const token = newReferenceToken(() => bytes);
    expect(token).toBe(bytes.toString("base64url"));
    expect(token).toMatch(REFERENCE_TOKEN_PATTERN);
    expect(hashReferenceToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashReferenceToken(token)).not.toBe(hashReferenceToken(token.slice(0, -1) + "A"));
    expect(() => newReferenceToken(() => Buffer.alloc(16))).toThrow();
  });

  it("a form token is bound to one link, expires, and resists tampering", () => {
    const key = csrfKeyFrom("a-secret-of-the-service-0123456789abcdef");
    const hash = hashReferenceToken("a".repeat(43));
    const now = Date.UTC(2026, 0, 1);
    const token = issueCsrfToken(key, hash, now, 60);
    expect(checkCsrfToken(key, hash, token, now)).toBe("valid");
    expect(checkCsrfToken(key, hash, token, now + 60_000)).toBe("valid");
    expect(checkCsrfToken(key, hash, token, now + 61_000)).toBe("expired");
    expect(checkCsrfToken(key, hashReferenceToken("b".repeat(43)), token, now)).toBe("invalid");
    expect(checkCsrfToken(csrfKeyFrom("another-secret-0123456789abcdef0123"), hash, token, now)).toBe("invalid");
    const [expires, mac] = token.split(".");
    expect(checkCsrfToken(key, hash, `${Number(expires) + 1000}.${mac}`, now)).toBe("invalid");
    expect(checkCsrfToken(key, hash, "", now)).toBe("invalid");
    expect(checkCsrfToken(key, hash, `${expires}.${mac}x`, now)).toBe("invalid");
  });
});

describe("the referee's answer", () => {
  const form = {
    csrf: "x",
    project_happened: "yes" as const,
    period_start: "2025-01",
    period_end: "2025-03",
    phases: ["diagnostic", "diagnostic"],
    satisfaction: "4" as const,
    would_recommend: "no" as const,
    comment: "  Bien.  ",
  };

  it("reads the form into the recorded answer (phases once each, comment trimmed, consent off unless ticked)", () => {
    expect(answerFromForm(form, ["diagnostic", "formation"], "2026-11")).toEqual({
      ok: true,
      answer: {
        project_happened: true,
        period: { start: "2025-01", end: "2025-03" },
        phases: ["diagnostic"],
        satisfaction: 4,
        would_recommend: false,
        comment: "Bien.",
        consent_retention: false,
      },
    });
  });

  it("a project that did not happen needs nothing else and records nothing else", () => {
    expect(
      answerFromForm({ csrf: "x", project_happened: "no", phases: ["diagnostic"], comment: "", satisfaction: "5", consent_retention: "yes" }, [], "2026-11")
    ).toEqual({
      ok: true,
      answer: {
        project_happened: false,
        period: null,
        phases: [],
        satisfaction: null,
        would_recommend: null,
        comment: "",
        consent_retention: true,
      },
    });
  });

  it("names every problem of a project that happened", () => {
    const result = answerFromForm(
      { csrf: "x", project_happened: "yes", period_start: "2026-12", period_end: "2026-01", phases: ["formation"], comment: "" },
      ["diagnostic"],
      "2026-11"
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => `${error.field}:${error.code}`)).toEqual([
      "period_start:month_in_future",
      "period_end:period_reversed",
      "phases:phase_not_claimed",
      "satisfaction:required",
      "would_recommend:required",
    ]);
  });
});

describe("what is left to do", () => {
  it("follows the application from an empty draft to review", () => {
    expect(todoOf("draft", {}, [], [], []).map((item) => item.code)).toEqual([
      "complete_structure",
      "add_references",
    ]);
    expect(todoOf("draft", {}, [{}], [], [{ field: "references.0.period", code: "x", message: "" }])).toEqual([
      expect.objectContaining({ code: "complete_structure" }),
      { code: "add_references", params: { count: 1 } },
      { code: "fix_references" },
    ]);
    expect(todoOf("references_pending", {}, [], ["answered", "invited", "reminded"], [])).toEqual([
      { code: "wait_for_referees", params: { count: 2 } },
    ]);
    expect(todoOf("in_review", {}, [], [], [])).toEqual([{ code: "wait_for_review" }]);
    expect(todoOf("listed", {}, [], [], [])).toEqual([]);
  });
});
