// The HTTP side of an import: which format the request says it sends, and how the
// import rules' answer (src/domain/provider-import.ts) becomes an error response.
import type { ImportFormat, ImportResult } from "../domain/provider-import.ts";
import { ApiError } from "./errors.ts";

export function importFormatOf(contentType: string | undefined): ImportFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "text/csv") return "csv";
  throw new ApiError(415, "unsupported_media_type", "send application/json or text/csv", [
    {
      field: "Content-Type",
      code: "unsupported_media_type",
      message: `got "${type || "nothing"}"`,
      params: { type },
    },
  ]);
}

const STATUS_OF = { invalid_encoding: 400, invalid_json: 400, invalid_import: 422 } as const;

/** A refused import as the error it answers: 400 for a body that cannot be read, else 422. */
export function importRefusal(result: Extract<ImportResult, { ok: false }>): ApiError {
  return new ApiError(STATUS_OF[result.kind], result.kind, result.message, result.errors);
}
