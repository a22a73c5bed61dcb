// The Express application, built from injected parts so tests and benchmarks can make
// their own (database file, secret, clock).
import { randomBytes } from "node:crypto";
import express, { type ErrorRequestHandler, type Express } from "express";
import type { NonceMemory } from "../domain/signature.ts";
import type { Db } from "../store/database.ts";
import { nonceDatabasePath, openNonceDatabase, SqliteNonceMemory } from "../store/nonces.ts";
import { ProviderStore } from "../store/providers.ts";
import { TaxonomyCatalog } from "../store/taxonomies.ts";
import { SERVICE_VERSION } from "../version.ts";
import { silentLogger, type Logger } from "../logging.ts";
import { requireSignature } from "./auth.ts";
import { errorHandler, notFoundHandler, optionsHandler } from "./errors.ts";
import { openApiDocument } from "./openapi.ts";
import { adminRouter } from "./routes/admin.ts";
import {
  COFUNDING_ROUTES,
  DEFAULT_COFUNDING_CONFIG,
  cofundingRouter,
  type CofundingConfig,
} from "./routes/cofunding.ts";
import { healthRouter } from "./routes/health.ts";
import { publicRouter } from "./routes/providers.ts";
import { providerMembersRouter } from "./routes/provider-members.ts";
import { applicationsRouter } from "./routes/applications.ts";
import { referencesRouter } from "./routes/references.ts";
import type { ProConnect } from "../proconnect/client.ts";
import { structuresRouter } from "./routes/structures.ts";
import {
  DEFAULT_REFERENCE_LIFETIME_DAYS,
  DEFAULT_REMINDER_DAYS,
  VettingStore,
} from "../store/vetting.ts";
import { enqueueMail } from "../mail/outbox.ts";
import { DEFAULT_REVIEW_SETTINGS, ReviewStore, type ReviewSettings } from "../store/review.ts";
import { reviewRouter } from "./routes/review.ts";
import { requestId, requestLog, type NamedRoute } from "./request-log.ts";

export interface AppDeps {
  db: Db;
  /** Shared secret of the request signatures. */
  secret: string;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  /** Used nonces; by default a nonce file beside the database (store/nonces.ts). */
  nonces?: NonceMemory;
  version?: string;
  /** Largest request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /**
   * How long an import request waits for its outcome before answering 202 with the
   * import's id: below the forum relay's timeout (5 s by default), leaving time for the
   * upload and the signature check. Default 3000.
   */
  importAnswerWithinMs?: number;
  /** Request lines and internal errors; writes nothing when not given (tests). */
  logger?: Logger;
  /** Where internal errors are reported instead of the logger (tests silence them). */
  log?: (message: string) => void;
  /** Co-funding limits (amount ceiling, how long idempotency keys are kept). */
  cofunding?: Partial<CofundingConfig>;
  vetting?: VettingDeps;
  /** The review's settings (tag validity, fast-answer threshold, …); defaults otherwise. */
  review?: Partial<ReviewSettings>;
}

/** Vetting's parts (docs/product.md, "Vetting"), each with a default. */
export interface VettingDeps {
  /** The forum's address: the referees' links and the applicants' mails point there. */
  forumBaseUrl?: string;
  referenceLifetimeDays?: number;
  reminderDays?: readonly number[];
  /** Days referees' personal data is kept after the decision (default 90). */
  refereeRetentionDays?: number;
  randomBytes?: (size: number) => Buffer;
  /** The outbox (src/mail/outbox.ts) unless a test hands in another. */
  enqueueMail?: typeof enqueueMail;
  proconnect?: ProConnect | null;
  /** The ProConnect callback address registered for the questionnaire (see routes/references.ts). */
  proconnectRedirectUri?: string;
  questionnaireRateLimit?: { windowMs: number; perToken: number; perAddress: number };
}

