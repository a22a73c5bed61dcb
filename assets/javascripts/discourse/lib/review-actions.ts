// How the review page offers each moderator action: whether it needs a reason (as the
// contract's ReviewAction requires one), whether it undoes something and so asks for a
// confirmation, and what it acts on. The service decides which actions fit the state
// (ApplicationReview.allowed_actions); this only says how to ask for them.
import type {
  ManualTagKey,
  ReviewAction,
  ReviewActionName,
} from "@emancipasso/directory-service/contract";

export interface ActionSpec {
  name: ReviewActionName;
  reasonRequired: boolean;
  /** Shown with a warning and a second, explicit button. */
  destructive: boolean;
}

const SPECS: Record<ReviewActionName, Omit<ActionSpec, "name">> = {
  approve: { reasonRequired: false, destructive: false },
  reject: { reasonRequired: true, destructive: true },
  request_changes: { reasonRequired: true, destructive: false },
  suspend: { reasonRequired: true, destructive: true },
  reopen: { reasonRequired: false, destructive: false },
  accept_reference: { reasonRequired: false, destructive: false },
  refuse_reference: { reasonRequired: true, destructive: true },
  grant_tag: { reasonRequired: true, destructive: false },
  revoke_tag: { reasonRequired: true, destructive: true },
  resend_questionnaire: { reasonRequired: false, destructive: false },
  cancel_questionnaire: { reasonRequired: false, destructive: true },
};

export function actionSpec(name: ReviewActionName): ActionSpec {
  return { name, ...SPECS[name] };
}

/** The actions on the application as a whole, in the order the page shows them. */
export const APPLICATION_ACTIONS: readonly ReviewActionName[] = [
  "approve",
  "request_changes",
  "reject",
  "suspend",
  "reopen",
];

export const REFERENCE_ACTIONS: readonly ReviewActionName[] = [
  "accept_reference",
  "refuse_reference",
  "resend_questionnaire",
  "cancel_questionnaire",
];

export const MANUAL_TAG_KEYS: readonly ManualTagKey[] = [
  "membre-chatons",
  "membre-pana",
  "certifie-qualiopi",
  "formation-emancipasso",
];

/** What an action is about, besides the application. */
export interface ActionTarget {
  referenceId?: number;
  tag?: ManualTagKey;
}

/** The body of POST /v1/review/applications/{id}/actions (reason left out when empty). */
export function actionBody(
  name: ReviewActionName,
  version: number,
  target: ActionTarget,
  reason: string
): ReviewAction {
  const trimmed = reason.trim();
  const body: Record<string, unknown> = { action: name, version };
  if (target.referenceId !== undefined) {
    body["reference_id"] = target.referenceId;
  }
  if (target.tag !== undefined) {
    body["tag"] = target.tag;
  }
  if (trimmed) {
    body["reason"] = trimmed;
  }
  return body as ReviewAction;
}
