// Command line: `serve` (default), `import <file.json|file.csv>`, `export [--format csv]`,
// `backup <file.sqlite>` (a consistent copy of the live database), `openapi` (prints the
// OpenAPI document the service publishes).
import Database from "better-sqlite3";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ConfigError, databasePathFrom, loadConfig } from "./config.ts";
import { createApp } from "./http/app.ts";
import { listen } from "./http/server.ts";
import { openApiDocument } from "./http/openapi.ts";
import { createLogger } from "./logging.ts";
import { SERVICE_VERSION } from "./version.ts";
import { openDirectory } from "./store/directory.ts";
import { nonceDatabasePath, openNonceDatabase, SqliteNonceMemory } from "./store/nonces.ts";
import {
  exportText,
  importBytes,
  ImportRefused,
  seedDemoIfEmpty,
  startCampaignSweep,
} from "./service.ts";
import { createProConnect } from "./proconnect/client.ts";
import { startReferenceSweeper } from "./reference-sweeper.ts";
import { startTagNoticeSweeper } from "./tag-notice-sweeper.ts";
import { startMailFromConfig } from "./mail/worker.ts";

const say = (line: string) => process.stderr.write(line + "\n");

async function serve(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = openDirectory(config.databasePath);
  if (config.seedDemo) {
    const seeded = seedDemoIfEmpty(db);
    logger.info(
      seeded
        ? `demo data loaded: ${seeded.created} providers`
        : "demo data not loaded: the database already holds providers"
    );
  }
  const vetting = {
    forumBaseUrl: config.vetting.forumBaseUrl,
    referenceLifetimeDays: config.vetting.referenceLifetimeDays,
    reminderDays: config.vetting.reminderDays,
    refereeRetentionDays: config.vetting.refereeRetentionDays,
    proconnect: config.proconnect ? createProConnect(config.proconnect) : null,
    ...(config.proconnect?.redirectUri ? { proconnectRedirectUri: config.proconnect.redirectUri } : {}),
  };
  const nonceDb = openNonceDatabase(nonceDatabasePath(config.databasePath));
  const app = createApp({
    db,
    secret: config.secret,
    logger,
    nonces: new SqliteNonceMemory(nonceDb),
    cofunding: { maxAmountCents: config.cofundingMaxAmountCents },
    vetting,
    review: config.review,
  });
  // Reminders, expiries, referee data past its retention period; reads check expiry and
  // retention themselves, so a late sweep loses nothing.
  const sweeper = startReferenceSweeper(db, vetting, config.vetting.sweepIntervalMs, (line) =>
    logger.info(line)
  );
  const tagNotices = startTagNoticeSweeper(
    db,
    { forumBaseUrl: config.vetting.forumBaseUrl, expiryNoticeDays: config.review.expiryNoticeDays },
    config.vetting.sweepIntervalMs,
    (line) => logger.info(line)
  );
  // The outbox's deliveries (src/mail/): only with SMTP_URL; otherwise mails wait in the outbox.
  const mail = config.mail ? startMailFromConfig(db, config.mail) : null;
  if (!config.vetting.forumBaseUrlSet)
    logger.warn(`DIRECTORY_FORUM_URL is not set; links in mails point to ${config.vetting.forumBaseUrl}`);
  const listening = await listen(app, config.port, config.host);
  startCampaignSweep(db);
  // The only line on stdout: scripts read the port from it.
  process.stdout.write(`directory-service listening on ${listening.url}\n`);
  if (config.development && !process.env.DIRECTORY_SHARED_SECRET)
    logger.warn("using the development shared secret");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: closing`);
    sweeper.stop();
    tagNotices.stop();
    void mail?.stop();
    listening
      .close()
      .catch((error: unknown) => logger.error(`error while closing: ${String(error)}`))
      .finally(() => {
        nonceDb.close();
        db.close();
        process.exit(0);
      });
    // Do not wait forever for slow clients.
    setTimeout(() => {
      db.close();
      process.exit(0);
    }, 5000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function importFile(file: string | undefined): void {
  if (!file) throw new ConfigError("usage: cli.ts import <file.json|file.csv>");
  const db = openDirectory(databasePathFrom());
  try {
    const counts = importBytes(
      db,
      readFileSync(file),
      file.toLowerCase().endsWith(".csv") ? "csv" : "json"
    );
    process.stdout.write(JSON.stringify(counts) + "\n");
  } finally {
    db.close();
  }
}

function exportAll(args: string[]): void {
  const index = args.indexOf("--format");
  const format = index >= 0 ? args[index + 1] : "json";
  if (format !== "json" && format !== "csv")
    throw new ConfigError("usage: cli.ts export [--format json|csv]");
  const db = openDirectory(databasePathFrom());
  try {
    process.stdout.write(exportText(db, format));
  } finally {
    db.close();
  }
}

/**
 * SQLite's online backup of DIRECTORY_DB into a new file, safe while the service runs and
 * writes (WAL); opened read-only, so it never migrates nor changes the database.
 */
async function backup(file: string | undefined): Promise<void> {
  if (!file) throw new ConfigError("usage: cli.ts backup <file.sqlite>");
  const target = resolve(file);
  if (existsSync(target)) throw new ConfigError(`${target} already exists: choose a new file`);
  const source = databasePathFrom();
  if (!existsSync(source)) throw new ConfigError(`no database at ${source}`);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
    process.stdout.write(JSON.stringify({ backup: target }) + "\n");
  } finally {
    db.close();
  }
}

async function main(args: string[]): Promise<void> {
  const [command = "serve", ...rest] = args;
  if (command === "serve") await serve();
  else if (command === "import") importFile(rest[0]);
  else if (command === "export") exportAll(rest);
  else if (command === "backup") await backup(rest[0]);
  else if (command === "openapi")
    process.stdout.write(JSON.stringify(openApiDocument(SERVICE_VERSION), null, 2) + "\n");
  else
    throw new ConfigError(`unknown command "${command}" (serve, import, export, backup, openapi)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ImportRefused) {
    say(`${error.result.kind}: ${error.message}`);
    for (const detail of error.result.errors)
      say(`  row ${detail.row ?? "-"} ${detail.field}: ${detail.code} — ${detail.message}`);
  } else {
    say(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
