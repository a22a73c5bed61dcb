// The referee's questionnaire in headless Chromium with JavaScript disabled, at a phone's
// width, reached the way a referee reaches it: the link in the invitation points to the
// forum (/annuaire/reference/<token>), whose relay forwards /annuaire/reference/<rest> to
// the service's /v1/references/<rest>, signed, with the browser's address in
// X-Forwarded-For and the service's answer (status, body, headers) passed back.
// The relay here is a few lines doing exactly that mapping, in front of the real service
// started from its command line.
import type { ActingUser } from "@emancipasso/directory-service/contract";
import type { AxeResults } from "axe-core";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DatabaseSync } from "node:sqlite";
import { after, before, test } from "node:test";
import { signatureHeaders } from "../../preview/signer.ts";
import { describe } from "./helpers/axe.ts";
import { type Browser, launchChromium } from "./helpers/browser.ts";
import {
  type RunningService,
  startService,
  TEST_SECRET,
} from "./helpers/service.ts";

const APPLICANT: ActingUser = {
  id: 42,
  username: "camille",
  locale: "fr",
  trust_level: 1,
  admin: false,
  moderator: false,
  directory_moderator: false,
  cofunding_moderator: false,
};
const MODERATOR: ActingUser = {
  ...APPLICANT,
  id: 43,
  username: "modo",
  directory_moderator: true,
};

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8"
);

/**
 * axe-core's WCAG 2 A/AA violations on the page as it is. The page allows no script, so
 * axe is evaluated through the DevTools protocol (which the page's CSP does not govern)
 * rather than added as a script element.
 */
async function axeViolations(page: import("playwright-core").Page) {
  await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: typeof import("axe-core") }).axe.run(
      document,
      {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] },
        resultTypes: ["violations"],
      }
    )
  )) as AxeResults;
  return results.violations;
}

/** Headers of the service's answer that the relay must hand back to the browser. */
const PASSED_BACK = [
  "content-type",
  "content-security-policy",
  "referrer-policy",
  "x-content-type-options",
  "x-frame-options",
  "cache-control",
  "retry-after",
];

