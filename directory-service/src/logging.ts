// The service's logger: one JSON object per line on stderr (stdout carries only the
// "listening on" line scripts read). What goes into a line is chosen by its caller: see
// src/http/request-log.ts and docs/operations.md for the fields and what is never logged.
import { pino, type DestinationStream, type Logger } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type { Logger };

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // No hostname or pid in every line; an ISO time people can read.
      base: { service: "directory-service" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ dest: 2, sync: true })
  );
}

/** A logger that writes nothing (what an app gets when none is handed to it, as in tests). */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
