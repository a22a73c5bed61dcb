// A co-funding request refused by a rule: the code says which (the HTTP layer maps it to
// a status), the details say where. Thrown by the store inside a transaction, so that
// nothing the request started is kept.
import type { ErrorCode, ErrorDetail } from "../contract/index.ts";

export class CofundingRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = []
  ) {
    super(message);
  }
}
