// Configuration from the environment, checked once at start.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { LOG_LEVELS, type LogLevel } from "./logging.ts";

/** Directory of the service package (directory-service/), whatever the working directory. */
export const SERVICE_ROOT = resolve(
  fileURLToPath(new URL(".", import.meta.url)),
  ".."
);

/** Used only when NODE_ENV=development and no secret is set; never valid elsewhere. */
export const DEVELOPMENT_SHARED_SECRET =
  "development-only-shared-secret-do-not-use-in-production";
export const MIN_SECRET_LENGTH = 32;

const Env = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  HOST: z.string().min(1).default("127.0.0.1"),
  DIRECTORY_DB: z.string().min(1).optional(),
  DIRECTORY_SHARED_SECRET: z.string().optional(),
  DIRECTORY_SEED: z.enum(["demo", ""]).optional(),
  // Mail (src/mail/): no SMTP_URL, no sending (mails wait in the outbox).
  SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .or(z.literal("")),
  MAIL_FROM: z.string().optional(),
  MAIL_INTERVAL_MS: z.coerce.number().int().min(10).default(10_000),
  // ProConnect (src/proconnect/): all of issuer, client id and secret, or none.
  PROCONNECT_ISSUER: z
    .url({ protocol: /^https?$/ })
    .optional()
    .or(z.literal("")),
  PROCONNECT_CLIENT_ID: z.string().optional(),
  PROCONNECT_CLIENT_SECRET: z.string().optional(),
  PROCONNECT_REDIRECT_URI: z
    .url({ protocol: /^https?$/ })
    .optional()
    .or(z.literal("")),
  PROCONNECT_SCOPES: z.string().optional(),
  PROCONNECT_SIGNING_ALG: z.enum(["RS256", "ES256"]).default("RS256"),
  // Vetting (docs/product.md, "Vetting"): the forum the referees' links point to, how long
  // a link lives, when reminders go out, how often the sweep runs.
  DIRECTORY_FORUM_URL: z.url({ protocol: /^https?$/ }).optional().or(z.literal("")),
  DIRECTORY_REFERENCE_DAYS: z.coerce.number().int().min(1).max(365).default(21),
  DIRECTORY_REMINDER_DAYS: z
    .string()
    .regex(/^\s*(\d{1,3}\s*(,\s*\d{1,3}\s*)*)?$/, "days after the invitation, comma separated")
    .default("7,14"),
  DIRECTORY_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(15 * 60_000),
  // Days a referee's name, e-mail and free text are kept after the decision that ends a
  // review (domain/referee-retention.ts); erased by the sweep after that.
  DIRECTORY_REFEREE_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(90),
  LOG_LEVEL: z.enum(LOG_LEVELS).default("info"),
  // Review (docs/product.md, "Vetting"): how long a vetting tag lasts, how early its
  // provider is told, how fast an answer raises a red flag.
  DIRECTORY_TAG_VALIDITY_MONTHS: z.coerce.number().int().min(1).max(120).default(24),
  DIRECTORY_TAG_NOTICE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  DIRECTORY_FAST_ANSWER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  /** Ceiling of any co-funding amount, in euro cents (default 1 000 000 €). */
  COFUNDING_MAX_AMOUNT_CENTS: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .default(100_000_000),
});

export interface MailConfig {
  /** nodemailer connection URL: smtp://user:pass@host:587 or smtps://user:pass@host:465. */
  smtpUrl: string;
  /** Sender of every mail, e.g. "Emancip'Asso <annuaire@example.org>". */
  from: string;
  intervalMs: number;
}

export interface ProConnectConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The callback URL registered with ProConnect (exactly, trailing slash included). */
  redirectUri?: string;
  /** Scopes asked for; the siret claim is what the service needs. */
  scopes: string;
  /** Algorithm the ID token and the UserInfo JWT are signed with (chosen at registration). */
  signingAlg: "RS256" | "ES256";
}

export const DEFAULT_PROCONNECT_SCOPES = "openid siret organization_label";

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  secret: string;
  seedDemo: boolean;
  development: boolean;
  /** null when SMTP_URL is not set. */
  mail: MailConfig | null;
  /** null when ProConnect is not configured. */
  proconnect: ProConnectConfig | null;
  /** Lowest level written to the log (stderr); "silent" writes nothing. */
  logLevel: LogLevel;
  cofundingMaxAmountCents: number;
  vetting: VettingConfig;
  review: { validityMonths: number; expiryNoticeDays: number; fastAnswerSeconds: number };
}

