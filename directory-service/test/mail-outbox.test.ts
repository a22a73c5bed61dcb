// The outbox against a real SMTP server on loopback and real SQLite files: queuing with
// the business write, delivery, retries with backoff, giving up, a worker killed between
// the SMTP server's acceptance and the outbox's record, and two workers on one file.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import {
  backoffMs,
  deliverDueMail,
  enqueueMail,
  failedMail,
  messageIdFor,
  outboxSummary,
  type OutboxMail,
  type OutboxRow,
} from "../src/mail/outbox.ts";
import { MailParamsError } from "../src/mail/templates.ts";
import { createTransportFromConfig } from "../src/mail/transport.ts";
import { startMailFromConfig, startMailWorker } from "../src/mail/worker.ts";
import { openDatabase, type Db } from "../src/store/database.ts";
import { startSmtpSink, unusedPort, type SmtpSink } from "./helpers/smtp-sink.ts";

const FROM = "Emancip'Asso <annuaire@example.org>";
const T0 = new Date("2026-11-30T09:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const CHILD = fileURLToPath(new URL("./helpers/mail-worker-child.ts", import.meta.url));

function invitation(n: number, overrides: Partial<OutboxMail> = {}): OutboxMail {
  return {
    dedupeKey: `reference:${n}:invitation`,
    to: `referent${n}@asso.example.org`,
    template: "reference_invitation",
    locale: "fr",
    params: {
      referee_name: `Référent ${n}`,
      provider_name: "Libre Équipe",
      association_name: "Les Amis du Jardin",
      link: `https://forum.example.org/annuaire/reference/${n}?t=abc`,
      expires_on: "2026-12-14",
    },
    ...overrides,
  } as OutboxMail;
}

/** Queues in a transaction of its own, as a caller with nothing else to write would. */
const queue = (db: Db, mail: OutboxMail, now: Date) => db.transaction(() => enqueueMail(db, mail, now))();

const rows = (db: Db) => db.prepare("SELECT * FROM outbox ORDER BY id").all() as OutboxRow[];

let dir: string;
let path: string;
let db: Db;
let sink: SmtpSink | undefined;
const transports: { close(): void }[] = [];
function smtpTo(port: number) {
  const transport = nodemailer.createTransport(`smtp://127.0.0.1:${port}`);
  transports.push(transport);
  return transport;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "directory-mail-"));
  path = join(dir, "outbox.sqlite");
  db = openDatabase(path);
  db.exec("CREATE TABLE business (id INTEGER PRIMARY KEY, note TEXT NOT NULL)");
});
afterEach(async () => {
  for (const transport of transports.splice(0)) transport.close();
  await sink?.close();
  sink = undefined;
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("enqueueMail", () => {
  it("commits with the business write and rolls back with it", () => {
    const write = db.transaction((note: string, fail: boolean) => {
      db.prepare("INSERT INTO business (note) VALUES (?)").run(note);
      enqueueMail(db, invitation(1), T0);
      if (fail) throw new Error("business rule broken");
    });
    expect(() => write("first", true)).toThrow("business rule broken");
    expect(rows(db)).toEqual([]);
    write("second", false);
    const [row] = rows(db);
    expect(row).toMatchObject({
      dedupe_key: "reference:1:invitation",
      to_address: "referent1@asso.example.org",
      template: "reference_invitation",
      locale: "fr",
      status: "pending",
      attempts: 0,
      next_attempt_at: T0.toISOString(),
      created_at: T0.toISOString(),
      lease_until: null,
      sent_at: null,
    });
    expect(JSON.parse(row!.params)).toMatchObject({ referee_name: "Référent 1" });
  });

  it("refuses to queue outside a transaction", () => {
    expect(() => enqueueMail(db, invitation(1), T0)).toThrow(/inside the transaction/);
    expect(rows(db)).toEqual([]);
  });

  it("queues a dedupe key once", () => {
    expect(queue(db, invitation(1), T0)).toBe(true);
    expect(queue(db, invitation(1, { to: "autre@example.org" }), at(1000))).toBe(false);
    expect(rows(db)).toHaveLength(1);
    expect(rows(db)[0]!.to_address).toBe("referent1@asso.example.org");
  });

  it("refuses bad parameters or a bad address before anything is stored", () => {
    const write = db.transaction((mail: OutboxMail) => {
      db.prepare("INSERT INTO business (note) VALUES ('x')").run();
      enqueueMail(db, mail, T0);
    });
    const bad = [
      invitation(1, { params: { referee_name: "X" } } as Partial<OutboxMail>),
      invitation(2, {
        params: { ...invitation(2).params, link: "javascript:alert(1)" },
      } as Partial<OutboxMail>),
      invitation(3, { template: "unknown" } as unknown as Partial<OutboxMail>),
      invitation(4, { locale: "de" } as unknown as Partial<OutboxMail>),
    ];
    for (const mail of bad) expect(() => write(mail)).toThrow();
    expect(() => write(bad[0]!)).toThrow(MailParamsError);
    expect(() => write(invitation(5, { to: "not an address" }))).toThrow(RangeError);
    expect(() => write(invitation(6, { dedupeKey: " " }))).toThrow(RangeError);
    expect(rows(db)).toEqual([]);
    expect(db.prepare("SELECT COUNT(*) FROM business").pluck().get()).toBe(0);
  });
});

describe("deliverDueMail", () => {
  it("delivers a mail once, with its headers, a text part and an HTML part", async () => {
    sink = await startSmtpSink();
    queue(db, invitation(1), T0);
    const transport = smtpTo(sink.port);
    const report = await deliverDueMail({ db, transport, from: FROM, now: () => at(1000) });
    expect(report).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });

    expect(sink.received).toHaveLength(1);
    const mail = sink.received[0]!;
    expect(mail.messageId).toBe(messageIdFor("reference:1:invitation", FROM));
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@example\.org>$/);
    expect(mail.from).toBe(`"Emancip'Asso" <annuaire@example.org>`);
    expect(mail.to).toBe("referent1@asso.example.org");
    expect(mail.subject).toBe("Libre Équipe vous demande une référence");
    expect(mail.headers.get("auto-submitted")).toBe("auto-generated");
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(mail.text).toContain("https://forum.example.org/annuaire/reference/1?t=abc");
    expect(mail.text).toContain("14 décembre 2026");
    expect(mail.html).toContain('href="https://forum.example.org/annuaire/reference/1?t=abc"');

    const [row] = rows(db);
    expect(row).toMatchObject({
      status: "sent",
      attempts: 1,
      message_id: mail.messageId,
      sent_at: at(1000).toISOString(),
      lease_until: null,
      last_error: null,
    });
    // Nothing left to do.
    expect(await deliverDueMail({ db, transport, from: FROM, now: () => at(60_000) })).toEqual({
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 0,
    });
    expect(sink.received).toHaveLength(1);
  });

  it("retries while the server is down, then refusing, and delivers each mail exactly once", async () => {
    const port = await unusedPort();
    const transport = smtpTo(port);
    for (const n of [1, 2, 3]) queue(db, invitation(n), T0);
    const randoms = [0, 0.5, 0.999, 0.5, 0.5, 0.5];
    const random = () => randoms.shift() ?? 0.5;
    const deliver = (now: Date) =>
      deliverDueMail({ db, transport, from: FROM, now: () => now, random });

    // 1. Nothing listens: every mail waits, spread by the jitter (base 60 s).
    expect(await deliver(T0)).toMatchObject({ claimed: 3, sent: 0, retried: 3 });
    let state = rows(db);
    expect(state.map((row) => [row.status, row.attempts])).toEqual([
      ["pending", 1],
      ["pending", 1],
      ["pending", 1],
    ]);
    expect(state.map((row) => row.next_attempt_at)).toEqual([
      at(30_000).toISOString(),
      at(45_000).toISOString(),
      at(59_970).toISOString(),
    ]);
    for (const row of state) expect(row.last_error).toMatch(/ECONNREFUSED|ESOCKET|connect/i);

    // Not due yet: nothing is claimed.
    expect(await deliver(at(10_000))).toMatchObject({ claimed: 0 });

    // 2. The server is up but refuses (421): the second attempt waits twice as long.
    sink = await startSmtpSink(port);
    sink.refuseWith = "Service temporairement indisponible";
    expect(await deliver(at(60_000))).toMatchObject({ claimed: 3, retried: 3 });
    state = rows(db);
    expect(state.map((row) => row.attempts)).toEqual([2, 2, 2]);
    for (const row of state) {
      expect(row.last_error).toContain("Service temporairement indisponible");
      expect(row.next_attempt_at).toBe(at(60_000 + 90_000).toISOString());
    }
    expect(sink.received).toHaveLength(0);

    // 3. The server accepts: each mail arrives once.
    sink.refuseWith = null;
    expect(await deliver(at(150_000))).toMatchObject({ claimed: 3, sent: 3 });
    expect(await deliver(at(3_600_000))).toMatchObject({ claimed: 0 });
    expect(sink.received.map((mail) => mail.to).sort()).toEqual([
      "referent1@asso.example.org",
      "referent2@asso.example.org",
      "referent3@asso.example.org",
    ]);
    expect(new Set(sink.received.map((mail) => mail.messageId)).size).toBe(3);
    expect(rows(db).map((row) => [row.status, row.attempts, row.last_error])).toEqual([
      ["sent", 3, null],
      ["sent", 3, null],
      ["sent", 3, null],
    ]);
  });

  it("gives up after maxAttempts and keeps the mail, marked failed, for the admin", async () => {
    const transport = smtpTo(await unusedPort());
    queue(db, invitation(1), T0);
    const deliver = (now: Date) =>
      deliverDueMail({ db, transport, from: FROM, now: () => now, random: () => 0, maxAttempts: 2 });
    expect(await deliver(T0)).toMatchObject({ retried: 1, failed: 0 });
    expect(await deliver(at(3_600_000))).toMatchObject({ retried: 0, failed: 1 });
    expect(await deliver(at(7_200_000))).toMatchObject({ claimed: 0 });
    const failed = failedMail(db);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: "failed", attempts: 2, dedupe_key: "reference:1:invitation" });
    expect(failed[0]!.last_error).toMatch(/ECONNREFUSED|ESOCKET|connect/i);
    queue(db, invitation(2), at(7_200_000));
    expect(outboxSummary(db)).toEqual({
      pending: 1,
      sending: 0,
      sent: 0,
      failed: 1,
      oldest_waiting_since: at(7_200_000).toISOString(),
    });
  });

  it("backs off exponentially up to a ceiling", () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1))).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(1, 0)).toBe(30_000);
    expect(backoffMs(30, 1)).toBe(6 * 3600_000);
  });

  it("after a worker is killed between the server's acceptance and the record, sends again with the same Message-ID once the lease runs out", async () => {
    sink = await startSmtpSink();
    queue(db, invitation(1), T0);
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, path, sink.url, "crash-after-send", T0.toISOString()], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, sig) => resolve(sig))
    );
    expect(signal, stderr).toBe("SIGKILL");
    expect(sink.received).toHaveLength(1);
    expect(rows(db)[0]).toMatchObject({ status: "sending", attempts: 1, sent_at: null });

    const transport = smtpTo(sink.port);
    const deliver = (now: Date) => deliverDueMail({ db, transport, from: FROM, now: () => now });
    // Within the lease nobody else touches the row.
    expect(await deliver(at(60_000))).toMatchObject({ claimed: 0 });
    expect(sink.received).toHaveLength(1);
    // After it, the mail goes again, recognisably the same message.
    expect(await deliver(at(5 * 60_000 + 1))).toMatchObject({ claimed: 1, sent: 1 });
    expect(sink.received).toHaveLength(2);
    expect(sink.received[1]!.messageId).toBe(sink.received[0]!.messageId);
    expect(rows(db)[0]).toMatchObject({ status: "sent", attempts: 2, message_id: sink.received[0]!.messageId });
  });

  it("marks failed, without sending again, a mail whose worker died on its last allowed attempt", async () => {
    sink = await startSmtpSink();
    queue(db, invitation(1), T0);
    await new Promise<void>((resolve) =>
      spawn(process.execPath, ["--import", "tsx", CHILD, path, sink!.url, "crash-after-send", T0.toISOString()], {
        stdio: "ignore",
      }).on("exit", () => resolve())
    );
    expect(rows(db)[0]).toMatchObject({ status: "sending", attempts: 1 });
    const transport = smtpTo(sink.port);
    const report = await deliverDueMail({ db, transport, from: FROM, now: () => at(10 * 60_000), maxAttempts: 1 });
    expect(report).toMatchObject({ claimed: 0, failed: 1 });
    expect(sink.received).toHaveLength(1);
    expect(rows(db)[0]).toMatchObject({ status: "failed", attempts: 1, lease_until: null });
    expect(rows(db)[0]!.last_error).toBe("worker stopped during the last attempt");
  });

  it("lets two workers on one database file send each mail once", async () => {
    sink = await startSmtpSink();
    const count = 24;
    const queue = db.transaction(() => {
      for (let n = 1; n <= count; n++) enqueueMail(db, invitation(n), new Date(Date.now() - 1000));
    });
    queue();
    const runChild = () =>
      new Promise<{ claimed: number; sent: number }>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", CHILD, path, sink!.url, "drain"], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
        child.on("exit", (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))
        );
      });
    const [a, b] = await Promise.all([runChild(), runChild()]);
    expect(a.sent + b.sent).toBe(count);
    expect(a.claimed + b.claimed).toBe(count);
    expect(sink.received).toHaveLength(count);
    expect(new Set(sink.received.map((mail) => mail.messageId)).size).toBe(count);
    expect(rows(db).every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
  });

  it("does not hand a leased row to a second connection", async () => {
    queue(db, invitation(1), T0);
    const other = openDatabase(path);
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const slow = {
        sent: 0,
        async sendMail(message: { messageId: string }) {
          await held;
          this.sent += 1;
          return { messageId: message.messageId };
        },
      };
      const first = deliverDueMail({ db, transport: slow, from: FROM, now: () => at(1000) });
      const second = await deliverDueMail({ db: other, transport: slow, from: FROM, now: () => at(2000) });
      expect(second.claimed).toBe(0);
      release();
      expect(await first).toMatchObject({ claimed: 1, sent: 1 });
      expect(slow.sent).toBe(1);
    } finally {
      other.close();
    }
  });
});

