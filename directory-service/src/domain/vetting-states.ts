// The two state machines of vetting (docs/product.md, "Vetting"). Pure tables: an action
// either fits the current state and names the next one, or is refused with the state it
// met, and the caller changes nothing.
import type { ApplicationState, ReferenceState } from "../contract/index.ts";

export type ApplicationAction =
  | "edit"
  | "submit"
  | "invite_referees"
  | "references_settled"
  | "request_changes"
  | "approve"
  | "reject"
  | "suspend"
  | "reopen";

export type ReferenceAction = "remind" | "answer" | "decline" | "expire" | "confirm_organisation";

type Table<S extends string, A extends string> = Record<A, Partial<Record<S, S>>>;

/**
 * Applicant actions: edit (stays put) and submit; the service's own: invite_referees and
 * references_settled; moderators' (a later part): request_changes, approve, reject,
 * suspend, reopen.
 */
export const APPLICATION_TRANSITIONS: Table<ApplicationState, ApplicationAction> = {
  edit: { draft: "draft", changes_requested: "changes_requested" },
  submit: { draft: "submitted", changes_requested: "submitted" },
  invite_referees: { submitted: "references_pending" },
  references_settled: { submitted: "in_review", references_pending: "in_review" },
  request_changes: { in_review: "changes_requested" },
  approve: { in_review: "listed" },
  reject: { in_review: "rejected" },
  suspend: { listed: "suspended" },
  reopen: { rejected: "in_review", suspended: "in_review" },
};

export const REFERENCE_TRANSITIONS: Table<ReferenceState, ReferenceAction> = {
  remind: { invited: "reminded", reminded: "reminded" },
  answer: { invited: "answered", reminded: "answered" },
  decline: { invited: "declined", reminded: "declined" },
  expire: { invited: "expired", reminded: "expired" },
  // An organisation can be confirmed while the questionnaire is still open.
  confirm_organisation: { invited: "invited", reminded: "reminded" },
};

export interface WrongState<S extends string, A extends string> {
  kind: "wrong_state";
  machine: "application" | "reference";
  state: S;
  action: A;
}

export type Transition<S extends string, A extends string> =
  | { ok: true; from: S; to: S }
  | { ok: false; refusal: WrongState<S, A> };

export function applicationTransition(
  state: ApplicationState,
  action: ApplicationAction
): Transition<ApplicationState, ApplicationAction> {
  const to = APPLICATION_TRANSITIONS[action][state];
  return to === undefined
    ? { ok: false, refusal: { kind: "wrong_state", machine: "application", state, action } }
    : { ok: true, from: state, to };
}

export function referenceTransition(
  state: ReferenceState,
  action: ReferenceAction
): Transition<ReferenceState, ReferenceAction> {
  const to = REFERENCE_TRANSITIONS[action][state];
  return to === undefined
    ? { ok: false, refusal: { kind: "wrong_state", machine: "reference", state, action } }
    : { ok: true, from: state, to };
}

/** A reference that can still be answered. */
export const isOpenReference = (state: ReferenceState): boolean =>
  state === "invited" || state === "reminded";

/**
 * The state a reference is really in at `now`: an open reference past its expiry is
 * expired even if no sweep has recorded it yet.
 */
export function effectiveReferenceState(
  state: ReferenceState,
  expiresAtMs: number,
  nowMs: number
): ReferenceState {
  return isOpenReference(state) && nowMs >= expiresAtMs ? "expired" : state;
}
