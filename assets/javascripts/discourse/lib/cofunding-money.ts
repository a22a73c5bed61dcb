// Money on the co-funding screens: the contract counts integer euro cents (docs/cofunding.md,
// "Money"); people read and type euros the French way ("12 345,67 €"). Typed text becomes
// cents by string arithmetic, never through a float, so "0,29" is 29 cents and not 28.99….
const euros = new Intl.NumberFormat("fr-FR", {
  style: "currency",
  currency: "EUR",
});

/** 1234567 → "12 345,67 €" (fr-FR whatever the reader's language, as the product asks). */
export function formatCents(cents: number): string {
  // Dividing by 100 only to display: Intl rounds to the cent, and the value is exact there.
  return euros.format(cents / 100);
}

/** Spaces people and Intl put between thousands: space, no-break and narrow no-break. */
const THOUSANDS = /[\s\u00a0\u202f]/g;
const AMOUNT = /^(\d{1,13})(?:[,.](\d{1,2}))?$/;

/**
 * "12 345,67", "12345.6", "80 €" → integer cents; null when the text is not an amount in
 * euros with at most two decimals (a negative sign, letters or "1,234" are refused).
 */
export function parseEuros(text: string): number | null {
  const compact = text.replace(THOUSANDS, "").replace(/€$/, "");
  const match = AMOUNT.exec(compact);
  if (!match) {
    return null;
  }
  const whole = match[1]!;
  const fraction = (match[2] ?? "").padEnd(2, "0");
  const cents = Number(whole) * 100 + Number(fraction);
  return Number.isSafeInteger(cents) ? cents : null;
}

/** Cents back to what a person would type: 123450 → "1 234,50". */
export function centsToInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = String(cents % 100).padStart(2, "0");
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return `${grouped},${fraction}`;
}
