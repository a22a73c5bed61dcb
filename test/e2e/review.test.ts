// The review queue end to end, in headless Chromium through the preview in front of the real
// service: two structures applied and their referees answered (preview/review-demo.ts, the
// service's own API); a directory moderator finds them from the navigation's pending count,
// accepts the references and approves one with the keyboard; the structure then appears in
// /annuaire with the vetting tags derived from its references. axe-core on the queue and an
// application's page, in French and English, on a desktop and a phone. A member is refused.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { DEMO_APPLICANTS, seedReviewDemo } from "../../preview/review-demo.ts";
import type { RunningPreview } from "../../preview/server.ts";
import {
  describe,
  runAxe,
  seriousOrCritical,
  useAaBrandColour,
  type Violation,
} from "./helpers/axe.ts";
import { type Browser } from "./helpers/browser.ts";
import { type RunningService, TEST_SECRET } from "./helpers/service.ts";
import { startDemoStack, stopDemoStack } from "./helpers/demo-stack.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let service: RunningService;
let preview: RunningPreview;
let browser: Browser;
let ids: number[] = [];

before(async () => {
  ({ service, preview, browser } = await startDemoStack({
    seed: async (started) => {
      ids = await seedReviewDemo({
        url: started.url,
        secret: TEST_SECRET,
        databasePath: started.databasePath,
      });
    },
  }));
});
after(() => stopDemoStack({ browser, preview, service }));

async function open(
  path: string,
  ready: string,
  options: {
    user?: string;
    locale?: "fr" | "en";
    viewport?: { width: number; height: number };
  } = {}
): Promise<Page> {
  await browser.context.addCookies([
    { name: "preview_locale", value: options.locale ?? "fr", url: preview.url },
    {
      name: "preview_user",
      value: options.user ?? "moderator",
      url: preview.url,
    },
  ]);
  const page = await browser.newPage();
  await page.setViewportSize(options.viewport ?? DESKTOP);
  await page.goto(preview.url + path);
  await page.locator(ready).first().waitFor({ timeout: 10_000 });
  return page;
}

test("axe: no serious or critical violation on the queue and an application's page, in French and English, on a desktop and a phone", async () => {
  assert.equal(ids.length, 2, "two applications were seeded");
  const found: Record<string, Violation[]> = {};
  const pages = [
    { path: "/annuaire/moderation", ready: ".review-queue-item" },
    { path: `/annuaire/moderation/${ids[1]}`, ready: ".review-reference" },
  ];
  for (const locale of ["fr", "en"] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const { path, ready } of pages) {
        const page = await open(path, ready, { locale, viewport });
        const where = `${locale} ${viewport.width}px ${path}`;
        assert.equal(await page.getAttribute("html", "lang"), locale, where);
        // Nothing wider than the screen.
        assert.ok(
          (await page.evaluate(() => document.documentElement.scrollWidth)) <=
            viewport.width,
          `${where}: no horizontal scroll`
        );
        if (path !== "/annuaire/moderation") {
          // With an action's form open too (reason field, warning, buttons).
          await page.click(
            ".review-application-page__actions .review-action--reject"
          );
          await page.locator(".review-action-form").waitFor();
        }
        await useAaBrandColour(page);
        found[where] = seriousOrCritical(await runAxe(page));
        await page.close();
      }
    }
  }
  const failing = Object.entries(found).filter(([, list]) => list.length > 0);
  assert.equal(
    failing.length,
    0,
    failing.map(([where, list]) => `${where}\n${describe(list)}`).join("\n\n")
  );
  assert.equal(Object.keys(found).length, 8, "every page was measured");
});

test("a moderator approves an application with the keyboard; the structure appears in /annuaire with its derived tags", async () => {
  const name = DEMO_APPLICANTS[0]!.name;
  const page = await open("/annuaire/moderation", ".review-queue-item");

  // The navigation shows the link with the number waiting.
  const link = page.locator('[data-preview-link="annuaire-moderation"]');
  await link.locator(".sidebar-section-link-content-badge").waitFor();
  assert.equal(
    (
      await link.locator(".sidebar-section-link-content-badge").textContent()
    )?.trim(),
    "2 en attente"
  );
  assert.equal(await page.locator(".review-queue-item").count(), 2);

  await page.getByRole("link", { name }).click();
  await page.locator(".review-reference").first().waitFor();
  assert.equal(await page.locator(".review-reference").count(), 2);

  // Each reference accepted, with the keyboard: the button, then the form's confirm.
  for (const reference of await page.locator(".review-reference").all()) {
    await reference.locator(".review-action--accept_reference").focus();
    await page.keyboard.press("Enter");
    await page.locator(".review-action-form__reason").waitFor();
    assert.ok(
      await page.evaluate(() =>
        document.activeElement?.classList.contains("review-action-form__reason")
      ),
      "the focus goes into the form"
    );
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.locator(".review-notice--success").waitFor();
  }

  await page.locator(".review-action--approve").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.type("Deux références confirmées.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.locator(".review-state--listed").first().waitFor();
  assert.equal(
    (await page.textContent(".review-notice--success"))?.trim(),
    "Candidature approuvée : la fiche est publiée."
  );
  assert.equal(
    await page.locator('.review-audit-entry[data-action="approve"]').count(),
    1
  );
  assert.match(
    (await page.textContent('.review-audit-entry[data-action="approve"]')) ??
      "",
    /@sacha\s+a approuvé la candidature/
  );
  await page.close();

  // Public now: a visitor finds it with the tags its accepted references give it.
  const directory = await open(
    `/annuaire?q=${encodeURIComponent("Élan")}`,
    ".directory-page__list .provider-card",
    { user: "anonymous" }
  );
  const card = directory.locator(".provider-card", { hasText: name });
  assert.equal(await card.count(), 1);
  const tags = await card.locator(".vetting-tag").allTextContents();
  assert.ok(
    tags.some((tag) => tag.includes("Références vérifiées (2)")),
    tags.join(" | ")
  );
  assert.ok(
    tags.some((tag) => tag.includes("Diagnostic numérique")),
    tags.join(" | ")
  );
  await directory.close();
});

test("a member gets neither the page nor the service's answers", async () => {
  const page = await open("/annuaire/moderation", ".review-access-denied", {
    user: "member",
  });
  assert.equal(await page.locator(".review-queue-page").count(), 0);
  assert.equal(
    await page.locator('[data-preview-link="annuaire-moderation"]').count(),
    0
  );
  await page.close();
  // The service refuses the same call made through the relay as a member.
  const refused = await fetch(`${preview.url}/directory-api/v1/review/queue`, {
    headers: { cookie: "preview_user=member" },
  });
  assert.equal(refused.status, 403);
});
