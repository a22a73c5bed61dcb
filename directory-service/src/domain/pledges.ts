// Pledge rules: what a pledge may hold, and who may see who made it.
import type { ErrorDetail } from "../contract/index.ts";
import { amountProblems } from "./money.ts";

export interface PledgeTerms {
  minPledgeCents: number;
  maxAmountCents: number;
}

/** Problems with a pledge's amount (an in-kind-only pledge has none). */
export function pledgeAmountProblems(
  amountCents: number | null,
  terms: PledgeTerms
): ErrorDetail[] {
  if (amountCents === null) return [];
  return amountProblems("amount_cents", amountCents, {
    min: terms.minPledgeCents,
    max: terms.maxAmountCents,
  });
}

/**
 * Whether the viewer may see the association and member behind a pledge: always for a
 * public one; for an anonymous one only the pledger and moderators.
 */
export function revealsPledger(
  pledge: { anonymous: boolean; userId: number },
  viewer: { id: number; moderator: boolean } | null
): boolean {
  if (!pledge.anonymous) return true;
  return viewer !== null && (viewer.moderator || viewer.id === pledge.userId);
}

/** Whether the member behind a pledge (not only the association) is shown. */
export function revealsMember(
  pledge: { userId: number },
  viewer: { id: number; moderator: boolean } | null
): boolean {
  return viewer !== null && (viewer.moderator || viewer.id === pledge.userId);
}
