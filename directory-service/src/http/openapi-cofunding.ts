// OpenAPI operations of the co-funding routes, generated from the contract's schemas.
import { z } from "zod";
import type {
  ZodOpenApiOperationObject,
  ZodOpenApiPathsObject,
} from "zod-openapi";
import { signed, signedAsUser } from "./openapi-security.ts";
import {
  AuditResponse,
  CampaignView,
  CreateCampaignRequest,
  ErrorResponse,
  MyPledgesResponse,
  PledgeRequest,
  QuoteRequest,
  SplitPlan,
  SplitPlanFormat,
  TransitionRequest,
  UpdateCampaignRequest,
  VisibilityRequest,
} from "../contract/index.ts";

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const ERRORS: Record<number, string> = {
  400: "Invalid body, parameter, user header or Idempotency-Key",
  401: "Missing or invalid signature, or sign-in required",
  403: "The acting user may not do this",
  404: "No such campaign (or hidden from this user), pledge or quote",
  409: "Conflicts with the campaign's state (details give the current one), or an Idempotency-Key reused with another body",
  415: "The body is not application/json",
  422: "An amount, deadline or provider refused by the rules",
};
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [String(s), json(ErrorResponse, ERRORS[s]!)])
  );

const topic = z.object({
  topic_id: z.string().regex(/^\d+$/).meta({ description: "Forum topic id" }),
});
const idempotencyKey = z.object({
  "idempotency-key": z.string().min(8).max(200).meta({
    description:
      "New for each new request (8–200 printable ASCII characters). Sending the same key and body again answers the first result; another body is refused (409). Kept one day, per user and route.",
  }),
});
const writeParams = (withTopic: boolean) => ({
  requestParams: withTopic
    ? { path: topic, header: idempotencyKey }
    : { header: idempotencyKey },
});
const body = (schema: z.ZodType) => ({
  requestBody: { required: true, content: { "application/json": { schema } } },
});
const campaign = (description: string) => json(CampaignView, description);

const op = (
  operationId: string,
  summary: string,
  description: string,
  rest: Omit<
    ZodOpenApiOperationObject,
    "operationId" | "summary" | "description"
  >
): ZodOpenApiOperationObject => ({
  operationId,
  summary,
  description,
  tags: ["cofunding"],
  // Writes and a member's own lists need a signed-in user; reads are open to anonymous visitors.
  ...(rest.requestParams?.header ||
  operationId === "listMyPledges" ||
  operationId === "getCampaignAudit"
    ? signedAsUser
    : signed),
  ...rest,
});

