// Choosing a provider's quote: it sets (or confirms) the campaign's target.

export interface TargetTerms {
  targetCents: number;
  minPledgeCents: number;
}

/** The target becomes the quote's amount; the minimum pledge never exceeds the target. */
export function termsAfterChoosing(current: TargetTerms, quoteCents: number): TargetTerms {
  return { targetCents: quoteCents, minPledgeCents: Math.min(current.minPledgeCents, quoteCents) };
}

/** What the split plan shares: the chosen quote when there is one, else the target. */
export function dueAmount(targetCents: number, chosenQuoteCents: number | null): number {
  return chosenQuoteCents ?? targetCents;
}
