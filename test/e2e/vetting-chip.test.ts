// The "Prestataire vérifié" chip in Chromium, through the preview and the real service: the
// sample co-funding request has a reply from a member of the team of a provider listed
// through vetting and review (the preview's "provider" user); the chip follows that poster's
// name only, links to the provider's card, and every poster of the page is asked about in one
// request. In French and English, on a desktop and at 390 px: its accessible name, a Tab
// stop with a visible focus indicator, Enter opens the card, and axe finds no serious or
// critical violation.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import {
  SAMPLE_AUTHOR,
  SAMPLE_COFUNDING_TOPIC_ID,
  SAMPLE_COFUNDING_TOPIC_SLUG,
  seedCofundingDemo,
} from "../../preview/cofunding-demo.ts";
import { DEMO_LISTED_PROVIDER } from "../../preview/review-demo.ts";
import type { RunningPreview } from "../../preview/server.ts";
import type { PreviewUserKey } from "../../preview/users.ts";
import {
  describe,
  runAxe,
  seriousOrCritical,
  useAaBrandColour,
} from "./helpers/axe.ts";
import { type Browser } from "./helpers/browser.ts";
import { startDemoStack, stopDemoStack } from "./helpers/demo-stack.ts";
import { type RunningService, TEST_SECRET } from "./helpers/service.ts";

const SAMPLE = `/t/${SAMPLE_COFUNDING_TOPIC_SLUG}/${SAMPLE_COFUNDING_TOPIC_ID}`;
const CHIP = ".names .emancipasso-vetting-chip";
const LABELS = {
  fr: (name: string) => `Prestataire vérifié : ${name}`,
  en: (name: string) => `Verified provider: ${name}`,
};
const TEXTS = { fr: "Prestataire vérifié", en: "Verified provider" };
/** More than the page's Tab stops before the chip (header, switcher, panel, pledge form). */
const MAX_TABS = 150;

let service: RunningService;
let preview: RunningPreview;
let browser: Browser;
/** The listed provider whose team the preview's "provider" user is on, as the service says. */
let listed: { slug: string; name: string };

before(async () => {
  ({ service, preview, browser } = await startDemoStack({
    seed: (started) =>
      seedCofundingDemo({
        url: started.url,
        secret: TEST_SECRET,
        databasePath: started.databasePath,
      }),
  }));
  const response = await fetch(
    `${preview.url}/directory-api/v1/providers/by-members?user_ids=${DEMO_LISTED_PROVIDER.user.id}`
  );
  assert.equal(response.status, 200);
  const { members } = (await response.json()) as {
    members: { slug: string; name: string }[];
  };
  assert.equal(members.length, 1, "the demo provider's team member is listed");
  listed = members[0]!;
  assert.equal(listed.name, DEMO_LISTED_PROVIDER.name);
});
after(() => stopDemoStack({ browser, preview, service }));

async function open(
  user: PreviewUserKey,
  locale: "fr" | "en",
  width: number
): Promise<Page> {
  await browser.context.addCookies([
    { name: "preview_locale", value: locale, url: preview.url },
    { name: "preview_user", value: user, url: preview.url },
  ]);
  const page = await browser.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(preview.url + SAMPLE);
  await page.locator(CHIP).first().waitFor({ timeout: 15_000 });
  return page;
}

/** Presses Tab from the top of the page until the chip has the focus; the presses it took. */
async function tabToChip(page: Page): Promise<number> {
  await page.locator("body").focus();
  for (let presses = 1; presses <= MAX_TABS; presses++) {
    await page.keyboard.press("Tab");
    const onChip = await page.evaluate(
      (selector) => document.activeElement?.matches(selector) ?? false,
      CHIP
    );
    if (onChip) {
      return presses;
    }
  }
  return -1;
}

