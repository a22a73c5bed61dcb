// Command line: `serve` (default), `import <file.json|file.csv>`, `export [--format csv]`.
import { readFileSync } from "node:fs";
import { ConfigError, databasePathFrom, loadConfig } from "./config.ts";
import { createApp } from "./http/app.ts";
import { ApiError } from "./http/errors.ts";
import { listen } from "./http/server.ts";
import { openDirectory } from "./store/directory.ts";
import { exportText, importBytes, seedDemoIfEmpty } from "./service.ts";
import { createProConnect } from "./proconnect/client.ts";
import { startReferenceSweeper } from "./reference-sweeper.ts";

const say = (line: string) => process.stderr.write(line + "\n");

async function serve(): Promise<void> {
  const config = loadConfig();
  const db = openDirectory(config.databasePath);
  if (config.seedDemo) {
    const seeded = seedDemoIfEmpty(db);
    say(
      seeded
        ? `demo data loaded: ${seeded.created} providers`
        : "demo data not loaded: the database already holds providers"
    );
  }
  const vetting = {
    forumBaseUrl: config.vetting.forumBaseUrl,
    referenceLifetimeDays: config.vetting.referenceLifetimeDays,
    reminderDays: config.vetting.reminderDays,
    proconnect: config.proconnect ? createProConnect(config.proconnect) : null,
    ...(config.proconnect?.redirectUri ? { proconnectRedirectUri: config.proconnect.redirectUri } : {}),
  };
  const app = createApp({ db, secret: config.secret, vetting });
  // Reminders and expiries; reads check expiry themselves, so a late sweep loses nothing.
  const sweeper = startReferenceSweeper(db, vetting, config.vetting.sweepIntervalMs, say);
  if (!config.vetting.forumBaseUrlSet)
    say(`warning: DIRECTORY_FORUM_URL is not set; links in mails point to ${config.vetting.forumBaseUrl}`);
  const listening = await listen(app, config.port, config.host);
  // The only line on stdout: scripts read the port from it.
  process.stdout.write(`directory-service listening on ${listening.url}\n`);
  if (config.development && !process.env.DIRECTORY_SHARED_SECRET)
    say("warning: using the development shared secret");

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: closing`);
    sweeper.stop();
    listening
      .close()
      .catch((error: unknown) => say(`error while closing: ${String(error)}`))
      .finally(() => {
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

async function main(args: string[]): Promise<void> {
  const [command = "serve", ...rest] = args;
  if (command === "serve") await serve();
  else if (command === "import") importFile(rest[0]);
  else if (command === "export") exportAll(rest);
  else throw new ConfigError(`unknown command "${command}" (serve, import, export)`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ApiError) {
    say(`${error.code}: ${error.message}`);
    for (const detail of error.details)
      say(`  row ${detail.row ?? "-"} ${detail.field}: ${detail.code} — ${detail.message}`);
  } else {
    say(error instanceof Error ? error.message : String(error));
  }
  process.exit(1);
});
