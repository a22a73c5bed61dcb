// Rules of an application beyond its schema (docs/product.md, "Vetting"): association
// numbers, periods not in the future, known kinds of support, what is left to do, and the
// referee's answer read from the questionnaire form. Pure: the month of "now" and the
// known taxonomy keys are handed in.
import {
  ReferenceInput,
  StructureCard,
  type ApplicationState,
  type ErrorDetail,
  type QuestionnaireAnswer,
  type QuestionnaireForm,
  type ReferenceDraft,
  type ReferenceState,
  type StructureDraft,
  type TodoItem,
} from "../contract/index.ts";
import { parseAssociationNumber } from "./association-number.ts";
import { looseRuleInput, providerRuleErrors, type KnownKeys } from "./provider-rules.ts";

export type Detail = Omit<ErrorDetail, "row">;

/** Fewest references a submission needs. */
export const MIN_REFERENCES = 2;

const ASSOCIATION_NUMBER_MESSAGES = {
  invalid_rna: "an RNA number is W followed by 9 digits (2A or 2B for Corsica)",
  invalid_siren_check_digit: "this SIREN's check digit is wrong",
  invalid_association_number: "expected an RNA number (W + 9 characters) or a SIREN (9 digits)",
} as const;

/** "YYYY-MM" of a UTC instant. */
export function yearMonthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/** Problems of a reference (complete or draft) that its schema cannot see. */
export function referenceRuleErrors(
  reference: ReferenceDraft,
  prefix: string,
  currentMonth: string,
  supportKinds: ReadonlySet<string>
): Detail[] {
  const errors: Detail[] = [];
  if (reference.association_number !== undefined) {
    const parsed = parseAssociationNumber(reference.association_number);
    if (!parsed.ok)
      errors.push({
        field: `${prefix}association_number`,
        code: parsed.problem,
        message: ASSOCIATION_NUMBER_MESSAGES[parsed.problem],
      });
  }
  if (reference.period !== undefined) {
    for (const end of ["start", "end"] as const) {
      if (reference.period[end] > currentMonth)
        errors.push({
          field: `${prefix}period.${end}`,
          code: "month_in_future",
          message: "the project cannot be dated in the future",
          params: { maximum: currentMonth },
        });
    }
  }
  (reference.support_kinds ?? []).forEach((key, index) => {
    if (!supportKinds.has(key))
      errors.push({
        field: `${prefix}support_kinds.${index}`,
        code: "unknown_taxonomy_key",
        message: `"${key}" is not a known support_kinds key`,
        params: { taxonomy: "support_kinds", key },
      });
  });
  return errors;
}

/** Taxonomy and location rules of the (possibly partial) structure card. */
export function structureRuleErrors(
  structure: StructureDraft,
  known: KnownKeys,
  regionOf: ReadonlyMap<string, string>
): Detail[] {
  const present = looseRuleInput(structure);
  return providerRuleErrors(present, known, regionOf)
    .filter((error) => {
      // A missing location is incompleteness, reported at submission, not a rule error.
      if (structure.location === undefined && error.field.startsWith("location")) return false;
      return true;
    })
    .map((error) => ({ ...error, field: `structure.${error.field}` }));
}

/** Fields of the card still missing (top-level names, in card order). */
export function missingStructureFields(structure: StructureDraft): string[] {
  return StructureCard.keyof().options.filter((key) => structure[key] === undefined);
}

