// The three servers under load, in their own process so the load tool does not share
// their event loop: (a) a bare Express "hello" route, (b) Express around the raw
// better-sqlite3 search query (no signature, no validation, no facets), (c) the service.
import express from "express";
import { createApp } from "../src/http/app.ts";
import { listen } from "../src/http/server.ts";
import { openDirectory } from "../src/store/directory.ts";

const [dbPath, secret] = process.argv.slice(2) as [string, string];
const db = openDirectory(dbPath);

const hello = express();
hello.get("/hello", (_req, res) => {
  res.json({ hello: "world" });
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

const a = await listen(hello, 0, "127.0.0.1");
const b = await listen(raw, 0, "127.0.0.1");
const c = await listen(createApp({ db, secret, log: () => {} }), 0, "127.0.0.1");
process.send?.({ a: a.url, b: b.url, c: c.url });
process.on("disconnect", () => process.exit(0));
