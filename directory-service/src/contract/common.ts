// Shared value formats of the API contract (keys, codes, slugs, dates).
import { z } from "zod";

/** Stable ASCII key of a taxonomy entry or a vetting tag (e.g. "diagnostic", "a-distance"). */
export const TaxonomyKey = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lower-case ASCII key");

/** Official French region (INSEE, 2 digits) or department code (01–95, 2A, 2B, 971–976). */
export const RegionCode = z
  .string()
  .regex(/^\d{2}$/, "must be an INSEE region code");
export const DepartmentCode = z
  .string()
  .regex(/^(?:\d{2}|2A|2B|97[1-6])$/, "must be a French department code");

export const Slug = z
  .string()
  .min(2)
  .max(80)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "must be lower-case letters, digits and dashes"
  );

export const IsoDateTime = z.iso.datetime({ offset: true });

export type TaxonomyKey = z.infer<typeof TaxonomyKey>;
