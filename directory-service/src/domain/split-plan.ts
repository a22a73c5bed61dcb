// The split plan of a funded campaign: who owes what to the chosen provider.
//
// Each pledge owes the due amount in proportion to its pledge, rounded down to the cent;
// the cents left over go one by one to the largest remainders (largest-remainder method),
// ties broken by the larger pledge then the smaller pledge id, so the result depends
// only on the pledges, never on the order they are listed in. Since the due amount never
// exceeds the total pledged, nobody owes more than they pledged, and the lines add up
// to the due amount exactly. BigInt keeps due × pledge exact beyond 2^53.

export interface SplitInput {
  id: number;
  pledgedCents: number;
}

export interface SplitShare {
  id: number;
  pledgedCents: number;
  owedCents: number;
}

export function splitPlan(dueCents: number, pledges: readonly SplitInput[]): SplitShare[] {
  if (!Number.isSafeInteger(dueCents) || dueCents <= 0)
    throw new RangeError("the due amount must be positive whole cents");
  const ids = new Set<number>();
  for (const pledge of pledges) {
    if (!Number.isSafeInteger(pledge.pledgedCents) || pledge.pledgedCents <= 0)
      throw new RangeError("pledges must be positive whole cents");
    if (ids.has(pledge.id)) throw new RangeError(`pledge ${pledge.id} listed twice`);
    ids.add(pledge.id);
  }
  const total = pledges.reduce((sum, p) => sum + BigInt(p.pledgedCents), 0n);
  const due = BigInt(dueCents);
  if (due > total) throw new RangeError("the pledges do not cover the due amount");

  const shares = pledges.map((pledge) => {
    const exact = due * BigInt(pledge.pledgedCents);
    return { pledge, floor: exact / total, remainder: exact % total };
  });
  let left = due - shares.reduce((sum, s) => sum + s.floor, 0n);
  const byRemainder = [...shares].sort(
    (a, b) =>
      (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1) ||
      b.pledge.pledgedCents - a.pledge.pledgedCents ||
      a.pledge.id - b.pledge.id
  );
  const extra = new Set<number>();
  for (const share of byRemainder) {
    if (left === 0n) break;
    extra.add(share.pledge.id);
    left -= 1n;
  }
  return shares.map((share) => ({
    id: share.pledge.id,
    pledgedCents: share.pledge.pledgedCents,
    owedCents: Number(share.floor) + (extra.has(share.pledge.id) ? 1 : 0),
  }));
}
