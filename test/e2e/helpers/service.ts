// Starts the real directory service (its CLI, as `make start` does) on a free port with a
// fresh SQLite file, and stops it. Used by the proxy tests, the end-to-end test and the bench.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(
  fileURLToPath(new URL("../../..", import.meta.url))
);
const CLI = join(ROOT, "directory-service/src/cli.ts");

/** A test-only secret (the service wants 32 characters or more). */
export const TEST_SECRET = "preview-tests-shared-secret-0123456789abcdef";

export interface RunningService {
  url: string;
  port: number;
  databasePath: string;
  stop: () => Promise<void>;
}

export async function startService(options: {
  seedDemo: boolean;
  secret?: string;
  /** More of the service's environment (e.g. DIRECTORY_REFEREE_RETENTION_DAYS). */
  env?: Record<string, string>;
}): Promise<RunningService> {
  const dir = mkdtempSync(join(tmpdir(), "directory-e2e-"));
  const databasePath = join(dir, "directory.sqlite");
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "serve"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      DIRECTORY_DB: databasePath,
      DIRECTORY_SHARED_SECRET: options.secret ?? TEST_SECRET,
      DIRECTORY_SEED: options.seedDemo ? "demo" : "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => reject(new Error(`service did not start in 60 s:\n${stderr}`)),
      60_000
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(`service exited (${code}) before listening:\n${stderr}`)
      );
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    databasePath,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((done) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(killer);
      done();
    });
    child.kill("SIGTERM");
  });
}
