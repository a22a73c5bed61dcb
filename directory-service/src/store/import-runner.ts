// Runs an import (check, then write all or nothing) off the service's thread: in a worker
// with its own SQLite connection and a capped heap, so neither the time nor the memory a
// file costs can stop searches from being answered. An in-memory database (tests of other
// parts, benchmarks) cannot be shared with a worker: it is imported in place.
import { Worker } from "node:worker_threads";
import type { Geography } from "../domain/facets.ts";
import {
  readImport,
  type ImportFormat,
  type ImportResult,
  type ImportRules,
} from "../domain/provider-import.ts";
import type { Db } from "./database.ts";
import { importProviders, ListedSlugConflict, type ImportCounts } from "./provider-writer.ts";

export interface ImportJobInput {
  body: Uint8Array;
  format: ImportFormat;
  rules: ImportRules;
  geography: Geography;
  /** ISO time stamped on records without timestamps. */
  now: string;
  databasePath: string;
}

export type ImportOutcome =
  | { ok: true; counts: ImportCounts }
  | Extract<ImportResult, { ok: false }>;

/** Heap of the import worker: a 10 MB file of valid records needs about a third of it. */
const WORKER_HEAP_MB = 384;

export interface ImportRequest {
  body: Uint8Array;
  format: ImportFormat;
  rules: ImportRules;
  geography: Geography;
  now: Date;
}

/**
 * Writes checked records (all or nothing): the counts, or the records refused because they
 * would rewrite a structure listed through vetting, as the import's own refusal.
 */
export function writeImport(
  db: Db,
  checked: Extract<ImportResult, { ok: true }>,
  geography: Geography,
  now: Date
): ImportOutcome {
  try {
    return { ok: true, counts: importProviders(db, checked.records, geography, now, checked.rows) };
  } catch (error) {
    if (!(error instanceof ListedSlugConflict)) throw error;
    return { ok: false, kind: "invalid_import", message: error.message, errors: error.errors, truncated: false };
  }
}

/** Checks and writes an import; resolves with the counts or the problems found. */
export function runImport(db: Db, request: ImportRequest): Promise<ImportOutcome> {
  if (db.memory) {
    const checked = readImport(request.body, request.format, request.rules);
    return Promise.resolve(checked.ok ? writeImport(db, checked, request.geography, request.now) : checked);
  }
  const input: ImportJobInput = {
    body: request.body,
    format: request.format,
    rules: request.rules,
    geography: request.geography,
    now: request.now.toISOString(),
    databasePath: db.name,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./import-worker.ts", import.meta.url), {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settled = false;
    worker.once("message", (outcome: ImportOutcome) => {
      settled = true;
      resolve(outcome);
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the import worker stopped (exit code ${code})`));
    });
  });
}
