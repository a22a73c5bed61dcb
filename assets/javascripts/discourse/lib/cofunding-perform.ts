// What the panel does with one write's outcome: the message to announce, and whether the
// action's Idempotency-Key is kept for a retry (only when the service may not have heard it).
import { isConflict, mayRetry } from "../services/cofunding";
import { DirectoryError, toDirectoryError } from "./directory-error";

export interface Outcome {
  /** i18n key and its parameters. */
  key: string;
  params: Record<string, unknown>;
  failed: boolean;
  keepKey: boolean;
}

export function successOutcome(key: string): Outcome {
  return { key, params: {}, failed: false, keepKey: false };
}

export function failureOutcome(rejection: unknown): Outcome {
  const error: DirectoryError = toDirectoryError(rejection);
  if (isConflict(error)) {
    return {
      key: "emancipasso.cofunding.conflict",
      params: {},
      failed: true,
      keepKey: false,
    };
  }
  return {
    key: error.i18nKey,
    params: error.i18nParams,
    failed: true,
    keepKey: mayRetry(error),
  };
}
