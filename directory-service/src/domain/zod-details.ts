// Zod issues as the contract's error details: one per issue (unknown keys: one per key),
// the field as a dotted path, the limits as parameters for the translated message.
import type { z } from "zod";
import type { ErrorDetail } from "../contract/index.ts";

/** One detail per zod issue (unknown keys: one per key), field as a dotted path. */
export function zodDetails(error: z.ZodError, row?: number): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const withRow = (detail: ErrorDetail): ErrorDetail =>
    row === undefined ? detail : { ...detail, row };
  for (const issue of error.issues) {
    const field = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        details.push(
          withRow({
            field: field ? `${field}.${key}` : key,
            code: "unknown_parameter",
            message: `unknown key "${key}"`,
            params: { key },
          })
        );
      }
      continue;
    }
    const params: Record<string, string | number> = {};
    if (
      "minimum" in issue &&
      (typeof issue.minimum === "number" || typeof issue.minimum === "bigint")
    )
      params.minimum = Number(issue.minimum);
    if (
      "maximum" in issue &&
      (typeof issue.maximum === "number" || typeof issue.maximum === "bigint")
    )
      params.maximum = Number(issue.maximum);
    if ("expected" in issue && typeof issue.expected === "string") params.expected = issue.expected;
    details.push(
      withRow({
        field,
        code: issue.code,
        message: issue.message,
        ...(Object.keys(params).length ? { params } : {}),
      })
    );
  }
  return details;
}
