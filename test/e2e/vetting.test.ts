// Vetting from the forum's side, in headless Chromium through the preview in front of the
// real service, with the development mail sink (dev/mail-sink.ts, a real SMTP server):
// a member applies with the plugin's form, the invitations arrive in the sink, each
// referee follows the link on the forum's address in a browser with JavaScript disabled
// and answers (or declines), and "Ma structure" moves to in review. The departments covered,
// on a phone with the keyboard only, are kept in the draft. axe-core (WCAG 2 A/AA) finds
// nothing serious or critical on the form, on "Ma structure" and on the questionnaire, in
// French and English.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { buildPreviewAssets } from "../../preview/assets.ts";
import {
  type PreviewOptions,
  type RunningPreview,
  startPreview,
} from "../../preview/server.ts";
import {
  describe,
  runAxe,
  seriousOrCritical,
  useAaBrandColour,
} from "./helpers/axe.ts";
import { type Browser, launchChromium } from "./helpers/browser.ts";
import {
  ROOT,
  type RunningService,
  startService,
  TEST_SECRET,
} from "./helpers/service.ts";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8"
);

let sink: ChildProcess;
let sinkUrl = "";
let service: RunningService;
let preview: RunningPreview;
let member: Browser;
let referee: Browser;

/** Starts dev/mail-sink.ts and reads its two addresses from what it prints. */
async function startSink(): Promise<{ smtp: string; page: string }> {
  sink = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "dev/mail-sink.ts")],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    }
  );
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("the mail sink did not start")),
      30_000
    );
    sink.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const smtp = /smtp on (smtp:\/\/\S+)/.exec(out)?.[1];
      const page = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (smtp && page) {
        clearTimeout(timer);
        resolve({ smtp, page });
      }
    });
  });
}

before(async () => {
  const [addresses, assets] = await Promise.all([
    startSink(),
    buildPreviewAssets({ production: false }),
  ]);
  sinkUrl = addresses.page;
  // The preview listens first: the service's links must point to its address (the forum).
  const options: PreviewOptions = {
    port: 0,
    host: "127.0.0.1",
    assets,
    mailSinkUrl: sinkUrl,
    proxy: {
      serviceUrl: new URL("http://127.0.0.1:9"),
      secret: TEST_SECRET,
      timeoutMs: 10_000,
      maxBodyBytes: 1024 * 1024,
    },
  };
  preview = await startPreview(options);
  process.env.DIRECTORY_FORUM_URL = preview.url;
  process.env.SMTP_URL = addresses.smtp;
  process.env.MAIL_FROM = "Emancip'Asso <annuaire@localhost.localdomain>";
  service = await startService({ seedDemo: true });
  options.proxy.serviceUrl = new URL(service.url);
  member = await launchChromium();
  referee = await launchChromium({
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
  });
});

after(async () => {
  await member?.close();
  await referee?.close();
  await preview?.close();
  await service?.stop();
  sink?.kill("SIGTERM");
});

async function actAs(
  browser: Browser,
  user: string,
  locale: "fr" | "en"
): Promise<void> {
  await browser.context.addCookies([
    { name: "preview_user", value: user, url: preview.url },
    { name: "preview_locale", value: locale, url: preview.url },
  ]);
}

async function assertAccessible(page: Page, where: string): Promise<void> {
  if (!where.startsWith("questionnaire")) {
    // Discourse's default brand colour fails AA on primary buttons whatever the page
    // (accessibility.test.ts pins that): checked with an AA brand colour, as an admin sets it.
    await useAaBrandColour(page);
  }
  if (!(await page.evaluate(() => "axe" in window))) {
    // Through the DevTools protocol: the questionnaire's CSP forbids any script tag.
    await page.evaluate(AXE_SOURCE);
  }
  const serious = seriousOrCritical(await runAxe(page));
  assert.deepEqual(serious, [], `${where}:\n${describe(serious)}`);
}

