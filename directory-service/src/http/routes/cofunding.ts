// Co-funding routes (docs/cofunding.md): campaigns keyed by their forum topic, pledges,
// quotes, status changes, the split plan and the audit log. Every write needs a signed-in
// user and an Idempotency-Key header; its first result is replayed for the same key.
import { createHash } from "node:crypto";
import {
  Router,
  type NextFunction,
  type Request,
  type Response,
} from "express";
import { z } from "zod";
import { CofundingRefusal } from "../../domain/cofunding-refusal.ts";
import { splitPlanCsv } from "../../domain/split-plan-csv.ts";
import {
  CofundingStore,
  isListedProvider,
  type CofundingActor,
} from "../../store/cofunding.ts";
import type { Db } from "../../store/database.ts";
import { isListedProviderMember, listedProviderMembers } from "../../store/provider-members.ts";
import { runIdempotent } from "../../store/idempotency.ts";
import { actingUser, requestLocale } from "../auth.ts";
import {
  CreateCampaignRequest,
  PledgeRequest,
  QuoteRequest,
  SplitPlanFormat,
  TopicId,
  TransitionRequest,
  UpdateCampaignRequest,
  VisibilityRequest,
  type ActingUser,
  type ErrorCode,
} from "../../contract/index.ts";
import { DEFAULT_MAX_AMOUNT_CENTS } from "../../domain/money.ts";
import { DEFAULT_IDEMPOTENCY_TTL_MS } from "../../store/idempotency.ts";
import { ApiError, zodDetails } from "../errors.ts";
import type { NamedRoute } from "../request-log.ts";
import { NoQuery, parseQuery } from "./providers.ts";

export interface CofundingConfig {
  maxAmountCents: number;
  idempotencyTtlMs: number;
}

export const DEFAULT_COFUNDING_CONFIG: CofundingConfig = {
  maxAmountCents: DEFAULT_MAX_AMOUNT_CENTS,
  idempotencyTtlMs: DEFAULT_IDEMPOTENCY_TTL_MS,
};

