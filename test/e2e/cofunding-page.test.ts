// Co-funding in Chromium through the preview and the real service: a member opens a request
// with the form (the preview stands in for Discourse's topic creation), picking the provider
// in mind from a directory search with the keyboard; two members pledge until it is funded,
// the split plan shows and its CSV downloads through the relay. The quote form offers a
// listed provider's team member their own structure only, and tells a member on no team why
// there is none. axe finds no serious or critical violation on the panel (the quote form
// open too) and the form (search results shown), in French and English.
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
  // The provider in mind, with the keyboard: Enter searches (it does not send the form),
  // the count is announced, an arrow key moves from "no provider" to the first result.
  await form.fill("#cofunding-form-provider-search", "coop");
  await form.press("#cofunding-form-provider-search", "Enter");
  await form
    .locator(".cofunding-provider-picker__status", {
      hasText: "prestataires trouvés",
    })
    .waitFor();
  assert.equal(
    await form.locator(".cofunding-request-form__created").count(),
    0,
    "Enter in the search field did not send the form"
  );
  assert.equal(await form.locator(".cofunding-form__problem").count(), 0);
  await form.focus("#cofunding-form-provider-none");
  await form.keyboard.press("ArrowDown");
  const picked = await form
    .locator(".cofunding-provider-picker input[type='radio']:checked")
    .getAttribute("value");
  assert.ok(picked, "a provider is picked");
  await form.click(".cofunding-request-form__submit");
  const link = form.locator(".cofunding-request-form__created a");
  await link.waitFor({ timeout: 15_000 });
  const topicPath = (await link.getAttribute("href"))!;
  assert.match(topicPath, /^\/t\/traduction-occitane-de-mobilizon\/\d+$/);
  const campaign = await form.evaluate(async (id) => {
    const response = await fetch(`/directory-api/v1/cofunding/campaigns/${id}`);
    return (await response.json()) as { provider_slug: string | null };
  }, topicPath.split("/").at(-1)!);
  assert.equal(campaign.provider_slug, picked);
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

test("the quote form offers a team member their own listed provider only; a member on no team reads why", async () => {
  const provider = await open(
    SAMPLE,
    ".cofunding-quote-form__toggle",
    "provider"
  );
  assert.match(
    (await provider.textContent(".cofunding-quotes")) ?? "",
    /l-atelier-libre/,
    "the sample's quote comes from the demo provider's team"
  );
  await provider.click(".cofunding-quote-form__toggle");
  assert.deepEqual(
    await provider
      .locator("#cofunding-quote-provider option")
      .allTextContents(),
    ["L'Atelier libre"]
  );
  await provider.fill("#cofunding-quote-amount", "9 800,00");
  await provider.fill("#cofunding-quote-delay", "45");
  await provider.fill(
    "#cofunding-quote-deliverables",
    "Export FEC et sa documentation."
  );
  await provider.click(".cofunding-quote-form button[type='submit']");
  await provider
    .locator(".cofunding-panel__live", { hasText: "Votre devis est envoyé." })
    .waitFor();
  assert.equal(
    await provider.locator(".cofunding-quote", { hasText: /9\s800,00/ }).count(),
    1
  );
  await provider.close();

  const member = await open(
    SAMPLE,
    ".cofunding-quote-form__members-only",
    "member"
  );
  assert.equal(
    await member.locator(".cofunding-quote-form__toggle").count(),
    0
  );
  await member.close();
});

test("axe: no serious or critical violation on the panel and the form, in French and English, at 390 px too", async () => {
  const found: string[] = [];
  for (const locale of ["fr", "en"] as const) {
    for (const width of [1280, 390]) {
      for (const [path, ready, user] of [
        [SAMPLE, ".cofunding-pledge-form", "member"],
        [SAMPLE, ".cofunding-quote-form__toggle", "provider"],
        ["/cofinancement/nouveau", ".cofunding-request-form", "member"],
      ] as const) {
        const page = await open(path, ready, user, locale, width);
        assert.equal(await page.getAttribute("html", "lang"), locale);
        if (user === "provider") {
          await page.click(".cofunding-quote-form__toggle");
          await page.locator("#cofunding-quote-provider").waitFor();
        }
        if (path === "/cofinancement/nouveau") {
          // With its problems and the provider search's results shown too.
          await page.click(".cofunding-request-form__submit");
          await page.locator("#cofunding-form-title-problem").waitFor();
          await page.fill("#cofunding-form-provider-search", "libre");
          await page.press("#cofunding-form-provider-search", "Enter");
          await page
            .locator(".cofunding-provider-picker input[type='radio']")
            .nth(1)
            .waitFor();
        }
        await useAaBrandColour(page);
        const violations = seriousOrCritical(await runAxe(page));
        if (violations.length > 0) {
          found.push(
            `${locale} ${width}px ${path} (${user}): ${describe(violations)}`
          );
        }
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth
        );
        assert.equal(
          overflow,
          false,
          `${locale} ${width}px ${path} (${user}): no sideways scrolling`
        );
        await page.close();
      }
    }
  }
  assert.deepEqual(found, []);
});