test("the chip follows the name of the listed provider's team member only, links to its card, and the page's posters are asked about once", async () => {
  const asked: string[] = [];
  await browser.context.addCookies([
    { name: "preview_locale", value: "fr", url: preview.url },
    { name: "preview_user", value: "anonymous", url: preview.url },
  ]);
  const page = await browser.newPage();
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/directory-api/v1/providers/by-members") {
      asked.push(url.searchParams.get("user_ids") ?? "");
    }
  });
  await page.goto(preview.url + SAMPLE);
  await page.locator(CHIP).first().waitFor({ timeout: 15_000 });

  // An anonymous visitor sees it too: the lookup needs no account.
  assert.deepEqual(
    (await page.locator(".preview-topic__post .names").allTextContents()).map(
      squash
    ),
    [
      SAMPLE_AUTHOR.username,
      `${DEMO_LISTED_PROVIDER.user.username}${TEXTS.fr}`,
    ].map(squash),
    "one chip, after the second poster's name"
  );
  const chip = page.locator(`#post_2 ${CHIP}`);
  assert.equal(await chip.count(), 1);
  assert.equal(await page.locator(`#post_1 ${CHIP}`).count(), 0);
  assert.equal(await chip.getAttribute("href"), `/annuaire/${listed.slug}`);
  assert.equal(
    await page.getByRole("link", { name: LABELS.fr(listed.name) }).count(),
    1
  );
  assert.deepEqual(
    asked.map((ids) => ids.split(",").sort()),
    [[String(DEMO_LISTED_PROVIDER.user.id), String(SAMPLE_AUTHOR.id)].sort()],
    "both posters in one request"
  );

  await chip.click();
  await page
    .locator(".provider-detail__name", { hasText: listed.name })
    .waitFor({ timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, `/annuaire/${listed.slug}`);
  await page.close();
});

/** The names line's text without the whitespace between its parts. */
function squash(text: string): string {
  return text.replace(/\s+/g, "");
}

test("keyboard and axe: named in French and English, a Tab stop with a visible focus, Enter opens the card, no serious or critical violation, at 390 px too", async () => {
  const found: string[] = [];
  for (const locale of ["fr", "en"] as const) {
    for (const width of [1280, 390]) {
      const where = `${locale} ${width}px`;
      const page = await open("member", locale, width);
      assert.equal(await page.getAttribute("html", "lang"), locale, where);
      const chip = page.getByRole("link", {
        name: LABELS[locale](listed.name),
      });
      assert.equal(
        await chip.count(),
        1,
        `${where}: the chip's accessible name`
      );
      assert.equal(
        (await chip.textContent())?.trim(),
        TEXTS[locale],
        `${where}: its visible text`
      );

      const presses = await tabToChip(page);
      assert.ok(presses > 0, `${where}: Tab reaches the chip`);
      const focus = await page.evaluate((selector) => {
        const element = document.querySelector(selector)!;
        const style = getComputedStyle(element);
        return {
          visible: element.matches(":focus-visible"),
          outline: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth),
        };
      }, CHIP);
      assert.ok(focus.visible, `${where}: the focus is shown (:focus-visible)`);
      assert.ok(
        focus.outline !== "none" && focus.outlineWidth > 0,
        `${where}: a focus ring is drawn (${focus.outline} ${focus.outlineWidth}px)`
      );

      await useAaBrandColour(page);
      const violations = seriousOrCritical(await runAxe(page));
      if (violations.length > 0) {
        found.push(`${where}: ${describe(violations)}`);
      }
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth
      );
      assert.equal(overflow, false, `${where}: no sideways scrolling`);
      const box = await page.locator(CHIP).boundingBox();
      assert.ok(
        box !== null && box.x >= 0 && box.x + box.width <= width,
        `${where}: the chip fits the screen`
      );

      await page.keyboard.press("Enter");
      await page
        .locator(".provider-detail__name", { hasText: listed.name })
        .waitFor({ timeout: 15_000 });
      await page.close();
    }
  }
  assert.deepEqual(found, []);
});