const CAMPAIGN = String.raw`\/v1\/cofunding\/campaigns\/[^/]+`;
/** Every co-funding route, for 405 answers on a known path with the wrong method. */
export const COFUNDING_ROUTES: readonly NamedRoute[] = [
  {
    method: "POST",
    pattern: /^\/v1\/cofunding\/campaigns\/?$/,
    route: "/v1/cofunding/campaigns",
  },
  {
    method: "GET",
    pattern: new RegExp(`^${CAMPAIGN}\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}",
  },
  {
    method: "PATCH",
    pattern: new RegExp(`^${CAMPAIGN}\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}",
  },
  {
    method: "POST",
    pattern: new RegExp(`^${CAMPAIGN}\/transitions\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/transitions",
  },
  {
    method: "PUT",
    pattern: new RegExp(`^${CAMPAIGN}\/visibility\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/visibility",
  },
  {
    method: "PUT",
    pattern: new RegExp(`^${CAMPAIGN}\/pledges\/mine\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/pledges/mine",
  },
  {
    method: "DELETE",
    pattern: new RegExp(`^${CAMPAIGN}\/pledges\/mine\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/pledges/mine",
  },
  {
    method: "POST",
    pattern: new RegExp(`^${CAMPAIGN}\/quotes\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/quotes",
  },
  {
    method: "POST",
    pattern: new RegExp(`^${CAMPAIGN}\/quotes\/[^/]+\/choose\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/quotes/{quote_id}/choose",
  },
  {
    method: "GET",
    pattern: new RegExp(`^${CAMPAIGN}\/split-plan\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/split-plan",
  },
  {
    method: "GET",
    pattern: new RegExp(`^${CAMPAIGN}\/audit\/?$`),
    route: "/v1/cofunding/campaigns/{topic_id}/audit",
  },
  {
    method: "GET",
    pattern: /^\/v1\/cofunding\/pledges\/mine\/?$/,
    route: "/v1/cofunding/pledges/mine",
  },
];

const REFUSAL_STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_body: 400,
  forbidden: 403,
  not_provider_member: 403,
  campaign_not_found: 404,
  pledge_not_found: 404,
  quote_not_found: 404,
  campaign_conflict: 409,
  invalid_transition: 409,
  campaign_not_open: 409,
  idempotency_conflict: 409,
  invalid_amount: 422,
  invalid_deadline: 422,
  provider_not_listed: 422,
};

function asApiError(error: unknown): unknown {
  if (!(error instanceof CofundingRefusal)) return error;
  return new ApiError(
    REFUSAL_STATUS[error.code] ?? 400,
    error.code,
    error.message,
    error.details
  );
}

/** What the store needs to know about the acting user. */
function actorOf(user: ActingUser | null): CofundingActor | null {
  if (user === null) return null;
  return {
    id: user.id,
    username: user.username,
    moderator: user.cofunding_moderator || user.admin || user.moderator,
  };
}

function signedIn(res: Response): CofundingActor {
  const actor = actorOf(actingUser(res));
  if (actor === null)
    throw new ApiError(401, "authentication_required", "sign in to do this");
  return actor;
}

function topicIdOf(req: Request): number {
  const parsed = TopicId.safeParse(req.params.topic);
  if (!parsed.success || !/^\d+$/.test(String(req.params.topic)))
    throw new ApiError(
      400,
      "invalid_parameters",
      "the topic id must be a positive integer",
      [
        {
          field: "topic_id",
          code: "invalid_type",
          message: "expected a positive integer",
        },
      ]
    );
  return parsed.data;
}

function quoteIdOf(req: Request): number {
  const value = String(req.params.quote);
  const id = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id <= 0)
    throw new ApiError(
      400,
      "invalid_parameters",
      "the quote id must be a positive integer",
      [
        {
          field: "quote_id",
          code: "invalid_type",
          message: "expected a positive integer",
        },
      ]
    );
  return id;
}

/** The JSON body, checked against its schema (400/415 otherwise; nothing is written). */
function readBody<T extends z.ZodType>(
  req: Request,
  res: Response,
  schema: T
): z.output<T> {
  const raw = res.locals.rawBody as Buffer;
  const type = (req.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
  if (type !== "application/json")
    throw new ApiError(415, "unsupported_media_type", "send application/json", [
      {
        field: "Content-Type",
        code: "unsupported_media_type",
        message: `got "${type || "nothing"}"`,
        params: { type },
      },
    ]);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new ApiError(400, "invalid_encoding", "the body is not UTF-8 text");
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError(
      400,
      "invalid_json",
      "the request body is not valid JSON"
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new ApiError(
      400,
      "invalid_body",
      "the request body is not valid",
      zodDetails(parsed.error)
    );
  return parsed.data;
}

const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{8,200}$/);

function idempotencyKeyOf(req: Request): string {
  const value = req.headers["idempotency-key"];
  const parsed = IdempotencyKey.safeParse(value);
  if (!parsed.success)
    throw new ApiError(
      400,
      "idempotency_key_required",
      "send an Idempotency-Key header with every write",
      [
        {
          field: "Idempotency-Key",
          code: value === undefined ? "required" : "invalid_format",
          message:
            "8 to 200 printable ASCII characters, new for each new request",
        },
      ]
    );
  return parsed.data;
}

export function cofundingRouter(
  db: Db,
  config: CofundingConfig,
  now: () => number
): Router {
  const router = Router();
  const store = new CofundingStore(db, {
    maxAmountCents: config.maxAmountCents,
    isListedProvider: (slug) => isListedProvider(db, slug),
    isProviderMember: (slug, userId) =>
      isListedProviderMember(db, slug, userId),
    isOnAProviderTeam: (userId) => listedProviderMembers(db, [userId]).length > 0,
  });

  /** Expire first (its own transaction), so a campaign past its deadline reads as expired. */
  const freshen = (topicId: number, nowMs: number) => {
    store.expireIfDue(topicId, nowMs);
  };

  /**
   * A write: signed-in user, no query, a valid body, an Idempotency-Key; the change and
   * the record of its answer in one transaction; refusals in the error shape.
   */
  function write<T extends z.ZodType>(
    schema: T | null,
    perform: (
      actor: CofundingActor,
      body: z.output<T>,
      req: Request,
      nowMs: number
    ) => { status: number; body: unknown }
  ) {
    return (req: Request, res: Response) => {
      const actor = signedIn(res);
      parseQuery(NoQuery, req.query);
      const body =
        schema === null
          ? (undefined as z.output<T>)
          : readBody(req, res, schema);
      const key = idempotencyKeyOf(req);
      const nowMs = now();
      if (req.params.topic !== undefined) freshen(topicIdOf(req), nowMs);
      const result = runIdempotent(
        db,
        {
          userId: actor.id,
          route: `${req.method} ${req.originalUrl.split("?")[0]}`,
          key,
          bodySha256: createHash("sha256")
            .update(res.locals.rawBody as Buffer)
            .digest("hex"),
        },
        nowMs,
        config.idempotencyTtlMs,
        () => perform(actor, body, req, nowMs)
      );
      res
        .status(result.status)
        .set("Idempotent-Replayed", result.replayed ? "true" : "false")
        .type("json")
        .send(result.body);
    };
  }

  /** A write on one campaign that answers the campaign as its actor now sees it. */
  function campaignWrite<T extends z.ZodType>(
    schema: T | null,
    status: 200 | 201,
    change: (
      actor: CofundingActor,
      topicId: number,
      body: z.output<T>,
      req: Request,
      nowMs: number
    ) => void
  ) {
    return write(schema, (actor, body, req, nowMs) => {
      const topicId = topicIdOf(req);
      change(actor, topicId, body, req, nowMs);
      return { status, body: store.view(topicId, actor, nowMs) };
    });
  }

  router.post(
    "/cofunding/campaigns",
    write(CreateCampaignRequest, (actor, body, _req, nowMs) => {
      const { created } = store.create(actor, body, nowMs);
      return {
        status: created ? 201 : 200,
        body: store.view(body.topic_id, actor, nowMs),
      };
    })
  );

  router.get("/cofunding/campaigns/:topic", (req, res) => {
    parseQuery(NoQuery, req.query);
    const topicId = topicIdOf(req);
    const nowMs = now();
    freshen(topicId, nowMs);
    res.json(store.view(topicId, actorOf(actingUser(res)), nowMs));
  });

  router.patch(
    "/cofunding/campaigns/:topic",
    campaignWrite(
      UpdateCampaignRequest,
      200,
      (actor, topicId, body, _req, nowMs) =>
        store.update(actor, topicId, body, nowMs)
    )
  );

  router.post(
    "/cofunding/campaigns/:topic/transitions",
    campaignWrite(TransitionRequest, 200, (actor, topicId, body, _req, nowMs) =>
      store.transition(actor, topicId, body.to, body.reason, nowMs)
    )
  );

  router.put(
    "/cofunding/campaigns/:topic/visibility",
    campaignWrite(VisibilityRequest, 200, (actor, topicId, body, _req, nowMs) =>
      store.setVisibility(actor, topicId, body.hidden, body.reason, nowMs)
    )
  );

  router.put(
    "/cofunding/campaigns/:topic/pledges/mine",
    campaignWrite(PledgeRequest, 200, (actor, topicId, body, _req, nowMs) =>
      store.putPledge(actor, topicId, body, nowMs)
    )
  );

  router.delete(
    "/cofunding/campaigns/:topic/pledges/mine",
    campaignWrite(null, 200, (actor, topicId, _body, _req, nowMs) =>
      store.withdrawPledge(actor, topicId, nowMs)
    )
  );

  router.post(
    "/cofunding/campaigns/:topic/quotes",
    campaignWrite(QuoteRequest, 201, (actor, topicId, body, _req, nowMs) =>
      store.addQuote(actor, topicId, body, nowMs)
    )
  );

  router.post(
    "/cofunding/campaigns/:topic/quotes/:quote/choose",
    campaignWrite(null, 200, (actor, topicId, _body, req, nowMs) =>
      store.chooseQuote(actor, topicId, quoteIdOf(req), nowMs)
    )
  );

  router.get("/cofunding/campaigns/:topic/split-plan", (req, res) => {
    const { format } = parseQuery(SplitPlanFormat, req.query);
    const topicId = topicIdOf(req);
    freshen(topicId, now());
    const plan = store.splitPlan(topicId, actorOf(actingUser(res)));
    if (plan === null)
      throw new ApiError(
        404,
        "not_found",
        "there is no split plan before the campaign is funded"
      );
    if (format === "json") {
      res.json(plan);
      return;
    }
    const csv = splitPlanCsv(
      plan.lines.map((line) => ({
        association: line.association,
        pledgedCents: line.pledged_cents,
        owedCents: line.owed_cents,
      })),
      plan.provider_slug,
      requestLocale(req, res)
    );
    res
      .type("text/csv; charset=utf-8")
      .attachment(`plan-de-repartition-${topicId}.csv`)
      .send(csv);
  });

  router.get("/cofunding/campaigns/:topic/audit", (req, res) => {
    parseQuery(NoQuery, req.query);
    const topicId = topicIdOf(req);
    const actor = signedIn(res);
    if (!actor.moderator)
      throw new ApiError(
        403,
        "forbidden",
        "the audit log is for co-funding moderators and staff"
      );
    res.json({ items: store.audit(topicId, actor) });
  });

  router.get("/cofunding/pledges/mine", (req, res) => {
    parseQuery(NoQuery, req.query);
    const actor = signedIn(res);
    res.json({ items: store.myPledges(actor) });
  });

  // Rule refusals leave in the error shape with their status.
  router.use(
    (error: unknown, _req: Request, _res: Response, next: NextFunction) => {
      next(asApiError(error));
    }
  );

  return router;
}
