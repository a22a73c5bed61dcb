// Admin routes: import and export of the whole directory.
import { Router } from "express";
import { providersToCsv } from "../../domain/provider-csv.ts";
import { runImport } from "../../store/import-runner.ts";
import type { ProviderStore } from "../../store/providers.ts";
import type { TaxonomyCatalog } from "../../store/taxonomies.ts";
import type { Db } from "../../store/database.ts";
import { requireAdmin } from "../auth.ts";
import { ExportFormat, type ImportJob, type ImportResponse } from "../../contract/index.ts";
import { ApiError } from "../errors.ts";
import { importFormatOf } from "../import-body.ts";
import { endsWithin, ImportJobs } from "../import-jobs.ts";
import { NoQuery, parseQuery } from "./providers.ts";

export interface AdminDeps {
  db: Db;
  store: ProviderStore;
  catalog: () => TaxonomyCatalog;
  now: () => number;
  /** How long an import request waits for the outcome before answering 202. */
  importAnswerWithinMs: number;
  log: (message: string) => void;
}

const jobPath = (id: string) => `/v1/admin/providers/imports/${id}`;

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  const jobs = new ImportJobs(deps.now, deps.log);
  router.use(requireAdmin);

  router.post("/providers/import", async (req, res) => {
    parseQuery(NoQuery, req.query);
    const format = importFormatOf(req.headers["content-type"]);
    const catalog = deps.catalog();
    const entry = jobs.start(() =>
      runImport(deps.db, {
        body: res.locals.rawBody as Buffer,
        format,
        rules: { known: catalog.known, regionOf: catalog.geography.regionOf },
        geography: catalog.geography,
        now: new Date(deps.now()),
      })
    );
    if (!(await endsWithin(entry, deps.importAnswerWithinMs))) {
      res.status(202).location(jobPath(entry.job.id)).json(entry.job satisfies ImportJob);
      return;
    }
    const { job } = entry;
    if (job.error) throw new ApiError(job.error.status, job.error.code, job.error.message, job.error.details);
    res.json(job.result satisfies ImportResponse | null);
  });

  router.get("/providers/imports/:id", (req, res) => {
    parseQuery(NoQuery, req.query);
    const job = jobs.get(String(req.params.id));
    if (!job) throw new ApiError(404, "not_found", "no import has this id");
    res.json(job);
  });

  router.get("/providers/export", (req, res) => {
    const { format } = parseQuery(ExportFormat, req.query);
    const providers = deps.store.exportAll();
    if (format === "json") {
      res.json(providers);
      return;
    }
    res
      .type("text/csv; charset=utf-8")
      .attachment("prestataires.csv")
      .send(providersToCsv(providers));
  });

  return router;
}
