// The application form's state (docs/product.md, "Providers", "Vetting"): what the member
// types, turned into the contract's draft (every field optional, each present one valid)
// and back. The service is the authority on every rule; the few checks here only spare a
// round trip, and its 422 details are mapped onto the same fields by their dotted paths.
import { tracked } from "@glimmer/tracking";
import type {
  ApplicationDraft,
  ErrorDetail,
  ReferenceDraft,
  StructureDraft,
} from "@emancipasso/directory-service/contract";

export const STEPS = ["structure", "references", "review"] as const;
export type Step = (typeof STEPS)[number];

/** The service's minimum (src/domain/vetting-rules.ts, MIN_REFERENCES). */
export const MIN_REFERENCES = 2;

/** A field problem to show: a client string key under emancipasso.vetting.field_errors. */
export interface FieldError {
  code: string;
  params: Record<string, string | number>;
}

/** The codes with their own message; any other shows the generic "invalid" one. */
export const FIELD_ERROR_CODES = [
  "required",
  "too_small",
  "too_big",
  "invalid_format",
  "invalid_value",
  "invalid_rna",
  "invalid_siren_check_digit",
  "invalid_association_number",
  "month_in_future",
  "period_reversed",
  "unknown_taxonomy_key",
  "region_mismatch",
  "too_few_references",
  "duplicate_referee",
  "invalid",
] as const;

const list = (text: string): string[] =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");

/** Present only when filled: an empty field is "not yet", not an error. */
const text = (value: string): string | undefined =>
  value.trim() === "" ? undefined : value.trim();

export class ReferenceForm {
  static from(draft: ReferenceDraft): ReferenceForm {
    const form = new ReferenceForm();
    form.association_name = draft.association_name ?? "";
    form.association_number = draft.association_number ?? "";
    form.referee_name = draft.referee_name ?? "";
    form.referee_email = draft.referee_email ?? "";
    form.project_summary = draft.project_summary ?? "";
    form.period_start = draft.period?.start ?? "";
    form.period_end = draft.period?.end ?? "";
    form.support_kinds = [...(draft.support_kinds ?? [])];
    return form;
  }

  @tracked association_name = "";
  @tracked association_number = "";
  @tracked referee_name = "";
  @tracked referee_email = "";
  @tracked project_summary = "";
  @tracked period_start = "";
  @tracked period_end = "";
  @tracked support_kinds: string[] = [];

  toDraft(): ReferenceDraft {
    const draft: ReferenceDraft = {};
    const name = text(this.association_name);
    const number = text(this.association_number);
    const referee = text(this.referee_name);
    const email = text(this.referee_email);
    const summary = text(this.project_summary);
    if (name !== undefined) {
      draft.association_name = name;
    }
    if (number !== undefined) {
      draft.association_number = number;
    }
    if (referee !== undefined) {
      draft.referee_name = referee;
    }
    if (email !== undefined) {
      draft.referee_email = email;
    }
    if (summary !== undefined) {
      draft.project_summary = summary;
    }
    if (this.period_start !== "" && this.period_end !== "") {
      draft.period = { start: this.period_start, end: this.period_end };
    }
    if (this.support_kinds.length > 0) {
      draft.support_kinds = [...this.support_kinds];
    }
    return draft;
  }
}

export class ApplicationForm {
  static from(draft: {
    structure: StructureDraft;
    references: ReferenceDraft[];
  }): ApplicationForm {
    const form = new ApplicationForm();
    const s = draft.structure;
    form.name = s.name ?? "";
    form.structure_type = s.structure_type ?? "";
    form.headcount =
      s.headcount === undefined || s.headcount === null
        ? ""
        : String(s.headcount);
    form.city = s.location?.city ?? "";
    form.department = s.location?.department ?? "";
    form.region = s.location?.region ?? "";
    form.national = s.coverage?.national ?? false;
    form.regions = [...(s.coverage?.regions ?? [])];
    form.departments = [...(s.coverage?.departments ?? [])];
    form.modalities = [...(s.modalities ?? [])];
    form.support_kinds = [...(s.support_kinds ?? [])];
    form.association_sizes = [...(s.association_sizes ?? [])];
    form.price_models = [...(s.price_models ?? [])];
    form.tools = (s.tools ?? []).join(", ");
    form.description = s.description ?? "";
    form.website = s.website ?? "";
    form.contact_email = s.contact_email ?? "";
    form.memberships = (s.memberships ?? []).join(", ");
    const references = draft.references.map((reference) =>
      ReferenceForm.from(reference)
    );
    while (references.length < MIN_REFERENCES) {
      references.push(new ReferenceForm());
    }
    form.references = references;
    return form;
  }

  @tracked name = "";
  @tracked structure_type = "";
  @tracked headcount = "";
  @tracked city = "";
  @tracked department = "";
  @tracked region = "";
  @tracked national = false;
  @tracked regions: string[] = [];
  @tracked departments: string[] = [];
  @tracked modalities: string[] = [];
  @tracked support_kinds: string[] = [];
  @tracked association_sizes: string[] = [];
  @tracked price_models: string[] = [];
  @tracked tools = "";
  @tracked description = "";
  @tracked website = "";
  @tracked contact_email = "";
  @tracked memberships = "";
  @tracked
  references: ReferenceForm[] = [new ReferenceForm(), new ReferenceForm()];

