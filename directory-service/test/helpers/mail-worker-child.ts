// A mail worker in its own process, on a shared database file, for the outbox tests.
// argv: <database> <smtp url> <mode> [clock ISO]
//   drain: deliver until nothing is due, then print the counts as JSON and exit;
//   crash-after-send: send one batch and die (SIGKILL) as soon as the SMTP server has
//   accepted the first mail, before the outbox records it.
import nodemailer from "nodemailer";
import { openDatabase } from "../../src/store/database.ts";
import { deliverDueMail, type MailTransport } from "../../src/mail/outbox.ts";

const [path, smtpUrl, mode, clock] = process.argv.slice(2);
if (!path || !smtpUrl || !mode) throw new Error("usage: <database> <smtp url> <mode> [clock]");
const db = openDatabase(path);
const smtp = nodemailer.createTransport(smtpUrl);
const now = () => (clock ? new Date(clock) : new Date());
const from = "Emancip'Asso <annuaire@example.org>";

if (mode === "crash-after-send") {
  const transport: MailTransport = {
    async sendMail(message) {
      await smtp.sendMail(message);
      process.kill(process.pid, "SIGKILL");
      throw new Error("unreachable");
    },
  };
  await deliverDueMail({ db, transport, from, now, batchSize: 1 });
} else if (mode === "drain") {
  const totals = { claimed: 0, sent: 0 };
  for (;;) {
    const report = await deliverDueMail({ db, transport: smtp, from, now, batchSize: 2 });
    if (report.claimed === 0) break;
    totals.claimed += report.claimed;
    totals.sent += report.sent;
  }
  process.stdout.write(JSON.stringify(totals) + "\n");
  smtp.close();
  db.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
