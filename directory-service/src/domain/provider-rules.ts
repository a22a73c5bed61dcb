// Rules a provider record must follow beyond its schema: its taxonomy keys exist and its
// location is consistent. Pure: the known taxonomy keys are handed in.
import type { ErrorDetail, ProviderImportRecord, TaxonomyName } from "../contract/index.ts";
import { slugify } from "./text.ts";

export type KnownKeys = Record<TaxonomyName, ReadonlySet<string>>;

/**
 * The parts of a record the rules look at, as far as they have the right shape: a record
 * that failed its schema is still checked here, so one answer lists all its problems.
 */
export type RuleInput = Pick<
  ProviderImportRecord,
  | "structure_type"
  | "modalities"
  | "support_kinds"
  | "association_sizes"
  | "price_models"
  | "location"
  | "coverage"
  | "tools"
  | "vetting_tags"
>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** Best-effort view of an unvalidated record for the rules ("" and [] where the shape is wrong). */
export function looseRuleInput(value: unknown): RuleInput {
  const record = isObject(value) ? value : {};
  const location = isObject(record.location) ? record.location : {};
  const coverage = isObject(record.coverage) ? record.coverage : {};
  return {
    structure_type: text(record.structure_type),
    modalities: strings(record.modalities),
    support_kinds: strings(record.support_kinds),
    association_sizes: strings(record.association_sizes),
    price_models: strings(record.price_models),
    location: {
      city: text(location.city),
      department: text(location.department),
      region: text(location.region),
    },
    coverage: {
      national: coverage.national === true,
      regions: strings(coverage.regions),
      departments: strings(coverage.departments),
    },
    tools: [],
    vetting_tags: [],
  };
}

/** Problems of one record (fields as dotted paths); empty when it is acceptable. */
export function providerRuleErrors(
  record: RuleInput,
  known: KnownKeys,
  regionOf: ReadonlyMap<string, string>
): Omit<ErrorDetail, "row">[] {
  const errors: Omit<ErrorDetail, "row">[] = [];
  const unknown = (field: string, taxonomy: TaxonomyName, key: string) =>
    errors.push({
      field,
      code: "unknown_taxonomy_key",
      message: `"${key}" is not a known ${taxonomy} key`,
      params: { taxonomy, key },
    });
  const checkOne = (field: string, taxonomy: TaxonomyName, key: string) => {
    // An empty key is a schema problem, reported by the schema.
    if (key !== "" && !known[taxonomy].has(key)) unknown(field, taxonomy, key);
  };
  const checkAll = (field: string, taxonomy: TaxonomyName, keys: readonly string[]) =>
    keys.forEach((key, index) => checkOne(`${field}.${index}`, taxonomy, key));

  checkOne("structure_type", "structure_types", record.structure_type);
  checkAll("modalities", "modalities", record.modalities);
  checkAll("support_kinds", "support_kinds", record.support_kinds);
  checkAll("association_sizes", "association_sizes", record.association_sizes);
  checkAll("price_models", "price_models", record.price_models);
  checkOne("location.region", "regions", record.location.region);
  checkOne("location.department", "departments", record.location.department);
  checkAll("coverage.regions", "regions", record.coverage.regions);
  checkAll("coverage.departments", "departments", record.coverage.departments);

  const regionOfDepartment = regionOf.get(record.location.department);
  if (
    regionOfDepartment !== undefined &&
    known.regions.has(record.location.region) &&
    regionOfDepartment !== record.location.region
  ) {
    errors.push({
      field: "location.region",
      code: "region_mismatch",
      message: `department ${record.location.department} is in region ${regionOfDepartment}, not ${record.location.region}`,
      params: { department: record.location.department, region: regionOfDepartment },
    });
  }
  record.tools.forEach((tool, index) => {
    if (slugify(tool) === "") {
      errors.push({
        field: `tools.${index}`,
        code: "invalid_tool_name",
        message: "a tool name needs at least one letter or digit",
      });
    }
  });
  const tagKeys = new Set<string>();
  record.vetting_tags.forEach((tag, index) => {
    if (tagKeys.has(tag.key)) {
      errors.push({
        field: `vetting_tags.${index}.key`,
        code: "duplicate_key",
        message: `vetting tag "${tag.key}" appears twice`,
        params: { key: tag.key },
      });
    }
    tagKeys.add(tag.key);
  });
  return errors;
}
