// The development servers `make start` runs (dev/): the mail sink receives what the
// outbox sends and shows it (escaped) on its French page; the local OpenID Provider
// completes a ProConnect login with the service's client.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { enqueueMail, messageIdFor } from "../src/mail/outbox.ts";
import { startMailFromConfig } from "../src/mail/worker.ts";
import { createProConnect } from "../src/proconnect/client.ts";
import { openDatabase } from "../src/store/database.ts";
import { siretMatchesSiren } from "../src/domain/siret.ts";
import { signIn, TEST_CLIENT } from "./helpers/openid-provider.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const children: ChildProcess[] = [];

/** Starts a dev server and waits for the lines it prints on stdout. */
function startDev(
  script: string,
  env: Record<string, string>,
  lines: RegExp[]
): Promise<[string, ...string[]]> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "dev", script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = lines.map((line) => line.exec(out)?.[1]);
      if (found.every(Boolean)) resolve(found as [string, ...string[]]);
    });
    child.on("exit", (code) => reject(new Error(`${script} exited ${code}: ${err}`)));
  });
}

let sinkPage: string;
let smtpUrl: string;
let issuer: string;
beforeAll(async () => {
  const sink = await startDev("mail-sink.ts", {}, [
    /listening on (http:\/\/\S+)/,
    /smtp on (smtp:\/\/\S+)/,
  ]);
  sinkPage = sink[0];
  smtpUrl = sink[1]!;
  [issuer] = await startDev(
    "openid-provider.ts",
    {
      PROCONNECT_CLIENT_ID: TEST_CLIENT.clientId,
      PROCONNECT_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      PROCONNECT_REDIRECT_URI: TEST_CLIENT.redirectUri,
    },
    [/listening on (http:\/\/\S+)/]
  );
}, 60_000);
afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.removeAllListeners("exit");
          child.on("exit", () => resolve());
          child.kill("SIGTERM");
        })
    )
  );
});

describe("development mail sink", () => {
  it("shows each mail the service sends, text and HTML, escaped, in French", async () => {
    const dir = mkdtempSync(join(tmpdir(), "directory-dev-mail-"));
    const db = openDatabase(join(dir, "outbox.sqlite"));
    try {
      const from = "Emancip'Asso <annuaire@localhost.localdomain>";
      const config = loadConfig({ NODE_ENV: "development", SMTP_URL: smtpUrl, MAIL_FROM: from });
      db.transaction(() =>
        enqueueMail(
          db,
          {
            dedupeKey: "dev:1",
            to: "camille@asso.example.org",
            template: "reference_invitation",
            locale: "fr",
            params: {
              referee_name: "Camille <b>Martin</b>",
              provider_name: "Libre Équipe",
              association_name: "Les Amis du Jardin",
              link: "https://forum.example.org/annuaire/reference/abc",
              expires_on: "2026-12-14",
            },
          },
          new Date()
        )
      )();
      const worker = startMailFromConfig(db, config.mail!);
      await worker.wake();
      await worker.stop();

      const listed = (await (await fetch(`${sinkPage}/messages.json`)).json()) as {
        messageId: string;
        subject: string;
      }[];
      expect(listed.map((mail) => mail.messageId)).toContain(messageIdFor("dev:1", from));

      const response = await fetch(sinkPage);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const page = await response.text();
      expect(page).toContain('<html lang="fr">');
      expect(page).toContain("<h1>Courriels reçus</h1>");
      expect(page).toContain("Libre Équipe vous demande une référence");
      expect(page).toContain("Version texte");
      expect(page).toContain("Version HTML");
      // The mail's own markup is shown in a sandboxed frame, never run as the page.
      expect(page).toContain("<iframe sandbox");
      expect(page).not.toContain("<b>Martin</b>");
      expect(page).toContain("Camille &lt;b&gt;Martin&lt;/b&gt;");

      expect((await fetch(`${sinkPage}/nulle-part`)).status).toBe(404);
      expect((await fetch(sinkPage, { method: "POST" })).status).toBe(405);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("development OpenID Provider", () => {
  it("completes a ProConnect login with a test account whose SIRET is the demo association's", async () => {
    const proconnect = createProConnect({
      issuer,
      clientId: TEST_CLIENT.clientId,
      clientSecret: TEST_CLIENT.clientSecret,
      scopes: "openid siret organization_label",
      signingAlg: "RS256",
    });
    const { url, pending } = await proconnect.beginLogin({ redirectUri: TEST_CLIENT.redirectUri });
    const identity = await proconnect.finishLogin({
      callbackUrl: await signIn(url, "referent@asso.example.org"),
      pending,
    });
    expect(identity).toEqual({
      sub: "referent@asso.example.org",
      siret: "11002001300097",
      organisation_name: "Les Amis du Jardin",
    });
    expect(siretMatchesSiren(identity.siret, "110020013")).toBe(true);
  });
});
