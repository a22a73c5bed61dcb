// Configuration from the environment, checked once at start.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** Directory of the service package (directory-service/), whatever the working directory. */
export const SERVICE_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

/** Used only when NODE_ENV=development and no secret is set; never valid elsewhere. */
export const DEVELOPMENT_SHARED_SECRET = "development-only-shared-secret-do-not-use-in-production";
export const MIN_SECRET_LENGTH = 32;

const Env = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  HOST: z.string().min(1).default("127.0.0.1"),
  DIRECTORY_DB: z.string().min(1).optional(),
  DIRECTORY_SHARED_SECRET: z.string().optional(),
  DIRECTORY_SEED: z.enum(["demo", ""]).optional(),
  /** Ceiling of any co-funding amount, in euro cents (default 1 000 000 €). */
  COFUNDING_MAX_AMOUNT_CENTS: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .default(100_000_000),
});

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  secret: string;
  seedDemo: boolean;
  development: boolean;
  cofundingMaxAmountCents: number;
}

export class ConfigError extends Error {}

/** SQLite path from DIRECTORY_DB (relative paths are relative to directory-service/). */
export function databasePathFrom(env: NodeJS.ProcessEnv = process.env): string {
  const value = env.DIRECTORY_DB;
  return resolve(
    SERVICE_ROOT,
    value === undefined || value === "" ? "data/directory.sqlite" : value
  );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join(".")}: ${issue.message}`)
      .join("; ");
    throw new ConfigError(`invalid environment: ${problems}`);
  }
  const values = parsed.data;
  const development = values.NODE_ENV === "development";
  let secret = values.DIRECTORY_SHARED_SECRET ?? "";
  if (secret === "" && development) secret = DEVELOPMENT_SHARED_SECRET;
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      secret === ""
        ? "DIRECTORY_SHARED_SECRET is required (or set NODE_ENV=development to use the development secret)"
        : `DIRECTORY_SHARED_SECRET must be at least ${MIN_SECRET_LENGTH} characters long`
    );
  }
  return {
    port: values.PORT,
    host: values.HOST,
    databasePath: databasePathFrom(env),
    secret,
    seedDemo: values.DIRECTORY_SEED === "demo",
    development,
    cofundingMaxAmountCents: values.COFUNDING_MAX_AMOUNT_CENTS,
  };
}
