// The servers under load, in their own process so the load tool does not share their
// event loop: a bare Express "hello" route, bare Express sending a fixed JSON body (the
// cold mix's floor), Express around the raw better-sqlite3 search query (no signature,
// no validation, no facets), and the service.
import express from "express";
import { readFileSync } from "node:fs";
import { createApp } from "../src/http/app.ts";
import { listen } from "../src/http/server.ts";
import { openDirectory } from "../src/store/directory.ts";

export interface ServerUrls {
  hello: string;
  floor: string;
  raw: string;
  service: string;
}

const [dbPath, secret, floorBodyPath] = process.argv.slice(2) as [string, string, string];
const db = openDirectory(dbPath);

const hello = express();
hello.get("/hello", (_req, res) => {
  res.json({ hello: "world" });
});

const floorBody = readFileSync(floorBodyPath, "utf8");
const floor = express();
floor.get("/v1/providers", (_req, res) => {
  res.type("json").send(floorBody);
});

// The same SQL the store runs for one page of results and its total, prepared once.
const rawItems = db
  .prepare(
    `SELECT p.record FROM providers_fts JOIN providers p ON p.id = providers_fts.rowid
     WHERE providers_fts MATCH ? AND p.status = 'listed'
       AND p.id IN (SELECT provider_id FROM provider_facets WHERE facet = 'support' AND key = ?)
       AND p.id IN (SELECT provider_id FROM provider_facets WHERE facet = 'modality' AND key = ?)
       AND p.id IN (SELECT provider_id FROM provider_facets WHERE facet = 'size' AND key = ?)
     ORDER BY bm25(providers_fts), p.sort_key LIMIT 20`,
  )
  .pluck();
const raw = express();
raw.get("/raw", (req, res) => {
  const q = String(req.query.q);
  const rows = rawItems.all(`"${q}"*`, String(req.query.support), String(req.query.modality), String(req.query.size));
  res.type("application/json").send(`{"items":[${rows.join(",")}]}`);
});

const urls: ServerUrls = {
  hello: (await listen(hello, 0, "127.0.0.1")).url,
  floor: (await listen(floor, 0, "127.0.0.1")).url,
  raw: (await listen(raw, 0, "127.0.0.1")).url,
  service: (await listen(createApp({ db, secret, log: () => {} }), 0, "127.0.0.1")).url,
};
process.send?.(urls);
// CPU time of this process, asked before and after each load: CPU per request does not
// depend on what else the machine runs as much as latency does.
process.on("message", (message) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
});
process.on("disconnect", () => process.exit(0));