describe("startMailWorker and createTransportFromConfig", () => {
  it("sends through the transport built from SMTP_URL and MAIL_FROM, and stops", async () => {
    sink = await startSmtpSink();
    const config = loadConfig({
      NODE_ENV: "development",
      SMTP_URL: sink.url,
      MAIL_FROM: FROM,
      MAIL_INTERVAL_MS: "50",
    });
    expect(config.mail).toEqual({ smtpUrl: sink.url, from: FROM, intervalMs: 50 });
    const { transport, from } = createTransportFromConfig(config.mail!);
    transports.push(transport);
    const reports: number[] = [];
    const worker = startMailWorker({
      db,
      transport,
      from,
      intervalMs: config.mail!.intervalMs,
      onReport: (report) => reports.push(report.sent),
    });
    queue(db, invitation(1), new Date());
    const deadline = Date.now() + 5000;
    while (sink.received.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await worker.stop();
    expect(sink.received).toHaveLength(1);
    expect(reports.reduce((a, b) => a + b, 0)).toBe(1);
    // Stopped: a mail queued now stays queued.
    queue(db, invitation(2), new Date());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.received).toHaveLength(1);
    expect(rows(db)[1]!.status).toBe("pending");
  });

  it("runs from the configuration alone (startMailFromConfig)", async () => {
    sink = await startSmtpSink();
    const config = loadConfig({ NODE_ENV: "development", SMTP_URL: sink.url, MAIL_FROM: FROM, MAIL_INTERVAL_MS: "20" });
    queue(db, invitation(7), new Date());
    const worker = startMailFromConfig(db, config.mail!);
    await worker.wake();
    await worker.stop();
    expect(sink.received.map((mail) => mail.to)).toEqual(["referent7@asso.example.org"]);
    expect(outboxSummary(db)).toMatchObject({ sent: 1, pending: 0, oldest_waiting_since: null });
  });

  it("refuses an incomplete or wrong mail configuration", () => {
    const base = { NODE_ENV: "development" };
    expect(loadConfig(base).mail).toBeNull();
    expect(() => loadConfig({ ...base, SMTP_URL: "smtp://127.0.0.1:2525" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SMTP_URL: "http://127.0.0.1:2525", MAIL_FROM: FROM })).toThrow(
      ConfigError
    );
    expect(() =>
      loadConfig({ ...base, SMTP_URL: "smtp://127.0.0.1:2525", MAIL_FROM: "annuaire" })
    ).toThrow(ConfigError);
  });
});
