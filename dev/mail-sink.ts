// Development mail sink for `make start`: an SMTP server on loopback that keeps every mail
// it receives in memory, and a small web page (French) listing them with their text and
// HTML parts. Nothing leaves the machine.
//   DEV_SMTP_PORT (default 0: any free port), DEV_MAIL_SINK_PORT (default 0).
// Prints "mail sink listening on <page url>" and "mail sink smtp on smtp://…" on stdout.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

interface Mail {
  id: number;
  receivedAt: Date;
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

const mails: Mail[] = [];
const KEEP = 200;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    simpleParser(stream)
      .then((parsed) => {
        mails.unshift({
          id: (mails[0]?.id ?? 0) + 1,
          receivedAt: new Date(),
          messageId: parsed.messageId ?? "",
          from: parsed.from?.text ?? "",
          to: Array.isArray(parsed.to)
            ? parsed.to.map((a) => a.text).join(", ")
            : (parsed.to?.text ?? ""),
          subject: parsed.subject ?? "(sans objet)",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
        });
        mails.length = Math.min(mails.length, KEEP);
        callback();
      })
      .catch((error: Error) => callback(error));
  },
});

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[
        c
      ]!
  );

const when = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeStyle: "medium",
});

function page(): string {
  const items = mails
    .map(
      (mail) => `<article>
  <h2>${escape(mail.subject)}</h2>
  <dl>
    <dt>Reçu le</dt><dd>${escape(when.format(mail.receivedAt))}</dd>
    <dt>De</dt><dd>${escape(mail.from)}</dd>
    <dt>À</dt><dd>${escape(mail.to)}</dd>
    <dt>Message-ID</dt><dd><code>${escape(mail.messageId)}</code></dd>
  </dl>
  <details open><summary>Version texte</summary><pre>${escape(mail.text)}</pre></details>
  ${
    mail.html
      ? `<details><summary>Version HTML</summary><iframe sandbox title="Version HTML : ${escape(mail.subject)}" srcdoc="${escape(mail.html)}"></iframe></details>`
      : ""
  }
</article>`
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Courriels reçus (${mails.length}) · boîte de développement</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; padding: 1rem; max-width: 60rem; color: #222; }
  article { border: 1px solid #bbb; border-radius: 4px; padding: 0 1rem 1rem; margin: 1rem 0; }
  h2 { font-size: 1.15rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
  dt { font-weight: bold; } dd { margin: 0; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4; padding: .75rem; }
  iframe { width: 100%; height: 32rem; border: 1px solid #bbb; }
  summary { cursor: pointer; padding: .25rem 0; }
  a { color: #0a5c8a; }
</style>
</head>
<body>
<main>
<h1>Courriels reçus</h1>
<p>Boîte de développement : les courriels envoyés par le service pendant <code>make start</code> arrivent ici et ne partent nulle part ailleurs. ${mails.length === 0 ? "Aucun courriel pour l'instant." : `${mails.length} courriel${mails.length > 1 ? "s" : ""}, le plus récent en premier.`} <a href="/">Rafraîchir</a> · <a href="/messages.json">JSON</a></p>
${items}
</main>
</body>
</html>`;
}

const http = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method !== "GET") {
    res
      .writeHead(405, { "content-type": "text/plain; charset=utf-8" })
      .end("Méthode non permise");
  } else if (path === "/") {
    res
      .writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
      })
      .end(page());
  } else if (path === "/messages.json") {
    res
      .writeHead(200, { "content-type": "application/json; charset=utf-8" })
      .end(JSON.stringify(mails));
  } else {
    res
      .writeHead(404, { "content-type": "text/plain; charset=utf-8" })
      .end("Page introuvable");
  }
});

const host = "127.0.0.1";
await new Promise<void>((resolve) =>
  smtp.listen(Number(process.env.DEV_SMTP_PORT ?? 0), host, () => resolve())
);
await new Promise<void>((resolve) =>
  http.listen(Number(process.env.DEV_MAIL_SINK_PORT ?? 0), host, () =>
    resolve()
  )
);
const smtpPort = (smtp.server.address() as AddressInfo).port;
const httpPort = (http.address() as AddressInfo).port;
process.stdout.write(`mail sink smtp on smtp://${host}:${smtpPort}\n`);
process.stdout.write(`mail sink listening on http://${host}:${httpPort}\n`);

const stop = () => {
  http.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