  structureDraft(): StructureDraft {
    const s: StructureDraft = {};
    const name = text(this.name);
    if (name !== undefined) {
      s.name = name;
    }
    if (this.structure_type !== "") {
      s.structure_type = this.structure_type;
    }
    // Unknown is a valid answer (null); the card needs the field either way.
    const count = this.headcount.trim() === "" ? null : Number(this.headcount);
    s.headcount = count === null || Number.isFinite(count) ? count : -1;
    const city = text(this.city);
    if (city !== undefined && this.department !== "" && this.region !== "") {
      s.location = { city, department: this.department, region: this.region };
    }
    s.coverage = {
      national: this.national,
      regions: [...this.regions],
      departments: [...this.departments],
    };
    if (this.modalities.length > 0) {
      s.modalities = [...this.modalities];
    }
    if (this.support_kinds.length > 0) {
      s.support_kinds = [...this.support_kinds];
    }
    s.association_sizes = [...this.association_sizes];
    s.price_models = [...this.price_models];
    s.tools = list(this.tools);
    s.memberships = list(this.memberships);
    s.description = this.description;
    s.website = text(this.website) ?? null;
    s.contact_email = text(this.contact_email) ?? null;
    return s;
  }

  toDraft(): ApplicationDraft {
    return {
      structure: this.structureDraft(),
      references: this.references.map((reference) => reference.toDraft()),
    };
  }
}

/** "references.0.support_kinds.2" → "references.0.support_kinds": one error per field. */
export function fieldKey(path: string): string {
  return path.replace(
    /(\.(regions|departments|support_kinds|modalities|association_sizes|price_models|tools|memberships))\.\d+$/,
    "$1"
  );
}

/** The id of a field's control, from its path: "structure.name" → "vetting-structure-name". */
export function fieldId(path: string): string {
  return `vetting-${fieldKey(path).replaceAll(".", "-").replaceAll("_", "-")}`;
}

/** Which step holds a field. */
export function stepOf(path: string): Step {
  return path.startsWith("references") ? "references" : "structure";
}

/** The service's details by field (the first problem of each field wins). */
export function errorsFromDetails(
  details: readonly ErrorDetail[]
): Map<string, FieldError> {
  const errors = new Map<string, FieldError>();
  for (const detail of details) {
    const key = fieldKey(detail.field);
    if (!errors.has(key)) {
      errors.set(key, { code: detail.code, params: detail.params ?? {} });
    }
  }
  return errors;
}

/** "YYYY-MM" of the reader's today (the month inputs' maximum). */
export function currentMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}

const RNA = /^W(\d{9}|2A\d{7}|2B\d{7})$/i;

/**
 * The checks that spare a round trip on the step being left: required fields for the step
 * and the month rules. The association number's format is a hint only (the service checks
 * the SIREN's check digit and answers the authoritative code).
 */
export function clientErrors(
  form: ApplicationForm,
  step: Step,
  month: string
): Map<string, FieldError> {
  const errors = new Map<string, FieldError>();
  const required = (path: string, value: string | readonly string[]) => {
    if ((typeof value === "string" ? value.trim() : value).length === 0) {
      errors.set(path, { code: "required", params: {} });
    }
  };
  if (step === "structure") {
    required("structure.name", form.name);
    required("structure.structure_type", form.structure_type);
    required("structure.location.city", form.city);
    required("structure.location.region", form.region);
    required("structure.location.department", form.department);
    required("structure.modalities", form.modalities);
    required("structure.support_kinds", form.support_kinds);
  }
  if (step === "references") {
    form.references.forEach((reference, index) => {
      const at = `references.${index}.`;
      required(`${at}association_name`, reference.association_name);
      required(`${at}association_number`, reference.association_number);
      required(`${at}referee_name`, reference.referee_name);
      required(`${at}referee_email`, reference.referee_email);
      required(`${at}project_summary`, reference.project_summary);
      required(`${at}period.start`, reference.period_start);
      required(`${at}period.end`, reference.period_end);
      required(`${at}support_kinds`, reference.support_kinds);
      const number = reference.association_number.replace(/\s+/g, "");
      if (number !== "" && !RNA.test(number) && !/^\d{9}$/.test(number)) {
        errors.set(`${at}association_number`, {
          code: "invalid_association_number",
          params: {},
        });
      }
      for (const end of ["start", "end"] as const) {
        const value =
          end === "start" ? reference.period_start : reference.period_end;
        if (value !== "" && value > month) {
          errors.set(`${at}period.${end}`, {
            code: "month_in_future",
            params: { maximum: month },
          });
        }
      }
      if (
        reference.period_start !== "" &&
        reference.period_end !== "" &&
        reference.period_end < reference.period_start &&
        !errors.has(`${at}period.end`)
      ) {
        errors.set(`${at}period.end`, { code: "period_reversed", params: {} });
      }
    });
    if (form.references.length < MIN_REFERENCES) {
      errors.set("references", {
        code: "too_few_references",
        params: { minimum: MIN_REFERENCES },
      });
    }
  }
  return errors;
}
