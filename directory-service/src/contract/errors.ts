// The one error shape of every answer that is not a success.
import { z } from "zod";

export const ErrorDetail = z.object({
  /** Dotted path of the offending field ("per_page", "coverage.regions.0"). */
  field: z.string(),
  /** 1-based row of an imported file (CSV rows count the header as row 1). */
  row: z.number().int().min(1).optional(),
  /** Translatable key (client: emancipasso.errors.<code>). */
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** Every error the service answers, whatever its status. */
export const ErrorResponse = z.object({
  error: z.object({
    /** Translatable key (client: emancipasso.errors.<code>), e.g. "not_found". */
    code: z.string(),
    message: z.string(),
    details: z.array(ErrorDetail),
  }),
});

export type ErrorDetail = z.infer<typeof ErrorDetail>;
export type ErrorResponse = z.infer<typeof ErrorResponse>;
