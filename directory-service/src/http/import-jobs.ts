// Imports in progress and their outcomes. An import request is answered with its outcome
// when the import ends within `answerWithinMs` (below the forum relay's timeout); past
// that it answers 202 with the import's id, and GET /v1/admin/providers/imports/{id}
// gives the outcome later, so a long import never ends in a bare gateway timeout. One
// import runs at a time: they write the same records.
import { randomUUID } from "node:crypto";
import type { ImportJob } from "../contract/index.ts";
import type { ImportOutcome } from "../store/import-runner.ts";
import { ApiError } from "./errors.ts";
import { importRefusal } from "./import-body.ts";

/** Finished imports remembered for GET …/imports/{id} (the oldest forgotten first). */
const REMEMBERED = 20;

interface Entry {
  job: ImportJob;
  done: Promise<void>;
}

export class ImportJobs {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #log: (message: string) => void;
  #running: Entry | null = null;

  constructor(now: () => number, log: (message: string) => void) {
    this.#now = now;
    this.#log = log;
  }

  /** Starts an import; 409 while another one runs. */
  start(run: () => Promise<ImportOutcome>): Entry {
    if (this.#running) {
      throw new ApiError(409, "import_in_progress", "another import is running; try again when it ends", [
        {
          field: "",
          code: "import_in_progress",
          message: "an import is running",
          params: { id: this.#running.job.id },
        },
      ]);
    }
    const job: ImportJob = {
      id: randomUUID(),
      state: "running",
      started_at: new Date(this.#now()).toISOString(),
      finished_at: null,
      result: null,
      error: null,
    };
    const finish = (state: ImportJob["state"], fields: Partial<ImportJob>) => {
      Object.assign(job, { state, finished_at: new Date(this.#now()).toISOString(), ...fields });
      this.#running = null;
    };
    const done = run().then(
      (outcome) => {
        if (outcome.ok) {
          finish("succeeded", { result: outcome.counts });
        } else {
          const refusal = importRefusal(outcome);
          finish("failed", {
            error: {
              status: refusal.status,
              code: refusal.code,
              message: refusal.message,
              details: refusal.details,
            },
          });
        }
      },
      (error: unknown) => {
        this.#log(
          `import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
        );
        finish("failed", {
          error: {
            status: 500,
            code: "internal_error",
            message: "the import could not be completed; nothing was imported",
            details: [],
          },
        });
      }
    );
    const entry = { job, done };
    this.#running = entry;
    this.#entries.set(job.id, entry);
    for (const [id, old] of this.#entries) {
      if (this.#entries.size <= REMEMBERED) break;
      if (old.job.state !== "running") this.#entries.delete(id);
    }
    return entry;
  }

  get(id: string): ImportJob | undefined {
    return this.#entries.get(id)?.job;
  }
}

/** Waits for the import, at most `ms` milliseconds; true when it has ended. */
export async function endsWithin(entry: Entry, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ended = await Promise.race([entry.done.then(() => true as const), timeout]);
  clearTimeout(timer);
  return ended;
}
