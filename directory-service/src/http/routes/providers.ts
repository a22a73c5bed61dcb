// Public directory routes: search, detail, taxonomies.
import { Router } from "express";
import { z } from "zod";
import type { ProviderStore } from "../../store/providers.ts";
import type { TaxonomyCatalog } from "../../store/taxonomies.ts";
import { requestLocale } from "../auth.ts";
import { SearchQuery, Slug } from "../../contract/index.ts";
import { ApiError, zodDetails } from "../errors.ts";

export const NoQuery = z.strictObject({});

export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success)
    throw new ApiError(
      400,
      "invalid_parameters",
      "some query parameters are not valid",
      zodDetails(parsed.error)
    );
  return parsed.data;
}

export function publicRouter(store: ProviderStore, catalog: () => TaxonomyCatalog): Router {
  const router = Router();

  router.get("/providers", (req, res) => {
    const query = parseQuery(SearchQuery, req.query);
    res.type("json").send(store.searchJson(query, requestLocale(req, res)));
  });

  router.get("/providers/:slug", (req, res) => {
    parseQuery(NoQuery, req.query);
    const slug = Slug.safeParse(req.params.slug);
    const provider = slug.success ? store.getListed(slug.data) : undefined;
    if (!provider)
      throw new ApiError(404, "provider_not_found", "no public provider has this slug", [], {});
    res.json(provider);
  });

  router.get("/taxonomies", (req, res) => {
    parseQuery(NoQuery, req.query);
    res.json(catalog().response);
  });

  return router;
}
