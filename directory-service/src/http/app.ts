// The Express application, built from injected parts so tests and benchmarks can make
// their own (database file, secret, clock).
import express, { type Express } from "express";
import { ExpiringNonceMemory, type NonceMemory } from "../domain/signature.ts";
import type { Db } from "../store/database.ts";
import { ProviderStore } from "../store/providers.ts";
import { TaxonomyCatalog } from "../store/taxonomies.ts";
import { SERVICE_VERSION } from "../version.ts";
import { requireSignature } from "./auth.ts";
import { errorHandler, notFoundHandler, optionsHandler, type KnownRoute } from "./errors.ts";
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

export interface AppDeps {
  db: Db;
  /** Shared secret of the request signatures. */
  secret: string;
  /** Milliseconds since the epoch; Date.now by default. */
  now?: () => number;
  nonces?: NonceMemory;
  version?: string;
  /** Largest request body in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** Where internal errors are reported (stderr by default). */
  log?: (message: string) => void;
  /** Co-funding limits (amount ceiling, how long idempotency keys are kept). */
  cofunding?: Partial<CofundingConfig>;
}

/** Every route, for 405 answers on a known path with the wrong method. */
const ROUTES: readonly KnownRoute[] = [
  { method: "GET", pattern: /^\/v1\/providers\/?$/ },
  { method: "GET", pattern: /^\/v1\/providers\/[^/]+\/?$/ },
  { method: "GET", pattern: /^\/v1\/taxonomies\/?$/ },
  { method: "POST", pattern: /^\/v1\/admin\/providers\/import\/?$/ },
  { method: "GET", pattern: /^\/v1\/admin\/providers\/export\/?$/ },
  { method: "GET", pattern: /^\/healthz\/?$/ },
  { method: "GET", pattern: /^\/openapi\.json$/ },
  ...COFUNDING_ROUTES,
];

export function createApp(deps: AppDeps): Express {
  const now = deps.now ?? Date.now;
  const version = deps.version ?? SERVICE_VERSION;
  const log = deps.log ?? ((message: string) => process.stderr.write(message + "\n"));
  const catalog = new TaxonomyCatalog(deps.db);
  const catalogOf = () => catalog;
  const store = new ProviderStore(deps.db, catalogOf);
  // Build the search index now rather than on the first visitor's request.
  store.searchIndex();
  let openApi: unknown;

  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.set("etag", false);

  app.use(optionsHandler(ROUTES));
  app.use(healthRouter(deps.db, version, () => (openApi ??= openApiDocument(version))));

  const v1 = express.Router();
  v1.use(
    requireSignature({
      secret: deps.secret,
      now,
      nonces: deps.nonces ?? new ExpiringNonceMemory(),
      maxBodyBytes: deps.maxBodyBytes ?? 10 * 1024 * 1024,
    })
  );
  v1.use(publicRouter(store, catalogOf));
  v1.use("/admin", adminRouter(store, catalogOf, now));
  v1.use(cofundingRouter(deps.db, { ...DEFAULT_COFUNDING_CONFIG, ...deps.cofunding }, now));
  app.use("/v1", v1);

  app.use(notFoundHandler(ROUTES));
  app.use(errorHandler(log));
  return app;
}
