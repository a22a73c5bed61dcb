// Money rules: integer euro cents only, positive, below a configured ceiling.
import type { ErrorDetail } from "../contract/index.ts";

/** Default ceiling of any amount: 1 000 000 €. */
export const DEFAULT_MAX_AMOUNT_CENTS = 100_000_000;

/** Problems with an amount (empty when it is acceptable). */
export function amountProblems(
  field: string,
  cents: unknown,
  limits: { min?: number; max: number }
): ErrorDetail[] {
  if (typeof cents !== "number" || !Number.isSafeInteger(cents) || cents <= 0)
    return [{ field, code: "not_positive_integer", message: "amounts are positive whole cents" }];
  if (cents > limits.max)
    return [
      {
        field,
        code: "too_big",
        message: `at most ${limits.max} cents`,
        params: { maximum: limits.max },
      },
    ];
  if (limits.min !== undefined && cents < limits.min)
    return [
      {
        field,
        code: "too_small",
        message: `at least ${limits.min} cents`,
        params: { minimum: limits.min },
      },
    ];
  return [];
}

/** Sum of amounts, refusing anything that is not an exact integer. */
export function sumCents(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`not whole cents: ${amount}`);
    total += amount;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError("total out of range");
  return total;
}

const euroFormat = new Intl.NumberFormat("fr-FR", {
  style: "currency",
  currency: "EUR",
  minimumFractionDigits: 2,
});

/** "1 234,56 €" (fr-FR), computed from integer cents without floating-point error. */
export function formatEurosFr(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  // Format the integer part only, then append the exact two-digit fraction.
  const parts = euroFormat.formatToParts(whole);
  return parts
    .map((part) => (part.type === "fraction" ? String(rest).padStart(2, "0") : part.value))
    .join("");
}

/**
 * Euros as a French spreadsheet reads a number: decimal comma, no thousands separator,
 * a no-break space and "€" ("1234,56 €"). Intl's fr-FR groups thousands with a narrow
 * no-break space (U+202F), which LibreOffice Calc does not read as a number: amounts from
 * 1 000 € would arrive as text while smaller ones arrive as numbers, in the same column.
 * Built from the integer cents, so no float ever rounds it.
 */
export function spreadsheetEuros(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const magnitude = Math.abs(cents);
  const whole = Math.trunc(magnitude / 100);
  const rest = String(magnitude % 100).padStart(2, "0");
  return `${sign}${whole},${rest}\u00a0€`;
}

/**
 * Euros as an English spreadsheet reads a number: decimal point, no thousands separator, no
 * currency sign ("1234.56"; the column's header says EUR). LibreOffice Calc in an English
 * locale reads "1234.56 €" or "€1234.56" as text. Built from the integer cents, so no float
 * ever rounds it.
 */
export function decimalEuros(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const magnitude = Math.abs(cents);
  const whole = Math.trunc(magnitude / 100);
  const rest = String(magnitude % 100).padStart(2, "0");
  return `${sign}${whole}.${rest}`;
}