/** Problems keeping a draft from being submitted (schema of complete records + rules). */
export function submissionErrors(
  structure: StructureDraft,
  references: readonly ReferenceDraft[],
  currentMonth: string,
  known: KnownKeys,
  regionOf: ReadonlyMap<string, string>
): Detail[] {
  const errors: Detail[] = [];
  for (const field of missingStructureFields(structure))
    errors.push({ field: `structure.${field}`, code: "required", message: "required to submit" });
  errors.push(...structureRuleErrors(structure, known, regionOf));
  if (references.length < MIN_REFERENCES)
    errors.push({
      field: "references",
      code: "too_few_references",
      message: `at least ${MIN_REFERENCES} references are needed`,
      params: { minimum: MIN_REFERENCES },
    });
  references.forEach((reference, index) => {
    const complete = ReferenceInput.safeParse(reference);
    if (!complete.success)
      for (const issue of complete.error.issues)
        errors.push({
          field: [`references`, index, ...issue.path].map(String).join("."),
          code: issue.code === "invalid_type" ? "required" : issue.code,
          message: issue.message,
        });
    errors.push(
      ...referenceRuleErrors(reference, `references.${index}.`, currentMonth, known.support_kinds)
    );
  });
  const emails = new Map<string, number>();
  references.forEach((reference, index) => {
    const email = reference.referee_email?.toLowerCase();
    if (email === undefined) return;
    if (emails.has(email))
      errors.push({
        field: `references.${index}.referee_email`,
        code: "duplicate_referee",
        message: "each reference needs its own referee",
      });
    emails.set(email, index);
  });
  return errors;
}

/** What is left for the applicant to do, in order. */
export function todoOf(
  state: ApplicationState,
  structure: StructureDraft,
  references: readonly ReferenceDraft[],
  referenceStates: readonly ReferenceState[],
  draftErrors: readonly Detail[]
): TodoItem[] {
  if (state === "draft" || state === "changes_requested") {
    const todo: TodoItem[] = [];
    if (state === "changes_requested") todo.push({ code: "address_changes" });
    const missing = missingStructureFields(structure);
    if (missing.length > 0)
      todo.push({ code: "complete_structure", params: { fields: missing.join(",") } });
    if (references.length < MIN_REFERENCES)
      todo.push({ code: "add_references", params: { count: MIN_REFERENCES - references.length } });
    if (draftErrors.some((error) => error.field.startsWith("references.")))
      todo.push({ code: "fix_references" });
    if (todo.every((item) => item.code === "address_changes")) todo.push({ code: "submit" });
    return todo;
  }
  if (state === "submitted" || state === "references_pending") {
    const open = referenceStates.filter((s) => s === "invited" || s === "reminded").length;
    return [{ code: "wait_for_referees", params: { count: open } }];
  }
  if (state === "in_review") return [{ code: "wait_for_review" }];
  return [];
}

/**
 * The answer read from the questionnaire form, or the problems of each field. The phases
 * must come from the kinds of support the provider claimed for this reference.
 */
export function answerFromForm(
  form: QuestionnaireForm,
  claimedKinds: readonly string[],
  currentMonth: string
): { ok: true; answer: QuestionnaireAnswer } | { ok: false; errors: Detail[] } {
  const errors: Detail[] = [];
  const happened = form.project_happened === "yes";
  let period: QuestionnaireAnswer["period"] = null;
  if (happened) {
    const start = form.period_start ?? "";
    const end = form.period_end ?? "";
    if (start === "") errors.push({ field: "period_start", code: "required", message: "required" });
    if (end === "") errors.push({ field: "period_end", code: "required", message: "required" });
    if (start !== "" && start > currentMonth)
      errors.push({ field: "period_start", code: "month_in_future", message: "in the future" });
    if (end !== "" && end > currentMonth)
      errors.push({ field: "period_end", code: "month_in_future", message: "in the future" });
    if (start !== "" && end !== "" && start > end)
      errors.push({ field: "period_end", code: "period_reversed", message: "ends before it starts" });
    if (start !== "" && end !== "") period = { start, end };
    form.phases.forEach((phase) => {
      if (!claimedKinds.includes(phase))
        errors.push({
          field: "phases",
          code: "phase_not_claimed",
          message: `"${phase}" is not among the kinds of support claimed`,
          params: { key: phase },
        });
    });
    if (form.satisfaction === undefined)
      errors.push({ field: "satisfaction", code: "required", message: "required" });
    if (form.would_recommend === undefined)
      errors.push({ field: "would_recommend", code: "required", message: "required" });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    answer: {
      project_happened: happened,
      period,
      phases: happened ? [...new Set(form.phases)] : [],
      satisfaction: happened && form.satisfaction ? Number(form.satisfaction) : null,
      would_recommend: happened && form.would_recommend ? form.would_recommend === "yes" : null,
      comment: form.comment.trim(),
      consent_retention: form.consent_retention === "yes",
    },
  };
}