/** Every route: 405 answers on a known path with the wrong method, and the logged route. */
const ROUTES: readonly NamedRoute[] = [
  { method: "GET", pattern: /^\/v1\/providers\/?$/, route: "/v1/providers" },
  { method: "GET", pattern: /^\/v1\/providers\/by-members\/?$/, route: "/v1/providers/by-members" },
  { method: "GET", pattern: /^\/v1\/providers\/[^/]+\/team\/?$/, route: "/v1/providers/{slug}/team" },
  {
    method: "GET",
    pattern: /^\/v1\/providers\/[^/]+\/?$/,
    route: "/v1/providers/{slug}",
  },
  { method: "GET", pattern: /^\/v1\/taxonomies\/?$/, route: "/v1/taxonomies" },
  {
    method: "POST",
    pattern: /^\/v1\/admin\/providers\/import\/?$/,
    route: "/v1/admin/providers/import",
  },
  {
    method: "GET",
    pattern: /^\/v1\/admin\/providers\/export\/?$/,
    route: "/v1/admin/providers/export",
  },
  {
    method: "GET",
    pattern: /^\/v1\/admin\/providers\/imports\/[^/]+\/?$/,
    route: "/v1/admin/providers/imports/{id}",
  },
  { method: "POST", pattern: /^\/v1\/applications\/?$/, route: "/v1/applications" },
  { method: "GET", pattern: /^\/v1\/applications\/?$/, route: "/v1/applications" },
  { method: "GET", pattern: /^\/v1\/applications\/[^/]+\/?$/, route: "/v1/applications/{id}" },
  { method: "PUT", pattern: /^\/v1\/applications\/[^/]+\/draft\/?$/, route: "/v1/applications/{id}/draft" },
  { method: "POST", pattern: /^\/v1\/applications\/[^/]+\/submit\/?$/, route: "/v1/applications/{id}/submit" },
  { method: "GET", pattern: /^\/v1\/structures\/mine\/?$/, route: "/v1/structures/mine" },
  { method: "POST", pattern: /^\/v1\/structures\/[^/]+\/invitations\/?$/, route: "/v1/structures/{id}/invitations" },
  { method: "POST", pattern: /^\/v1\/structures\/[^/]+\/invitations\/accept\/?$/, route: "/v1/structures/{id}/invitations/accept" },
  { method: "GET", pattern: /^\/v1\/references\/proconnect\/callback\/?$/, route: "/v1/references/proconnect/callback" },
  { method: "GET", pattern: /^\/v1\/references\/[^/]+\/?$/, route: "/v1/references/{token}" },
  { method: "POST", pattern: /^\/v1\/references\/[^/]+\/?$/, route: "/v1/references/{token}" },
  { method: "POST", pattern: /^\/v1\/references\/[^/]+\/decline\/?$/, route: "/v1/references/{token}/decline" },
  { method: "GET", pattern: /^\/v1\/references\/[^/]+\/proconnect\/?$/, route: "/v1/references/{token}/proconnect" },
  { method: "GET", pattern: /^\/v1\/review\/pending-count\/?$/, route: "/v1/review/pending-count" },
  { method: "GET", pattern: /^\/v1\/review\/queue\/?$/, route: "/v1/review/queue" },
  { method: "GET", pattern: /^\/v1\/review\/applications\/[^/]+\/?$/, route: "/v1/review/applications/{id}" },
  { method: "POST", pattern: /^\/v1\/review\/applications\/[^/]+\/actions\/?$/, route: "/v1/review/applications/{id}/actions" },
  { method: "POST", pattern: /^\/v1\/applications\/[^/]+\/reverification\/?$/, route: "/v1/applications/{id}/reverification" },
  { method: "GET", pattern: /^\/healthz\/?$/, route: "/healthz" },
  { method: "GET", pattern: /^\/openapi\.json$/, route: "/openapi.json" },
  ...COFUNDING_ROUTES,
];

export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? Date.now;
  const version = deps.version ?? SERVICE_VERSION;
  const logger = deps.logger ?? silentLogger();
  const catalog = new TaxonomyCatalog(deps.db);
  const catalogOf = () => catalog;
  const store = new ProviderStore(deps.db, catalogOf, { now });
  // Build the search index now rather than on the first visitor's request.
  store.searchIndex();
  let openApi: unknown;

  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.set("etag", false);

  app.use(requestLog(logger, ROUTES));
  app.use(optionsHandler(ROUTES));
  app.use(healthRouter(deps.db, version, () => (openApi ??= openApiDocument(version))));

  const v1 = express.Router();
  v1.use(
    requireSignature({
      secret: deps.secret,
      now,
      nonces:
        deps.nonces ?? new SqliteNonceMemory(openNonceDatabase(nonceDatabasePath(deps.db.name))),
      maxBodyBytes: deps.maxBodyBytes ?? 10 * 1024 * 1024,
    })
  );
  v1.use(providerMembersRouter(deps.db));
  v1.use(publicRouter(store, catalogOf));
  v1.use(
    "/admin",
    adminRouter({
      db: deps.db,
      store,
      catalog: catalogOf,
      now,
      importAnswerWithinMs: deps.importAnswerWithinMs ?? 3000,
      log: deps.log ?? ((message: string) => logger.error(message)),
    })
  );
  const vetting = deps.vetting ?? {};
  const forumBaseUrl = vetting.forumBaseUrl ?? "http://localhost:4200";
  const vettingContext = {
    store: new VettingStore(deps.db, {
      forumBaseUrl,
      referenceLifetimeDays: vetting.referenceLifetimeDays ?? DEFAULT_REFERENCE_LIFETIME_DAYS,
      reminderDays: vetting.reminderDays ?? DEFAULT_REMINDER_DAYS,
      ...(vetting.refereeRetentionDays === undefined ? {} : { refereeRetentionDays: vetting.refereeRetentionDays }),
      randomBytes: vetting.randomBytes ?? randomBytes,
      enqueueMail: vetting.enqueueMail ?? enqueueMail,
    }),
    catalog: catalogOf,
    now,
  };
  v1.use(applicationsRouter(vettingContext));
  v1.use(
    reviewRouter({
      ...vettingContext,
      review: new ReviewStore(deps.db, vettingContext.store, catalogOf, {
        forumBaseUrl,
        enqueueMail: vetting.enqueueMail ?? enqueueMail,
        settings: { ...DEFAULT_REVIEW_SETTINGS, ...deps.review },
      }),
    })
  );
  v1.use(structuresRouter(vettingContext));
  v1.use(
    referencesRouter(vettingContext, {
      secret: deps.secret,
      forumBaseUrl,
      proconnect: vetting.proconnect ?? null,
      ...(vetting.proconnectRedirectUri ? { proconnectRedirectUri: vetting.proconnectRedirectUri } : {}),
      ...(vetting.questionnaireRateLimit ? { rateLimit: vetting.questionnaireRateLimit } : {}),
    })
  );
  v1.use(cofundingRouter(deps.db, { ...DEFAULT_COFUNDING_CONFIG, ...deps.cofunding }, now));
  app.use("/v1", v1);

  app.use(notFoundHandler(ROUTES));
  app.use(((error, req, res, next) => {
    // Internal errors are logged with the request's id, so they meet its request line.
    const log =
      deps.log ?? ((message: string) => logger.error({ request_id: requestId(res) }, message));
    errorHandler(log)(error, req, res, next);
  }) satisfies ErrorRequestHandler);
  return app;
}
