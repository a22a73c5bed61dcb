// Which moderator action fits which state (docs/product.md, "Category moderators").
// Decisions on the application go through its state machine (vetting-states.ts); the
// others need the application still under vetting and, for a reference, a reference in
// the right state. Pure tables; the caller changes nothing when an action does not fit.
import type {
  ApplicationState,
  ReferenceState,
  ReviewActionName,
} from "../contract/index.ts";
import { applicationTransition, isOpenReference, type ApplicationAction } from "./vetting-states.ts";

/** The actions that move the application through its state machine. */
export const DECISIONS: Partial<Record<ReviewActionName, ApplicationAction>> = {
  approve: "approve",
  reject: "reject",
  request_changes: "request_changes",
  suspend: "suspend",
  reopen: "reopen",
};

/** Application states in which each other action may be taken. */
const OTHER_ACTIONS: Partial<Record<ReviewActionName, readonly ApplicationState[]>> = {
  accept_reference: ["references_pending", "in_review", "listed"],
  refuse_reference: ["references_pending", "in_review", "listed"],
  grant_tag: ["in_review", "listed"],
  revoke_tag: ["in_review", "listed", "suspended", "rejected"],
  resend_questionnaire: ["references_pending", "in_review", "listed"],
  cancel_questionnaire: ["references_pending", "in_review", "listed"],
};

/** Whether an action fits the application's state (references are checked separately). */
export function actionFitsState(action: ReviewActionName, state: ApplicationState): boolean {
  const decision = DECISIONS[action];
  if (decision) return applicationTransition(state, decision).ok;
  return OTHER_ACTIONS[action]!.includes(state);
}

/** The actions that fit the state, in the contract's order. */
export function allowedActions(state: ApplicationState, order: readonly ReviewActionName[]): ReviewActionName[] {
  return order.filter((action) => actionFitsState(action, state));
}

/** Reference states in which each reference action may be taken. */
export function actionFitsReference(
  action: "accept_reference" | "refuse_reference" | "resend_questionnaire" | "cancel_questionnaire",
  state: ReferenceState
): boolean {
  switch (action) {
    case "accept_reference":
    case "refuse_reference":
      return state === "answered";
    case "resend_questionnaire":
      // An open questionnaire gets a new link; a declined or expired one is sent again.
      return state !== "answered";
    case "cancel_questionnaire":
      return isOpenReference(state);
  }
}

/** Who reviews: staff (admins, moderators) and the directory category's moderators. */
export { isVettingReviewer as isReviewer } from "./vetting-permissions.ts";
