// Composition used by the command line (and handy for benchmarks): open the directory,
// seed it, import and export files, serve it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { providersToCsv } from "./domain/provider-csv.ts";
import { readImport, type ImportResult } from "./domain/provider-import.ts";
import type { Db } from "./store/database.ts";
import { ProviderStore, type ImportCounts } from "./store/providers.ts";
import { writeImport } from "./store/import-runner.ts";
import { TaxonomyCatalog } from "./store/taxonomies.ts";
import { SERVICE_ROOT } from "./config.ts";
import { sweepCampaigns } from "./store/cofunding.ts";

export const DEMO_PROVIDERS_PATH = join(SERVICE_ROOT, "src/store/data/demo-providers.json");

/** An import refused by the import rules: nothing was written. */
export class ImportRefused extends Error {
  readonly result: Extract<ImportResult, { ok: false }>;

  constructor(result: Extract<ImportResult, { ok: false }>) {
    super(result.message);
    this.result = result;
  }
}

/**
 * Imports a file's bytes (JSON array or CSV) with the same rules as the admin route, on
 * this connection and thread (command line, demo data). Throws ImportRefused.
 */
export function importBytes(
  db: Db,
  bytes: Uint8Array,
  format: "json" | "csv",
  now = new Date()
): ImportCounts {
  const catalog = new TaxonomyCatalog(db);
  const checked = readImport(bytes, format, {
    known: catalog.known,
    regionOf: catalog.geography.regionOf,
  });
  if (!checked.ok) throw new ImportRefused(checked);
  const written = writeImport(db, checked, catalog.geography, now);
  if (!written.ok) throw new ImportRefused(written);
  return written.counts;
}

/** Loads the demo providers, only into a database that holds no provider yet. */
export function seedDemoIfEmpty(db: Db, path = DEMO_PROVIDERS_PATH): ImportCounts | null {
  const catalog = new TaxonomyCatalog(db);
  if (new ProviderStore(db, () => catalog).count() > 0) return null;
  return importBytes(db, readFileSync(path), "json");
}

export function exportText(db: Db, format: "json" | "csv"): string {
  const catalog = new TaxonomyCatalog(db);
  const providers = new ProviderStore(db, () => catalog).exportAll();
  if (format === "json") return JSON.stringify(providers, null, 2) + "\n";
  return providersToCsv(providers);
}

export { sweepCampaigns };

/**
 * Runs the co-funding sweep (expired campaigns, old idempotency keys) now and then every
 * `intervalMs`. Reads check deadlines too, so a missed run delays nothing users see.
 * Returns a function that stops it.
 */
export function startCampaignSweep(
  db: Db,
  intervalMs = 60_000,
  log: (message: string) => void = (message) => process.stderr.write(message + "\n")
): () => void {
  const run = () => {
    try {
      const result = sweepCampaigns(db, new Date());
      if (result.expired.length > 0) log(`co-funding: expired topics ${result.expired.join(", ")}`);
    } catch (error) {
      log(`co-funding sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
