// Co-funding in Chromium through the preview and the real service: a member opens a request
// with the form (the preview stands in for Discourse's topic creation), two members pledge
// until it is funded, the split plan shows and its CSV downloads through the relay; axe finds
// no serious or critical violation on the panel and the form, in French and English.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import {
  SAMPLE_COFUNDING_TOPIC_ID,
  SAMPLE_COFUNDING_TOPIC_SLUG,
  seedCofundingDemo,
} from "../../preview/cofunding-demo.ts";
import type { RunningPreview } from "../../preview/server.ts";
import type { PreviewUserKey } from "../../preview/users.ts";
import {
  describe,
  runAxe,
  seriousOrCritical,
  useAaBrandColour,
} from "./helpers/axe.ts";
import { type Browser } from "./helpers/browser.ts";
import { type RunningService, TEST_SECRET } from "./helpers/service.ts";
import { startDemoStack, stopDemoStack } from "./helpers/demo-stack.ts";

const SAMPLE = `/t/${SAMPLE_COFUNDING_TOPIC_SLUG}/${SAMPLE_COFUNDING_TOPIC_ID}`;
let service: RunningService;
let preview: RunningPreview;
let browser: Browser;

before(async () => {
  ({ service, preview, browser } = await startDemoStack({
    seed: (started) =>
      seedCofundingDemo({
        url: started.url,
        secret: TEST_SECRET,
        databasePath: started.databasePath,
      }),
  }));
});
after(() => stopDemoStack({ browser, preview, service }));

async function open(
  path: string,
  ready: string,
  user: PreviewUserKey,
  locale: "fr" | "en" = "fr",
  width = 1280
): Promise<Page> {
  await browser.context.addCookies([
    { name: "preview_locale", value: locale, url: preview.url },
    { name: "preview_user", value: user, url: preview.url },
  ]);
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(preview.url + path);
  await page.locator(ready).first().waitFor({ timeout: 15_000 });
  return page;
}

async function pledge(
  page: Page,
  association: string,
  amount: string
): Promise<void> {
  await page.fill("#cofunding-pledge-association", association);
  await page.fill("#cofunding-pledge-amount", amount);
  await page.click(".cofunding-pledge-form__submit");
}

test("a request made with the form, two members pledge until funded: split plan and CSV", async () => {
  const form = await open(
    "/cofinancement/nouveau",
    ".cofunding-request-form",
    "member"
  );
  await form.fill("#cofunding-form-title", "Traduction occitane de Mobilizon");
  await form.fill(
    "#cofunding-form-need",
    "Une interface en occitan pour nos adhérents."
  );
  await form.fill("#cofunding-form-projectName", "Mobilizon");
  await form.fill(
    "#cofunding-form-forgeUrl",
    "https://framagit.org/framasoft/mobilizon"
  );
  await form.fill(
    "#cofunding-form-outcome",
    "Les chaînes traduites, relues et fusionnées."
  );
  await form.fill("#cofunding-form-target", "300,00");
  // Within the service's horizon (five years).
  const deadline = new Date(Date.now() + 90 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  await form.fill("#cofunding-form-deadline", deadline);
  await form.fill("#cofunding-form-minPledge", "10");
  await form.click(".cofunding-request-form__submit");
  const link = form.locator(".cofunding-request-form__created a");
  await link.waitFor({ timeout: 15_000 });
  const topicPath = (await link.getAttribute("href"))!;
  assert.match(topicPath, /^\/t\/traduction-occitane-de-mobilizon\/\d+$/);
  await form.close();

  const first = await open(topicPath, ".cofunding-pledge-form", "member");
  await pledge(first, "Les Amis du Vélo", "200");
  await first.locator(".cofunding-pledge__mine").waitFor();
  assert.match(
    (await first.textContent(".cofunding-progress__amounts")) ?? "",
    /200,00\s€ sur 300,00\s€/
  );
  await first.close();

  const second = await open(topicPath, ".cofunding-pledge-form", "provider");
  await pledge(second, "Maison de quartier Nord", "100,00");
  await second.locator(".cofunding-split-plan").waitFor({ timeout: 15_000 });
  assert.equal(
    (await second.textContent(".cofunding-panel__status"))?.trim(),
    "Financée"
  );
  assert.equal(
    await second.locator(".cofunding-split-plan tbody tr").count(),
    2
  );
  const href = (await second.getAttribute(
    ".cofunding-split-plan__csv",
    "href"
  ))!;
  const csv = await second.evaluate(async (url) => {
    const response = await fetch(url);
    return {
      type: response.headers.get("content-type"),
      text: await response.text(),
    };
  }, href);
  assert.match(csv.type ?? "", /^text\/csv/);
  assert.match(csv.text, /Maison de quartier Nord/);
  assert.match(csv.text, /Les Amis du Vélo/);
  await second.close();
});

test("axe: no serious or critical violation on the panel and the form, in French and English, at 390 px too", async () => {
  const found: string[] = [];
  for (const locale of ["fr", "en"] as const) {
    for (const width of [1280, 390]) {
      for (const [path, ready] of [
        [SAMPLE, ".cofunding-pledge-form"],
        ["/cofinancement/nouveau", ".cofunding-request-form"],
      ] as const) {
        const page = await open(path, ready, "member", locale, width);
        assert.equal(await page.getAttribute("html", "lang"), locale);
        if (path === "/cofinancement/nouveau") {
          // With its problems shown too.
          await page.click(".cofunding-request-form__submit");
          await page.locator("#cofunding-form-title-problem").waitFor();
        }
        await useAaBrandColour(page);
        const violations = seriousOrCritical(await runAxe(page));
        if (violations.length > 0) {
          found.push(`${locale} ${width}px ${path}: ${describe(violations)}`);
        }
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth
        );
        assert.equal(
          overflow,
          false,
          `${locale} ${width}px ${path}: no sideways scrolling`
        );
        await page.close();
      }
    }
  }
  assert.deepEqual(found, []);
});
