// The mail worker: delivers due mails every intervalMs until stopped. One run at a time;
// a failing run is reported and the next one tries again.
import type { MailConfig } from "../config.ts";
import type { Db } from "../store/database.ts";
import { deliverDueMail, type DeliveryOptions, type DeliveryReport } from "./outbox.ts";
import { createTransportFromConfig } from "./transport.ts";

export interface MailWorkerOptions extends DeliveryOptions {
  intervalMs: number;
  /** Told about each run that did something, and about errors (defaults: stderr). */
  onReport?: (report: DeliveryReport) => void;
  onError?: (error: unknown) => void;
}

export interface MailWorker {
  /** Runs a delivery now (after the current one, if any). */
  wake(): Promise<void>;
  /** Stops the timer and waits for the run in progress. */
  stop(): Promise<void>;
}

export function startMailWorker(options: MailWorkerOptions): MailWorker {
  const onReport =
    options.onReport ??
    ((report: DeliveryReport) => {
      if (report.claimed > 0 || report.failed > 0)
        process.stderr.write(`mail: ${JSON.stringify(report)}\n`);
    });
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.stderr.write(`mail: delivery run failed: ${error instanceof Error ? error.message : String(error)}\n`));

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const run = (): Promise<void> => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        onReport(await deliverDueMail(options));
      } catch (error) {
        onError(error);
      }
    });
    return running;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void run().then(schedule);
    }, options.intervalMs);
    timer.unref();
  };
  void run().then(schedule);

  return {
    wake: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The worker as the service runs it: SMTP transport from the configuration, default
 * delivery settings. stop() also closes the SMTP connections.
 */
export function startMailFromConfig(db: Db, config: MailConfig): MailWorker {
  const { transport, from } = createTransportFromConfig(config);
  const worker = startMailWorker({ db, transport, from, intervalMs: config.intervalMs });
  return {
    wake: worker.wake,
    async stop() {
      await worker.stop();
      transport.close();
    },
  };
}
