// The directory: provider records, search, taxonomies, import and export.
import { z } from "zod";
import {
  DepartmentCode,
  IsoDateTime,
  RegionCode,
  Slug,
  TaxonomyKey,
} from "./common.ts";
import { ErrorCode, ErrorDetail } from "./errors.ts";

export const ProviderStatus = z.enum([
  "draft",
  "pending",
  "listed",
  "suspended",
]);

export const Location = z.object({
  city: z.string().min(1).max(120),
  department: DepartmentCode,
  region: RegionCode,
});

export const Coverage = z.object({
  national: z.boolean(),
  regions: z.array(RegionCode).max(30),
  departments: z.array(DepartmentCode).max(120),
});

export const ExampleProject = z.object({
  association: z.string().min(1).max(200),
  summary: z.string().min(1).max(2000),
  year: z.number().int().min(1990).max(2100),
});

export const VettingTag = z.object({
  key: TaxonomyKey,
  label: z.string().min(1).max(120),
  /** What the tag rests on, in words a member can check (e.g. "3 références confirmées"). */
  evidence: z.string().min(1).max(1000),
  verified_at: IsoDateTime,
  expires_at: IsoDateTime.nullable(),
});

/** The provider record: the same shape for import, export and the detail page. */
export const Provider = z.object({
  slug: Slug,
  name: z.string().trim().min(1).max(200),
  structure_type: TaxonomyKey,
  /** People working in the structure. */
  headcount: z.number().int().min(0).max(100000).nullable(),
  location: Location,
  coverage: Coverage,
  modalities: z.array(TaxonomyKey).max(10),
  support_kinds: z.array(TaxonomyKey).max(30),
  association_sizes: z.array(TaxonomyKey).max(10),
  /** Software the provider deploys (free text, e.g. "Nextcloud"). */
  tools: z.array(z.string().trim().min(1).max(60)).max(50),
  price_models: z.array(TaxonomyKey).max(10),
  /** Markdown. */
  description: z.string().max(20000),
  website: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
  contact_email: z.email().max(254).nullable(),
  example_projects: z.array(ExampleProject).max(50),
  memberships: z.array(z.string().trim().min(1).max(80)).max(20),
  status: ProviderStatus,
  vetting_tags: z.array(VettingTag).max(30),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});

/**
 * A provider vetted by hand before the online directory existed: when, and by whom. Its
 * card then says "Vérifié avant l'annuaire en ligne" until its references are verified
 * again through the review (docs/product.md, "Vetting").
 */
export const HandVetting = z.strictObject({
  decided_at: IsoDateTime,
  decided_by: z.string().trim().min(1).max(60),
});

/** What an admin imports: timestamps are optional (set by the service when absent). */
export const ProviderImportRecord = Provider.extend({
  created_at: IsoDateTime.optional(),
  updated_at: IsoDateTime.optional(),
  /** JSON imports only: the manual vetting this provider passed before the online directory. */
  hand_vetted: HandVetting.optional(),
});

/** A search hit: the card, without the long fields. */
export const ProviderSummary = Provider.omit({
  description: true,
  example_projects: true,
  contact_email: true,
}).extend({
  /** Plain-text start of the description (Markdown stripped). */
  excerpt: z.string(),
});

export const FacetName = z.enum([
  "support",
  "size",
  "modality",
  "region",
  "department",
  "tool",
  "price",
  "tag",
]);

/** The facet names, in display order: the one list the service iterates over. */
export const FACET_NAMES = FacetName.options;

export const FacetValue = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int().min(0),
});

const repeatable = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** Query of GET /v1/providers. Unknown parameters are refused (400). */
export const SearchQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  support: repeatable(TaxonomyKey),
  size: repeatable(TaxonomyKey),
  modality: repeatable(TaxonomyKey),
  region: repeatable(RegionCode),
  department: repeatable(DepartmentCode),
  tool: repeatable(TaxonomyKey),
  price: repeatable(TaxonomyKey),
  tag: repeatable(TaxonomyKey),
  page: z.coerce.number().int().min(1).max(10000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(20),
});

export const SearchResponse = z.object({
  items: z.array(ProviderSummary),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  per_page: z.number().int().min(1),
  facets: z.record(FacetName, z.array(FacetValue)),
});

export const TaxonomyEntry = z.object({
  key: z.string(),
  label: z.object({ fr: z.string(), en: z.string() }),
  /** Departments only: the region they belong to. */
  parent: z.string().nullable(),
});

export const TaxonomyName = z.enum([
  "support_kinds",
  "association_sizes",
  "modalities",
  "structure_types",
  "price_models",
  "regions",
  "departments",
]);

export const TaxonomiesResponse = z.record(
  TaxonomyName,
  z.array(TaxonomyEntry)
);

/**
 * Most records one import may hold. The other sizes of an import (list lengths, text
 * lengths) are the schema's own maxima above.
 */
export const IMPORT_MAX_RECORDS = 5000;

export const ImportResponse = z.object({
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
});

/**
 * An import still running when its request had to be answered (the forum's relay gives
 * up after a few seconds), or its outcome: GET /v1/admin/providers/imports/{id}.
 */
export const ImportJob = z.object({
  id: z.string(),
  state: z.enum(["running", "succeeded", "failed"]),
  started_at: IsoDateTime,
  finished_at: IsoDateTime.nullable(),
  /** Succeeded: what was written. */
  result: ImportResponse.nullable(),
  /** Failed: the same error the import request would have answered (nothing was written). */
  error: z
    .object({
      status: z.number().int(),
      code: ErrorCode,
      message: z.string(),
      details: z.array(ErrorDetail),
    })
    .nullable(),
});

export const ExportFormat = z.strictObject({
  format: z.enum(["json", "csv"]).default("json"),
});

export type ProviderStatus = z.infer<typeof ProviderStatus>;
export type Location = z.infer<typeof Location>;
export type Coverage = z.infer<typeof Coverage>;
export type ExampleProject = z.infer<typeof ExampleProject>;
export type VettingTag = z.infer<typeof VettingTag>;
export type Provider = z.infer<typeof Provider>;
export type ProviderImportRecord = z.infer<typeof ProviderImportRecord>;
export type HandVetting = z.infer<typeof HandVetting>;
export type ProviderSummary = z.infer<typeof ProviderSummary>;
export type FacetName = z.infer<typeof FacetName>;
export type FacetValue = z.infer<typeof FacetValue>;
export type SearchQueryInput = z.input<typeof SearchQuery>;
export type SearchQuery = z.output<typeof SearchQuery>;
export type SearchResponse = z.infer<typeof SearchResponse>;
export type TaxonomyEntry = z.infer<typeof TaxonomyEntry>;
export type TaxonomyName = z.infer<typeof TaxonomyName>;
export type TaxonomiesResponse = z.infer<typeof TaxonomiesResponse>;
export type ImportResponse = z.infer<typeof ImportResponse>;
export type ImportJob = z.infer<typeof ImportJob>;