export const cofundingPaths: ZodOpenApiPathsObject = {
  "/v1/cofunding/campaigns": {
    post: op(
      "createCampaign",
      "Open a co-funding request for a forum topic",
      "Signed-in members. Creates the campaign of the topic as draft or open. Sending the same request again for the topic answers the existing campaign (200); another request for the same topic is a conflict (409).",
      {
        ...writeParams(false),
        ...body(CreateCampaignRequest),
        responses: {
          "201": campaign("The new campaign"),
          "200": campaign("The campaign this same request already created"),
          ...errors(400, 401, 409, 415, 422),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}": {
    get: op(
      "getCampaign",
      "A campaign's panel: progress, pledges, quotes, timeline, split plan",
      "Anyone, anonymous visitors included. Anonymous pledges show no association or member except to the pledger and moderators. A hidden campaign is visible only to its author and moderators. A campaign past its deadline reads as expired.",
      {
        requestParams: { path: topic },
        responses: {
          "200": campaign("The campaign as this user may see it"),
          ...errors(400, 401, 404),
        },
      }
    ),
    patch: op(
      "updateCampaign",
      "Complete or correct a draft",
      "The campaign's author, while it is a draft.",
      {
        ...writeParams(true),
        ...body(UpdateCampaignRequest),
        responses: {
          "200": campaign("The updated campaign"),
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/transitions": {
    post: op(
      "transitionCampaign",
      "Change a campaign's status",
      "The author opens a draft, cancels before funding, and moves a funded campaign to in_progress, delivered, closed; co-funding moderators and staff may also do so, and cancel at any stage before delivery, always with a reason. Funded and expired are set by the service only.",
      {
        ...writeParams(true),
        ...body(TransitionRequest),
        responses: {
          "200": campaign("The campaign in its new status"),
          ...errors(400, 401, 403, 404, 409, 415, 422),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/visibility": {
    put: op(
      "setCampaignVisibility",
      "Hide or show a campaign, with a reason",
      "Co-funding category moderators and staff. Recorded in the audit log.",
      {
        ...writeParams(true),
        ...body(VisibilityRequest),
        responses: {
          "200": campaign("The campaign"),
          ...errors(400, 401, 403, 404, 415),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/pledges/mine": {
    put: op(
      "putMyPledge",
      "Pledge for an association, or change my pledge",
      "Signed-in members, while the campaign is open. An amount (at least the minimum pledge), in-kind help, or both; reaching the target funds the campaign once and fixes its split plan.",
      {
        ...writeParams(true),
        ...body(PledgeRequest),
        responses: {
          "200": campaign("The campaign with my pledge"),
          ...errors(400, 401, 404, 409, 415, 422),
        },
      }
    ),
    delete: op(
      "withdrawMyPledge",
      "Withdraw my pledge",
      "The pledger, while the campaign is open (refused once funded).",
      {
        ...writeParams(true),
        responses: {
          "200": campaign("The campaign without my pledge"),
          ...errors(400, 401, 404, 409),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/quotes": {
    post: op(
      "submitQuote",
      "Answer a request with a quote",
      "A member of a listed provider's team quotes for that provider, while the campaign is open. A provider that is not listed is refused with 422 provider_not_listed; a user who is not on the provider's team with 403 not_provider_member (detail on provider_slug).",
      {
        ...writeParams(true),
        ...body(QuoteRequest),
        responses: {
          "201": campaign("The campaign with the new quote"),
          ...errors(400, 401, 404, 409, 415, 422),
          "403": json(
            ErrorResponse,
            "not_provider_member: the acting user is not on the team of the provider named in provider_slug"
          ),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/quotes/{quote_id}/choose": {
    post: op(
      "chooseQuote",
      "Choose a quote: it sets the target",
      "The campaign's author, while it is a draft or open. May fund the campaign at once.",
      {
        requestParams: {
          path: topic.extend({ quote_id: z.string().regex(/^\d+$/) }),
          header: idempotencyKey,
        },
        responses: {
          "200": campaign("The campaign with its chosen quote"),
          ...errors(400, 401, 403, 404, 409),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/split-plan": {
    get: op(
      "getSplitPlan",
      "Who owes what to the chosen provider (JSON or CSV)",
      "Anyone who may see the campaign, once funded. The CSV is UTF-8 with a BOM, ';' separated, for LibreOffice and Excel.",
      {
        requestParams: { path: topic, query: SplitPlanFormat },
        responses: {
          "200": {
            description: "The split plan",
            content: {
              "application/json": { schema: SplitPlan },
              "text/csv": {
                schema: z
                  .string()
                  .meta({ description: "UTF-8 with BOM, ';' separated" }),
              },
            },
          },
          ...errors(400, 401, 404),
        },
      }
    ),
  },
  "/v1/cofunding/campaigns/{topic_id}/audit": {
    get: op(
      "getCampaignAudit",
      "A campaign's audit log",
      "Co-funding moderators and staff. Every decision and state change: who, when, what, why, before and after.",
      {
        requestParams: { path: topic },
        responses: {
          "200": json(AuditResponse, "The log, oldest first"),
          ...errors(400, 401, 403, 404),
        },
      }
    ),
  },
  "/v1/cofunding/pledges/mine": {
    get: op(
      "listMyPledges",
      "My pledges on every campaign",
      "Signed-in members: each pledge with its campaign and, once funded, what it owes.",
      {
        responses: {
          "200": json(MyPledgesResponse, "My pledges, newest first"),
          ...errors(400, 401),
        },
      }
    ),
  },
};
