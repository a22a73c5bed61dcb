// OpenAPI description of the review routes (the moderators' queue, decisions, the
// provider's re-verification), generated from the contract's zod schemas; merged into
// /openapi.json.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import {
  ApplicationId,
  ApplicationReview,
  ApplicationView,
  ErrorResponse,
  ReviewAction,
  ReviewPendingCount,
  ReviewQueue,
  ReviewQueueQuery,
} from "../contract/index.ts";
import { signedAsUser } from "./openapi-security.ts";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const ERRORS: Record<number, string> = {
  400: "Unknown query parameter, malformed JSON or user header, or a body where none is taken",
  401: "Missing or invalid signature, or no signed-in user",
  403: "Only staff (admins, moderators) and the directory category's moderators review; never their own structure's application",
  404: "No application has this id",
  409: "invalid_state: the action does not fit the application's (or the reference's) state; review_conflict: the version sent is not the current one (details[0].params: state, version). Nothing was written",
  415: "The body is not application/json",
  422: "invalid_review_action: the action is malformed, names a reference of another application, or cannot be taken (e.g. approving without enough accepted references; sending again the questionnaire of a referee whose contact data was erased: referee_data_erased). Nothing was written",
};
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), json(ErrorResponse, ERRORS[status]!)]));
const idPath = { path: z.object({ id: ApplicationId }) };

const operations = {
  getReviewPendingCount: {
    operationId: "getReviewPendingCount",
    summary: "How many applications wait for a moderator's decision (reviewers)",
    description: "One indexed count, cheap enough for the forum's navigation badge.",
    ...signedAsUser,
    responses: { "200": json(ReviewPendingCount, "The count"), ...errors(400, 401, 403) },
  },
  listReviewQueue: {
    operationId: "listReviewQueue",
    summary: "The review queue (reviewers): applications in a state, oldest submission first",
    description: "Each item with its references' counts and its number of red flags; counts of every state.",
    ...signedAsUser,
    requestParams: { query: ReviewQueueQuery },
    responses: { "200": json(ReviewQueue, "The queue"), ...errors(400, 401, 403) },
  },
  getApplicationReview: {
    operationId: "getApplicationReview",
    summary: "One application for review: references, answers, criteria, red flags, tags and audit log",
    description: "version is the compare-and-set token every action must send back.",
    ...signedAsUser,
    requestParams: idPath,
    responses: { "200": json(ApplicationReview, "The application under review"), ...errors(400, 401, 403, 404) },
  },
  actOnApplication: {
    operationId: "actOnApplication",
    summary: "A moderator's action: approve, reject, request changes, suspend, re-open, accept or refuse a reference, grant or revoke a manual tag, re-send or cancel a questionnaire",
    description:
      "All or nothing, in one transaction, appended to the audit log; the applicant is mailed on each change of state. Approval lists the provider with its derived tags.",
    ...signedAsUser,
    requestParams: idPath,
    requestBody: { required: true, content: { "application/json": { schema: ReviewAction } } },
    responses: {
      "200": json(ApplicationReview, "The application after the action"),
      ...errors(400, 401, 403, 404, 409, 415, 422),
    },
  },
  requestReverification: {
    operationId: "requestReverification",
    summary: "Ask for re-verification (the team of a listed provider): each accepted reference is sent a new questionnaire",
    description: "The tags stay until they expire; the new answers, once accepted, renew them.",
    ...signedAsUser,
    requestParams: idPath,
    responses: {
      "200": json(ApplicationView, "The application with its new questionnaires"),
      ...errors(400, 401, 403, 404, 409, 422),
    },
  },
} satisfies Record<string, ZodOpenApiOperationObject>;

export const reviewPaths: ZodOpenApiPathsObject = {
  "/v1/review/pending-count": { get: operations.getReviewPendingCount },
  "/v1/review/queue": { get: operations.listReviewQueue },
  "/v1/review/applications/{id}": { get: operations.getApplicationReview },
  "/v1/review/applications/{id}/actions": { post: operations.actOnApplication },
  "/v1/applications/{id}/reverification": { post: operations.requestReverification },
};

export const reviewSchemas = { ApplicationReview, ReviewQueue, ReviewAction };
