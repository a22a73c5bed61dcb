// The campaign state machine (docs/cofunding.md): who may move a campaign from one state
// to another. Pure: the caller hands the current state, the actor and the clock.
import type { CampaignStatus, RequestedStatus } from "../contract/index.ts";

/** Who may take an edge: the service itself (funding, expiry), the author, a moderator. */
type Taker = "service" | "author" | "moderator" | "author_or_moderator";

const EDGES: Readonly<Record<CampaignStatus, Partial<Record<CampaignStatus, Taker>>>> = {
  draft: { open: "author", cancelled: "author_or_moderator" },
  open: { funded: "service", expired: "service", cancelled: "author_or_moderator" },
  funded: { in_progress: "author_or_moderator", cancelled: "moderator" },
  in_progress: { delivered: "author_or_moderator", cancelled: "moderator" },
  delivered: { closed: "author_or_moderator" },
  closed: {},
  expired: {},
  cancelled: {},
};

/** States a campaign never leaves. */
export const TERMINAL_STATES: readonly CampaignStatus[] = ["closed", "expired", "cancelled"];

/** How the acting person stands to the campaign. */
export interface CampaignRole {
  author: boolean;
  /** Co-funding category moderator or forum staff. */
  moderator: boolean;
}

export type TransitionDecision =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "invalid_transition" | "reason_required" };

/** Whether the edge exists at all, whoever asks. */
export function edgeExists(from: CampaignStatus, to: CampaignStatus): boolean {
  return EDGES[from][to] !== undefined;
}

/** Transitions only the service makes (reaching the target, passing the deadline). */
export function serviceMayMove(from: CampaignStatus, to: "funded" | "expired"): boolean {
  return EDGES[from][to] === "service";
}

/**
 * May this person move the campaign to `to` now? Someone with no role on the campaign is
 * refused whatever the state (403); an edge that does not exist is a conflict with the
 * current state (409); a moderator acting on someone else's campaign gives a reason.
 */
export function decideTransition(
  from: CampaignStatus,
  to: RequestedStatus,
  role: CampaignRole,
  reason: string | undefined
): TransitionDecision {
  if (!role.author && !role.moderator) return { ok: false, reason: "forbidden" };
  const taker = EDGES[from][to];
  if (taker === undefined || taker === "service")
    return { ok: false, reason: "invalid_transition" };
  const allowed =
    (taker === "author" && role.author) ||
    (taker === "moderator" && role.moderator) ||
    (taker === "author_or_moderator" && (role.author || role.moderator));
  if (!allowed) return { ok: false, reason: "forbidden" };
  if (!role.author && (reason === undefined || reason.trim() === ""))
    return { ok: false, reason: "reason_required" };
  return { ok: true };
}

/** The statuses this person could ask for now (what the panel offers). */
export function availableTransitions(from: CampaignStatus, role: CampaignRole): RequestedStatus[] {
  const requested: RequestedStatus[] = ["open", "in_progress", "delivered", "closed", "cancelled"];
  // A moderator's reason is asked for by the form; only the edge and the role matter here.
  return requested.filter((to) => decideTransition(from, to, role, "-").ok);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days left before the deadline, rounded up; 0 once it has passed. */
export function daysLeft(deadlineMs: number, nowMs: number): number {
  return deadlineMs <= nowMs ? 0 : Math.ceil((deadlineMs - nowMs) / DAY_MS);
}

/** An open campaign whose deadline has come and which is not funded ends as expired. */
export function isDueToExpire(status: CampaignStatus, deadlineMs: number, nowMs: number): boolean {
  return status === "open" && nowMs >= deadlineMs;
}

/** Reaching the target funds an open campaign. */
export function reachesTarget(pledgedCents: number, targetCents: number): boolean {
  return pledgedCents >= targetCents;
}