export interface VettingConfig {
  /** The forum's address (links in mails); the development preview's when not set. */
  forumBaseUrl: string;
  forumBaseUrlSet: boolean;
  referenceLifetimeDays: number;
  reminderDays: number[];
  sweepIntervalMs: number;
  /** Days referees' personal data is kept after the decision (default 90). */
  refereeRetentionDays: number;
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
    mail: mailConfig(values),
    proconnect: proconnectConfig(values),
    vetting: vettingConfig(values),
    review: {
      validityMonths: values.DIRECTORY_TAG_VALIDITY_MONTHS,
      expiryNoticeDays: values.DIRECTORY_TAG_NOTICE_DAYS,
      fastAnswerSeconds: values.DIRECTORY_FAST_ANSWER_SECONDS,
    },
    port: values.PORT,
    host: values.HOST,
    databasePath: databasePathFrom(env),
    secret,
    seedDemo: values.DIRECTORY_SEED === "demo",
    development,
    logLevel: values.LOG_LEVEL,
    cofundingMaxAmountCents: values.COFUNDING_MAX_AMOUNT_CENTS,
  };
}

type EnvValues = z.infer<typeof Env>;

function vettingConfig(values: EnvValues): VettingConfig {
  const reminderDays = values.DIRECTORY_REMINDER_DAYS.split(",")
    .map((day) => day.trim())
    .filter((day) => day !== "")
    .map(Number)
    .sort((a, b) => a - b);
  if (reminderDays.some((day) => day < 1 || day >= values.DIRECTORY_REFERENCE_DAYS))
    throw new ConfigError("DIRECTORY_REMINDER_DAYS must fall between day 1 and DIRECTORY_REFERENCE_DAYS");
  return {
    forumBaseUrl: values.DIRECTORY_FORUM_URL || "http://localhost:4200",
    forumBaseUrlSet: Boolean(values.DIRECTORY_FORUM_URL),
    referenceLifetimeDays: values.DIRECTORY_REFERENCE_DAYS,
    reminderDays,
    sweepIntervalMs: values.DIRECTORY_SWEEP_INTERVAL_MS,
    refereeRetentionDays: values.DIRECTORY_REFEREE_RETENTION_DAYS,
  };
}

function mailConfig(values: EnvValues): MailConfig | null {
  if (!values.SMTP_URL) return null;
  const from = values.MAIL_FROM?.trim() ?? "";
  if (!/@[^\s@>]+\.[^\s@>]+>?$/.test(from))
    throw new ConfigError(
      'MAIL_FROM is required with SMTP_URL: a sender address such as "Emancip\'Asso <annuaire@example.org>"'
    );
  return {
    smtpUrl: values.SMTP_URL,
    from,
    intervalMs: values.MAIL_INTERVAL_MS,
  };
}

function proconnectConfig(values: EnvValues): ProConnectConfig | null {
  const issuer = values.PROCONNECT_ISSUER || "";
  const clientId = values.PROCONNECT_CLIENT_ID?.trim() ?? "";
  const clientSecret = values.PROCONNECT_CLIENT_SECRET ?? "";
  const given = [issuer, clientId, clientSecret].filter(
    (value) => value !== ""
  ).length;
  if (given === 0) return null;
  if (given < 3)
    throw new ConfigError(
      "PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET go together: set all three or none"
    );
  if (
    new URL(issuer).protocol === "http:" &&
    !isLoopback(new URL(issuer).hostname)
  )
    throw new ConfigError(
      "PROCONNECT_ISSUER must use https (http only for a loopback test provider)"
    );
  return {
    issuer,
    clientId,
    clientSecret,
    ...(values.PROCONNECT_REDIRECT_URI
      ? { redirectUri: values.PROCONNECT_REDIRECT_URI }
      : {}),
    scopes: values.PROCONNECT_SCOPES?.trim() || DEFAULT_PROCONNECT_SCOPES,
    signingAlg: values.PROCONNECT_SIGNING_ALG,
  };
}

export function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}
