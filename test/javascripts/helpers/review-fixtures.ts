// The review queue's answers, recorded from the real directory service by
// scripts/record-review-fixtures.ts (a structure applied, its two referees answered, then a
// directory moderator asked; and a rejected application once its referees' data was erased),
// served under the forum's proxy path by pretender.
import type { TestContext } from "@ember/test-helpers";
import type {
  ApplicationReview,
  ErrorResponse,
  Provider,
  ReviewPendingCount,
  ReviewQueue,
} from "@emancipasso/directory-service/contract";
import reviewAcceptReference from "../fixtures/review-accept-reference.json";
import reviewApplication from "../fixtures/review-application.json";
import reviewApplicationAfterConflict from "../fixtures/review-application-after-conflict.json";
import reviewApprove from "../fixtures/review-approve.json";
import reviewConflict from "../fixtures/review-conflict.json";
import reviewErased from "../fixtures/review-erased.json";
import reviewForbidden from "../fixtures/review-forbidden.json";
import reviewInvalidAction from "../fixtures/review-invalid-action.json";
import reviewListedProvider from "../fixtures/review-listed-provider.json";
import reviewPendingCount from "../fixtures/review-pending-count.json";
import reviewQueue from "../fixtures/review-queue.json";
import reviewQueueSuspended from "../fixtures/review-queue-suspended.json";

export interface Recorded<T> {
  request: { method: string; path: string; body?: unknown };
  status: number;
  body: T;
}

function recorded<T>(fixture: unknown): Recorded<T> {
  return fixture as Recorded<T>;
}

export const reviewFixtures = {
  pendingCount: recorded<ReviewPendingCount>(reviewPendingCount),
  queue: recorded<ReviewQueue>(reviewQueue),
  queueSuspended: recorded<ReviewQueue>(reviewQueueSuspended),
  forbidden: recorded<ErrorResponse>(reviewForbidden),
  application: recorded<ApplicationReview>(reviewApplication),
  invalidAction: recorded<ErrorResponse>(reviewInvalidAction),
  acceptReference: recorded<ApplicationReview>(reviewAcceptReference),
  conflict: recorded<ErrorResponse>(reviewConflict),
  applicationAfterConflict: recorded<ApplicationReview>(
    reviewApplicationAfterConflict
  ),
  approve: recorded<ApplicationReview>(reviewApprove),
  listedProvider: recorded<Provider>(reviewListedProvider),
  erased: recorded<ApplicationReview>(reviewErased),
};

/** The path the plugin asks for a recorded service path (behind /directory-api). */
export function proxied(fixture: Recorded<unknown>): string {
  return `/directory-api${fixture.request.path}`;
}

/** Discourse's currentUser for the test: a directory moderator unless told otherwise. */
export function signIn(
  context: TestContext,
  user: { username: string; emancipasso_reviews_directory?: boolean } | null = {
    username: "sacha",
    emancipasso_reviews_directory: true,
  }
): void {
  // Discourse registers the user, or null for an anonymous visitor, as service:current-user.
  context.owner.register("service:current-user", user as object, {
    instantiate: false,
  });
}
