// The moderators' review queue (docs/product.md, "Category moderators"): staff and the
// directory category's moderators list the applications waiting for them, read one with
// its references, answers, criteria, red flags and audit log side by side, and act on
// it. Everyone else: 403 (anonymous: 401). Providers ask for re-verification here too.
import { Router, type Response } from "express";
import {
  ApplicationId,
  ReviewAction,
  ReviewQueueQuery,
  type ActingUser,
  type ApplicationReview,
  type ReviewPendingCount,
  type ReviewQueue,
} from "../../contract/index.ts";
import { isReviewer } from "../../domain/review-actions.ts";
import { ReviewInputError, StaleVersionError, type ReviewStore } from "../../store/review.ts";
import { actingUser } from "../auth.ts";
import { ApiError } from "../errors.ts";
import { applicationView, type VettingContext } from "./applications.ts";
import { NoQuery, parseQuery } from "./providers.ts";
import { asApiError, permittedApplication, readJson } from "./vetting-support.ts";

export interface ReviewContext extends VettingContext {
  review: ReviewStore;
}

function requireReviewer(res: Response): ActingUser {
  const user = actingUser(res);
  if (user === null) throw new ApiError(401, "authentication_required", "sign in to the forum first");
  if (!isReviewer(user))
    throw new ApiError(403, "forbidden", "only staff and the directory's moderators review applications");
  return user;
}

/** Review refusals as answers (409 with the current state and version, 422, …). */
function asReviewError(error: unknown): unknown {
  if (error instanceof StaleVersionError)
    return new ApiError(409, "review_conflict", "the application changed since this decision was prepared", [
      {
        field: "version",
        code: "stale_version",
        message: error.message,
        params: { state: error.state, version: error.version },
      },
    ]);
  if (error instanceof ReviewInputError)
    return new ApiError(422, "invalid_review_action", error.message, [
      { field: error.field, code: error.code, message: error.message },
    ]);
  return asApiError(error);
}

export function reviewRouter(context: ReviewContext): Router {
  const { review, store, now } = context;
  const router = Router();

  /** The application in the path, for a reviewer who is not in its team. */
  const reviewed = (res: Response, idParam: unknown): { user: ActingUser; id: number } => {
    const user = requireReviewer(res);
    const id = ApplicationId.safeParse(idParam);
    const application = id.success ? store.get(id.data) : undefined;
    if (!application) throw new ApiError(404, "application_not_found", "no application has this id");
    if (application.teamUserIds.includes(user.id))
      throw new ApiError(403, "forbidden", "a moderator does not review their own structure's application");
    return { user, id: application.id };
  };

  router.get("/review/pending-count", (req, res) => {
    parseQuery(NoQuery, req.query);
    requireReviewer(res);
    const body: ReviewPendingCount = { pending: review.pendingCount() };
    res.json(body);
  });

  router.get("/review/queue", (req, res) => {
    const query = parseQuery(ReviewQueueQuery, req.query);
    requireReviewer(res);
    const body: ReviewQueue = review.queue(query, now());
    res.json(body);
  });

  router.get("/review/applications/:id", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { id } = reviewed(res, req.params.id);
    const body: ApplicationReview = review.review(id, now());
    res.json(body);
  });

  router.post("/review/applications/:id/actions", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { user, id } = reviewed(res, req.params.id);
    let action: ReviewAction;
    try {
      action = readJson(req, res, ReviewAction);
    } catch (error) {
      if (error instanceof ApiError && error.code === "invalid_application")
        throw new ApiError(422, "invalid_review_action", "this action is not valid", error.details);
      throw error;
    }
    try {
      review.act(id, user.username, action, now());
    } catch (error) {
      throw asReviewError(error);
    }
    const body: ApplicationReview = review.review(id, now());
    res.json(body);
  });

  router.post("/applications/:id/reverification", (req, res) => {
    parseQuery(NoQuery, req.query);
    const { user, application } = permittedApplication(store, res, req.params.id, "edit");
    if ((res.locals.rawBody as Buffer).length > 0)
      throw new ApiError(400, "bad_request", "this action takes no body");
    try {
      review.requestReverification(application.id, user.username, now());
    } catch (error) {
      throw asReviewError(error);
    }
    res.json(applicationView(context, application.id, false));
  });

  return router;
}
