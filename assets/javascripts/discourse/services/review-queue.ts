// The moderators' review queue (docs/product.md, "Category moderators"): the applications
// waiting for a decision, one application's full review, the actions, and the pending count
// the sidebar shows. Everything goes through the forum's signed relay; the service checks
// the acting user's flags on every call and answers 403 to anyone else.
import { tracked } from "@glimmer/tracking";
import Service from "@ember/service";
import type {
  ApplicationReview,
  ReviewAction,
  ReviewPendingCount,
  ReviewQueue,
  ReviewQueueQuery,
} from "@emancipasso/directory-service/contract";
import { API_ROOT, directoryRequest } from "../lib/directory-ajax";

export type QueueFilter = ReviewQueueQuery["state"];

export default class ReviewQueueService extends Service {
  /** Applications waiting for a decision; null until loaded (or when it failed). */
  @tracked pendingCount: number | null = null;

  #pendingRequest: Promise<void> | null = null;

  async queue(state: QueueFilter): Promise<ReviewQueue> {
    const queue = (await directoryRequest(
      `${API_ROOT}/review/queue?state=${encodeURIComponent(state)}`
    )) as ReviewQueue;
    this.pendingCount = queue.counts.in_review;
    return queue;
  }

  async application(id: number): Promise<ApplicationReview> {
    return (await directoryRequest(
      `${API_ROOT}/review/applications/${id}`
    )) as ApplicationReview;
  }

  /** One decision; the service answers the review as it stands afterwards. */
  async act(id: number, action: ReviewAction): Promise<ApplicationReview> {
    const review = (await directoryRequest(
      `${API_ROOT}/review/applications/${id}/actions`,
      "POST",
      action
    )) as ApplicationReview;
    this.refreshPendingCount();
    return review;
  }

  /** Loaded once per page view (concurrent callers share it); a failure leaves no badge. */
  loadPendingCount(): Promise<void> {
    this.#pendingRequest ??= this.#fetchPendingCount();
    return this.#pendingRequest;
  }

  /** After a decision, the count may have changed. */
  refreshPendingCount(): Promise<void> {
    this.#pendingRequest = this.#fetchPendingCount();
    return this.#pendingRequest;
  }

  async #fetchPendingCount(): Promise<void> {
    try {
      const answer = (await directoryRequest(
        `${API_ROOT}/review/pending-count`
      )) as ReviewPendingCount;
      this.pendingCount = answer.pending;
    } catch {
      this.pendingCount = null;
    }
  }
}