let service: RunningService;
let relay: Server;
let forumUrl = "";
let browser: Browser;

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A signed call to the service, as the forum's relay makes for a signed-in member. */
async function api(
  method: string,
  path: string,
  user: ActingUser | null,
  json?: unknown
) {
  const payload =
    json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json));
  const response = await fetch(service.url + path, {
    method,
    headers: {
      ...signatureHeaders({
        method,
        pathWithQuery: path,
        body: payload,
        user,
        secret: TEST_SECRET,
      }),
      ...(json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(method === "GET" ? {} : { body: new Uint8Array(payload) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  };
}

before(async () => {
  relay = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? "/";
      const match = /^\/annuaire\/reference\/(.*)$/.exec(url);
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      const path = `/v1/references/${match[1]}`;
      const payload = req.method === "POST" ? await body(req) : Buffer.alloc(0);
      const sent = new Uint8Array(payload);
      const method = req.method ?? "GET";
      const answer = await fetch(service.url + path, {
        method,
        redirect: "manual",
        headers: {
          ...signatureHeaders({
            method,
            pathWithQuery: path,
            body: payload,
            user: null,
            secret: TEST_SECRET,
          }),
          "x-forwarded-for": req.socket.remoteAddress ?? "",
          ...(req.headers["content-type"]
            ? { "content-type": req.headers["content-type"] }
            : {}),
          ...(req.headers["accept-language"]
            ? { "accept-language": req.headers["accept-language"] }
            : {}),
        },
        ...(method === "POST" ? { body: sent } : {}),
      });
      const headers: Record<string, string> = {};
      for (const name of PASSED_BACK) {
        const value = answer.headers.get(name);
        if (value !== null) {
          headers[name] = value;
        }
      }
      res
        .writeHead(answer.status, headers)
        .end(Buffer.from(await answer.arrayBuffer()));
    })().catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
  await new Promise<void>((resolve) =>
    relay.listen(0, "127.0.0.1", () => resolve())
  );
  forumUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
  // The service's links point to the forum (this relay).
  process.env.DIRECTORY_FORUM_URL = forumUrl;
  service = await startService({ seedDemo: false });
  browser = await launchChromium({ viewport: { width: 390, height: 844 } });
});

after(async () => {
  await browser?.close();
  await service?.stop();
  await new Promise<void>((resolve) =>
    relay ? relay.close(() => resolve()) : resolve()
  );
});

const reference = (n: number) => ({
  association_name: `Association des Amis ${n}`,
  association_number: n === 1 ? "W751234567" : "732829320",
  referee_name: `Référente ${n}`,
  referee_email: `referente${n}@asso${n}.example.net`,
  project_summary: "Migration de la messagerie et formation des bénévoles.",
  period: { start: "2025-01", end: "2025-06" },
  support_kinds: ["diagnostic", "migration"],
});

/** The links mailed to the referees (read from the outbox: no mail server runs here). */
function invitationLinks(): string[] {
  const db = new DatabaseSync(service.databasePath, { readOnly: true });
  try {
    const rows = db
      .prepare(
        "SELECT params FROM outbox WHERE template = 'reference_invitation' ORDER BY id"
      )
      .all() as { params: string }[];
    return rows.map((row) => (JSON.parse(row.params) as { link: string }).link);
  } finally {
    db.close();
  }
}

test("a referee answers and declines on a phone, without JavaScript, through the forum's address", async () => {
  const created = await api("POST", "/v1/applications", APPLICANT, {
    structure: {
      name: "Coopérative Libre Élan",
      structure_type: "cooperative",
      headcount: 4,
      location: { city: "Rennes", department: "35", region: "53" },
      coverage: { national: false, regions: ["53"], departments: [] },
      modalities: ["a-distance"],
      support_kinds: ["diagnostic", "migration"],
      association_sizes: ["petite"],
      tools: ["Nextcloud"],
      price_models: ["devis"],
      description: "Accompagnement vers des outils libres.",
      website: null,
      contact_email: "contact@elan.example.org",
      memberships: [],
    },
    references: [reference(1), reference(2)],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id as number;
  assert.equal(
    (await api("POST", `/v1/applications/${id}/submit`, APPLICANT)).status,
    200
  );

  const links = invitationLinks();
  assert.equal(links.length, 2);
  const [first = "", second = ""] = links;
  assert.ok(first?.startsWith(`${forumUrl}/annuaire/reference/`), first);
  assert.ok(second);

  // axe on the questionnaire as shown, with its errors, and in English (a page with
  // scripts allowed, for axe only: the questionnaire itself has none).
  const audit = await browser.newPage();
  for (const address of [second, `${second}?lang=en`]) {
    await audit.goto(address);
    let violations = await axeViolations(audit);
    assert.deepEqual(violations, [], `${address}\n${describe(violations)}`);
    await audit.locator("form").first().locator("button[type=submit]").click();
    await audit.waitForSelector(".summary");
    violations = await axeViolations(audit);
    assert.deepEqual(
      violations,
      [],
      `${address} (errors)\n${describe(violations)}`
    );
  }
  await audit.close();

  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      cspViolations.push(message.text());
    }
  });

  const shown = await page.goto(first);
  assert.equal(shown?.status(), 200);
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  // Nothing wider than the phone's screen; the style (allowed by its hash) is applied.
  assert.ok(
    (await page.evaluate(() => document.documentElement.scrollWidth)) <= 390
  );
  assert.equal(
    await page.$eval(
      "button[type=submit]",
      (button) => getComputedStyle(button).backgroundColor
    ),
    "rgb(11, 87, 164)"
  );

  // Sent incomplete: the page comes back with the summary and the field marked.
  await page.click("text=Envoyer ma réponse");
  assert.equal(await page.locator(".summary[role=alert]").count(), 1);
  assert.equal(
    await page.getAttribute("#project_happened", "aria-invalid"),
    "true"
  );
  await page.click('.summary a[href="#project_happened"]');

  // Answered with the keyboard and the labels, as a referee would.
  await page.getByLabel("Oui").first().check();
  await page.getByLabel("Début").fill("2025-01");
  await page.getByLabel("Fin", { exact: true }).fill("2025-06");
  await page.getByLabel("Diagnostic numérique").check();
  await page.getByLabel("5", { exact: true }).check();
  await page.locator('input[name="would_recommend"][value="yes"]').check();
  await page
    .getByLabel("Commentaire (facultatif)")
    .fill("Très bon accompagnement.");
  await page.getByLabel(/J'accepte que mes nom/).check();
  await page.getByRole("button", { name: "Envoyer ma réponse" }).press("Enter");
  await page.waitForSelector("text=Merci pour votre réponse");

  // The same link again: closed.
  const again = await page.goto(first);
  assert.equal(again?.status(), 410);

  // The second referee reads in English and declines.
  await page.goto(`${second}?lang=en`);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.getByLabel("Reason (optional)").fill("I left the association.");
  await page
    .getByRole("button", { name: "Decline this questionnaire" })
    .click();
  await page.waitForSelector("text=Questionnaire declined");

  assert.deepEqual(cspViolations, []);
  const view = await api("GET", `/v1/applications/${id}`, MODERATOR);
  assert.equal(view.body.state, "in_review");
  const references = view.body.references as {
    state: string;
    answer: { phases: string[] } | null;
  }[];
  assert.deepEqual(
    references.map((ref) => ref.state),
    ["answered", "declined"]
  );
  assert.deepEqual(references[0]!.answer!.phases, ["diagnostic"]);
  await page.close();
});
