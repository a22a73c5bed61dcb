// Criteria of vetting (docs/product.md, "Vetting"): verifiable facts about each reference
// and, summed up, about the application. Pure: the current month and the settings are
// handed in.
import type {
  ApplicationCriterion,
  Criterion,
  CriterionCode,
  ReferenceDecision,
  ReferenceView,
  YearMonth,
} from "../contract/index.ts";
import { parseAssociationNumber } from "./association-number.ts";
import { MIN_REFERENCES } from "./vetting-rules.ts";

export interface CriteriaSettings {
  /** Months the referee's period may differ from the claimed one at each end (default 3). */
  periodToleranceMonths: number;
  /** Longest plausible project, in months (default 60). */
  longestProjectMonths: number;
}

export const DEFAULT_CRITERIA_SETTINGS: CriteriaSettings = {
  periodToleranceMonths: 3,
  longestProjectMonths: 60,
};

/** Lowest satisfaction (out of 5) that meets the "satisfied" criterion. */
export const SATISFIED_FROM = 4;

/** A reference as a moderator reviews it: the referee's answer and the moderator's decision. */
export type ReviewedReference = ReferenceView & { decision: ReferenceDecision | null };

/** Months from a to b ("2025-01" → "2025-04" is 3). */
export function monthsBetween(a: YearMonth, b: YearMonth): number {
  const [ya, ma] = a.split("-").map(Number) as [number, number];
  const [yb, mb] = b.split("-").map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
}

/** The referee's period is the claimed one, give or take the tolerance at each end. */
export function periodMatches(reference: ReferenceView, settings: CriteriaSettings): boolean | null {
  const answered = reference.answer?.period;
  if (!reference.answer || !reference.answer.project_happened || !answered) return null;
  return (
    Math.abs(monthsBetween(reference.period.start, answered.start)) <= settings.periodToleranceMonths &&
    Math.abs(monthsBetween(reference.period.end, answered.end)) <= settings.periodToleranceMonths
  );
}

/** Answered, the project confirmed in the claimed period: what a moderator may accept. */
export function confirmsProject(reference: ReferenceView, settings: CriteriaSettings): boolean {
  return reference.state === "answered" && reference.answer?.project_happened === true && periodMatches(reference, settings) === true;
}

/** A reference counts when it confirms the project and a moderator accepted it. */
export function referenceCounts(reference: ReviewedReference, settings: CriteriaSettings): boolean {
  return confirmsProject(reference, settings) && reference.decision?.decision === "accepted";
}

const criterion = (code: CriterionCode, status: Criterion["status"], params: Criterion["params"] = {}): Criterion => ({
  code,
  status,
  params,
});

/** The criteria of one reference, in a fixed order. */
export function referenceCriteria(
  reference: ReferenceView,
  currentMonth: YearMonth,
  settings: CriteriaSettings
): Criterion[] {
  const answer = reference.answer;
  const answered = reference.state === "answered" && answer !== null;
  const number = parseAssociationNumber(reference.association_number);
  const length = monthsBetween(reference.period.start, reference.period.end);
  const claimedOk =
    reference.period.end <= currentMonth && length >= 0 && length <= settings.longestProjectMonths;
  const matches = periodMatches(reference, settings);
  const periodStatus = !claimedOk || matches === false ? "not_met" : matches === true ? "met" : "unknown";
  const confirmed = answered ? reference.support_kinds.filter((kind) => answer.phases.includes(kind)) : [];
  const organisation = reference.organisation_confirmation?.status;
  return [
    criterion("association_number_valid", number.ok ? "met" : "not_met", { number: reference.association_number }),
    criterion("period_plausible", periodStatus, {
      claimed: `${reference.period.start}/${reference.period.end}`,
      ...(answer?.period ? { answered: `${answer.period.start}/${answer.period.end}` } : {}),
    }),
    criterion(
      "project_confirmed",
      !answered ? "unknown" : confirmsProject(reference, settings) ? "met" : "not_met"
    ),
    criterion(
      "phases_confirmed",
      !answered ? "unknown" : confirmed.length === reference.support_kinds.length ? "met" : "not_met",
      { confirmed: confirmed.length, claimed: reference.support_kinds.length }
    ),
    criterion(
      "satisfied",
      !answered || answer.satisfaction === null ? "unknown" : answer.satisfaction >= SATISFIED_FROM ? "met" : "not_met",
      answered && answer.satisfaction !== null ? { satisfaction: answer.satisfaction } : {}
    ),
    criterion(
      "would_recommend",
      !answered || answer.would_recommend === null ? "unknown" : answer.would_recommend ? "met" : "not_met"
    ),
    criterion(
      "organisation_confirmed",
      organisation === "confirmed" ? "met" : organisation === "mismatch" ? "not_met" : "unknown"
    ),
  ];
}

/** The application's criteria: each reference criterion summed up, then enough_references. */
export function applicationCriteria(
  references: readonly ReviewedReference[],
  currentMonth: YearMonth,
  settings: CriteriaSettings
): ApplicationCriterion[] {
  const perReference = references.map((reference) => referenceCriteria(reference, currentMonth, settings));
  const codes = perReference[0]?.map((c) => c.code) ?? [];
  const summed: ApplicationCriterion[] = codes.map((code) => {
    const statuses = perReference.map((criteria) => criteria.find((c) => c.code === code)!.status);
    const met = statuses.filter((s) => s === "met").length;
    const notMet = statuses.filter((s) => s === "not_met").length;
    const unknown = statuses.length - met - notMet;
    return {
      code,
      status: notMet > 0 ? "not_met" : unknown > 0 ? "unknown" : "met",
      params: {},
      met,
      not_met: notMet,
      unknown,
    };
  });
  const counted = references.filter((reference) => referenceCounts(reference, settings)).length;
  summed.push({
    code: "enough_references",
    status: counted >= MIN_REFERENCES ? "met" : "not_met",
    params: { counted, minimum: MIN_REFERENCES },
    met: counted,
    not_met: 0,
    unknown: 0,
  });
  return summed;
}