interface SinkMail {
  to: string;
  subject: string;
  text: string;
}

/** The invitation links the sink received for these referees (waits for the outbox). */
async function invitationLinks(emails: string[]): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const mails = (await (
      await fetch(`${sinkUrl}/messages.json`)
    ).json()) as SinkMail[];
    const links = emails.map((email) => {
      const mail = mails.find((candidate) => candidate.to.includes(email));
      return mail
        ? /https?:\/\/\S+\/annuaire\/reference\/[A-Za-z0-9_-]{43}/.exec(
            mail.text
          )?.[0]
        : undefined;
    });
    if (links.every((link) => link !== undefined)) {
      return links as string[];
    }
    if (Date.now() > deadline) {
      throw new Error(
        `no invitation for ${emails.join(", ")} in the sink: ${JSON.stringify(mails.map((m) => m.to))}`
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sends the application from the review step; "Ma structure" opens in place. */
async function submitted(page: Page): Promise<void> {
  await page.click(".vetting-application-form__submit");
  try {
    await page.locator(".vetting-state__badge").waitFor({ timeout: 15_000 });
  } catch (error) {
    const shown = await page.locator("main").innerText();
    throw new Error(`Ma structure did not open after submitting:\n${shown}`, {
      cause: error,
    });
  }
  assert.equal(new URL(page.url()).pathname, "/annuaire/ma-structure");
}

async function fillReference(
  page: Page,
  index: number,
  email: string,
  number: string
): Promise<void> {
  const at = `#vetting-references-${index}-`;
  await page.fill(`${at}association-name`, `Association des Amis ${index + 1}`);
  await page.fill(`${at}association-number`, number);
  await page.fill(`${at}referee-name`, `Référente ${index + 1}`);
  await page.fill(`${at}referee-email`, email);
  await page.fill(
    `${at}project-summary`,
    "Migration de la messagerie et formation."
  );
  await page.fill(`${at}period-start`, "2025-01");
  await page.fill(`${at}period-end`, "2025-06");
  await page.check(`${at}support-kinds-diagnostic`);
}

test("a member applies, the referees answer without JavaScript from the mailed link, Ma structure moves to in review", async () => {
  await actAs(member, "member", "fr");
  const page = await member.newPage();
  await page.goto(`${preview.url}/annuaire`);
  await page.click(".vetting-apply-link__apply");
  await page.locator("#vetting-structure-name").waitFor({ timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, "/annuaire/candidature");
  await assertAccessible(page, "form, step 1 (fr)");

  // A first "continue" with nothing filled: the errors, announced.
  await page.click(".vetting-application-form__next");
  await page.locator(".vetting-error-summary").waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    "vetting-error-summary"
  );
  await assertAccessible(page, "form with errors (fr)");

  await page.fill("#vetting-structure-name", "Coopérative Libre Élan");
  await page.selectOption("#vetting-structure-structure-type", "cooperative");
  await page.fill("#vetting-structure-location-city", "Rennes");
  await page.selectOption("#vetting-structure-location-region", "53");
  await page.selectOption("#vetting-structure-location-department", "35");
  await page.check("#vetting-structure-modalities-a-distance");
  await page.check("#vetting-structure-support-kinds-diagnostic");
  await page.check("#vetting-structure-support-kinds-migration");
  await page.click(".vetting-application-form__next");
  await page.locator("#vetting-references-0-association-name").waitFor();

  // The draft is in the service: a reload brings it back.
  await page.reload();
  await page.locator("#vetting-structure-name").waitFor();
  assert.equal(
    await page.inputValue("#vetting-structure-name"),
    "Coopérative Libre Élan"
  );
  await page.click(".vetting-application-form__next");
  await page.locator("#vetting-references-0-association-name").waitFor();

  // The service's check of the SIREN's check digit comes back on the field.
  const emails = [
    "referente1@amis-un.example.net",
    "referente2@amis-deux.example.net",
  ];
  await fillReference(page, 0, emails[0]!, "W751234567");
  await fillReference(page, 1, emails[1]!, "732829321");
  await page.click(".vetting-application-form__next");
  await page
    .locator("#vetting-references-1-association-number-error")
    .waitFor();
  assert.equal(
    await page.getAttribute(
      "#vetting-references-1-association-number",
      "aria-invalid"
    ),
    "true"
  );
  await assertAccessible(page, "form, step 2 with the service's errors (fr)");
  await page.fill("#vetting-references-1-association-number", "732829320");
  await page.click(".vetting-application-form__next");
  await page.locator(".vetting-step--review").waitFor();
  await submitted(page);
  assert.equal(
    (await page.textContent(".vetting-state__badge"))?.trim(),
    "En attente des références"
  );
  await assertAccessible(page, "Ma structure (fr)");

  // The invitations in the mail sink, linked from the preview's shell.
  assert.equal(await page.getAttribute(".preview-mail-sink", "href"), sinkUrl);
  const links = await invitationLinks(emails);
  for (const link of links) {
    assert.ok(link.startsWith(`${preview.url}/annuaire/reference/`), link);
  }

  // Referee 1 answers, on a phone, JavaScript off, at the forum's address.
  const questionnaire = await referee.newPage();
  const opened = await questionnaire.goto(links[0]!);
  assert.equal(opened?.status(), 200);
  assert.match(
    opened?.headers()["content-security-policy"] ?? "",
    /default-src 'none'/
  );
  assert.match(await questionnaire.content(), /Coopérative Libre Élan/);
  await questionnaire.check('input[name="project_happened"][value="yes"]');
  await questionnaire.fill('input[name="period_start"]', "2025-01");
  await questionnaire.fill('input[name="period_end"]', "2025-06");
  await questionnaire.check('input[name="phases"][value="diagnostic"]');
  await questionnaire.check('input[name="satisfaction"][value="5"]');
  await questionnaire.check('input[name="would_recommend"][value="yes"]');
  await questionnaire.check('input[name="consent_retention"]');
  const [answered] = await Promise.all([
    questionnaire.waitForNavigation(),
    questionnaire.click(
      'form[method="post"]:not([action*="decline"]) button[type="submit"]'
    ),
  ]);
  assert.equal(answered?.status(), 200);

  // Referee 2 declines.
  const second = await referee.newPage();
  await second.goto(links[1]!);
  const [declined] = await Promise.all([
    second.waitForNavigation(),
    second.click('form[action*="decline"] button[type="submit"]'),
  ]);
  assert.equal(declined?.status(), 200);

  await page.reload();
  await page.locator(".vetting-state__badge").waitFor();
  assert.equal(
    (await page.textContent(".vetting-state__badge"))?.trim(),
    "En cours d'examen"
  );
  assert.equal(
    await page
      .locator('.vetting-references__item[data-state="answered"]')
      .count(),
    1
  );
  assert.equal(
    await page
      .locator('.vetting-references__item[data-state="declined"]')
      .count(),
    1
  );
});

test("axe: the form, Ma structure and the questionnaire in English; the questionnaire in French", async () => {
  // Another member, with an application waiting for its referees.
  await actAs(member, "provider", "en");
  const page = await member.newPage();
  await page.goto(`${preview.url}/annuaire/candidature`);
  await page.locator("#vetting-structure-name").waitFor({ timeout: 15_000 });
  await assertAccessible(page, "form, step 1 (en)");
  await page.fill("#vetting-structure-name", "Atelier Libre");
  await page.selectOption("#vetting-structure-structure-type", "association");
  await page.fill("#vetting-structure-location-city", "Lyon");
  await page.selectOption("#vetting-structure-location-region", "84");
  await page.selectOption("#vetting-structure-location-department", "69");
  await page.check("#vetting-structure-modalities-a-distance");
  await page.check("#vetting-structure-support-kinds-formation");
  await page.click(".vetting-application-form__next");
  await page.locator("#vetting-references-0-association-name").waitFor();
  const emails = ["one@asso-lyon.example.net", "two@asso-lyon.example.net"];
  await fillReference(page, 0, emails[0]!, "W691234567");
  await fillReference(page, 1, emails[1]!, "732829320");
  await assertAccessible(page, "form, step 2 (en)");
  await page.click(".vetting-application-form__next");
  await page.locator(".vetting-step--review").waitFor();
  await assertAccessible(page, "form, review (en)");
  await submitted(page);
  await assertAccessible(page, "Ma structure (en)");

  const [link] = await invitationLinks(emails.slice(0, 1));
  for (const lang of ["fr", "en"] as const) {
    const questionnaire = await member.newPage();
    await questionnaire.goto(`${link}?lang=${lang}`);
    await assertAccessible(questionnaire, `questionnaire (${lang})`);
  }
});

test("coverage departments on a phone, with the keyboard only: a region opens with Enter, a department is checked with Space, kept in the draft; axe in French and English", async () => {
  // A third member, starting an application.
  await actAs(member, "moderator", "fr");
  const page = await member.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${preview.url}/annuaire/candidature`);
  await page.locator("#vetting-structure-name").waitFor({ timeout: 15_000 });
  await page.fill("#vetting-structure-name", "Les Communs du Bocage");
  await page.selectOption("#vetting-structure-structure-type", "association");
  await page.fill("#vetting-structure-location-city", "Rennes");
  await page.selectOption("#vetting-structure-location-region", "53");
  await page.selectOption("#vetting-structure-location-department", "35");
  await page.check("#vetting-structure-modalities-sur-site");
  await page.check("#vetting-structure-support-kinds-formation");

  const picker = "vetting-structure-coverage-departments";
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");
  // From the last region of the regions group, Tab enters the departments' regions.
  await page.focus("#vetting-structure-coverage-regions-94");
  await page.keyboard.press("Tab");
  assert.equal(await focusedId(), `${picker}-region-01-toggle`);
  let presses = 0;
  while ((await focusedId()) !== `${picker}-region-52-toggle` && presses < 40) {
    await page.keyboard.press("Tab");
    presses += 1;
  }
  assert.equal(
    await focusedId(),
    `${picker}-region-52-toggle`,
    "Tab reaches Pays de la Loire"
  );
  const toggle = page.locator(`#${picker}-region-52-toggle`);
  const box = await toggle.boundingBox();
  assert.ok(
    box && box.height >= 24 && box.x + box.width <= 390,
    `a target that fits: ${JSON.stringify(box)}`
  );
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("Tab");
  assert.equal(await focusedId(), `${picker}-44`);
  await page.keyboard.press("Space");
  assert.ok(await page.isChecked(`#${picker}-44`));
  assert.equal(
    (await page.textContent(`#${picker}-chosen`))?.trim(),
    "Départements choisis : Loire-Atlantique (44)"
  );
  assert.equal(
    await page.evaluate(
      () => document.documentElement.scrollWidth > window.innerWidth
    ),
    false,
    "no sideways scrolling at 390 px"
  );
  await assertAccessible(page, "form, departments open at 390 px (fr)");

  await page.click(".vetting-application-form__next");
  await page.locator("#vetting-references-0-association-name").waitFor();
  // The service kept them: another device (here, English) finds the region open, 44 checked.
  await actAs(member, "moderator", "en");
  await page.reload();
  await page.locator(`#${picker}-44`).waitFor();
  assert.ok(await page.isChecked(`#${picker}-44`));
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.equal(
    (await page.textContent(`#${picker}-chosen`))?.trim(),
    "Departments chosen: Loire-Atlantique (44)"
  );
  await assertAccessible(page, "form, departments at 390 px (en)");
  await page.close();
});
