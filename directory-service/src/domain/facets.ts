// Facets of the directory search: which values of a provider each filter looks at, and
// how filters combine (OR inside a facet, AND across facets, disjunctive counts).
import {
  FACET_NAMES,
  type FacetName,
  type ProviderImportRecord,
  type SearchQuery,
  type TaxonomyName,
} from "../contract/index.ts";
import { slugify } from "./text.ts";

export { FACET_NAMES };

/** Taxonomy giving the labels of a facet; tools and tags carry their own labels. */
export const FACET_TAXONOMY: Record<FacetName, TaxonomyName | null> = {
  support: "support_kinds",
  size: "association_sizes",
  modality: "modalities",
  region: "regions",
  department: "departments",
  tool: null,
  price: "price_models",
  tag: null,
};

export interface FacetEntry {
  facet: FacetName;
  key: string;
  /** Display label for facets without a taxonomy (tool name, tag label). */
  label: string | null;
}

/** Where each department lies: department code → region code (from the taxonomy). */
export interface Geography {
  regionOf: ReadonlyMap<string, string>;
  departmentsOf: ReadonlyMap<string, readonly string[]>;
}

/**
 * The facet values of one provider. Geography is "where the provider works": its own
 * location plus its coverage, a covered region counting for each of its departments and
 * a covered department for its region; national coverage counts for every region and
 * department (an association filtering on its own region finds them too).
 */
export function facetEntriesOf(record: ProviderImportRecord, geography: Geography): FacetEntry[] {
  const entries = new Map<string, FacetEntry>();
  const add = (facet: FacetName, key: string, label: string | null = null) => {
    if (key === "") return;
    const id = `${facet}\u0000${key}`;
    if (!entries.has(id)) entries.set(id, { facet, key, label });
  };
  record.support_kinds.forEach((key) => add("support", key));
  record.association_sizes.forEach((key) => add("size", key));
  record.modalities.forEach((key) => add("modality", key));
  record.price_models.forEach((key) => add("price", key));
  record.tools.forEach((name) => add("tool", slugify(name), name));
  record.vetting_tags.forEach((tag) => add("tag", tag.key, tag.label));

  const regions = new Set<string>([record.location.region, ...record.coverage.regions]);
  const departments = new Set<string>([record.location.department, ...record.coverage.departments]);
  for (const department of [...departments]) {
    const region = geography.regionOf.get(department);
    if (region !== undefined) regions.add(region);
  }
  for (const region of record.coverage.regions) {
    for (const department of geography.departmentsOf.get(region) ?? []) departments.add(department);
  }
  if (record.coverage.national) {
    for (const [department, region] of geography.regionOf) {
      departments.add(department);
      regions.add(region);
    }
  }
  regions.forEach((key) => add("region", key));
  departments.forEach((key) => add("department", key));
  return [...entries.values()];
}

export type FacetFilters = Record<FacetName, string[]>;

/** The active filters of a search query, one (possibly empty) list per facet, without duplicates. */
export function filtersOf(query: SearchQuery): FacetFilters {
  const unique = (values: string[]) => [...new Set(values)];
  return Object.fromEntries(
    FACET_NAMES.map((facet) => [facet, unique(query[facet])])
  ) as FacetFilters;
}

/**
 * Disjunctive faceting: the counts shown for a facet apply every other active filter but
 * not the facet's own, so each count says how many results that value would give when
 * added to (or kept in) the facet's selection.
 */
export function filtersForFacetCounts(filters: FacetFilters, facet: FacetName): FacetFilters {
  return { ...filters, [facet]: [] };
}
