// Admin routes: import and export of the whole directory.
import { Router } from "express";
import { providersToCsv } from "../../domain/provider-csv.ts";
import type { ProviderStore } from "../../store/providers.ts";
import type { TaxonomyCatalog } from "../../store/taxonomies.ts";
import { requireAdmin } from "../auth.ts";
import { ExportFormat, type ImportResponse } from "../../contract/index.ts";
import { readImport } from "../import-body.ts";
import { NoQuery, parseQuery } from "./providers.ts";

export function adminRouter(
  store: ProviderStore,
  catalog: () => TaxonomyCatalog,
  now: () => number
): Router {
  const router = Router();
  router.use(requireAdmin);

  router.post("/providers/import", (req, res) => {
    parseQuery(NoQuery, req.query);
    const records = readImport(
      res.locals.rawBody as Buffer,
      req.headers["content-type"],
      catalog()
    );
    const counts: ImportResponse = store.importAll(records, new Date(now()));
    res.json(counts);
  });

  router.get("/providers/export", (req, res) => {
    const { format } = parseQuery(ExportFormat, req.query);
    const providers = store.exportAll();
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
