// Unsigned routes: health and the OpenAPI document.
import { Router } from "express";
import type { Db } from "../../store/database.ts";
import { schemaVersion } from "../../store/database.ts";
import type { Health } from "../../contract/index.ts";

export function healthRouter(db: Db, version: string, openApi: () => unknown): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    let health: Health;
    try {
      health = { status: "ok", version, schema_version: schemaVersion(db) };
    } catch {
      res
        .status(503)
        .json({ status: "unavailable", version, schema_version: null } satisfies Health);
      return;
    }
    res.json(health);
  });
  router.get("/openapi.json", (_req, res) => {
    res.json(openApi());
  });
  return router;
}
