// Accessibility in headless Chromium, through the preview in front of the real service with
// demo data: axe-core (WCAG 2 A/AA) on every page the plugin draws, in French and English,
// on a desktop and on a phone (filters folded and open); the phone layout (results on the
// first screen, active filters as removable chips); and a keyboard walk through the
// directory with a visible focus indicator at each stop.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { PER_PAGE } from "../../assets/javascripts/discourse/lib/search-state.ts";
import { DISCOURSE_DEFAULT_COLORS, paletteCss } from "../../preview/palette.ts";
import type { RunningPreview } from "../../preview/server.ts";
import { SAMPLE_PROVIDER_SLUG, TOPIC_PATH } from "../../preview/topic-path.ts";
import {
  describe,
  runAxe,
  seriousOrCritical,
  useAaBrandColour,
  type Violation,
} from "./helpers/axe.ts";
import { type Browser } from "./helpers/browser.ts";
import { type RunningService } from "./helpers/service.ts";
import {
  searchThroughPreview,
  startDemoStack,
  stopDemoStack,
} from "./helpers/demo-stack.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
type Locale = "fr" | "en";

let service: RunningService;
let preview: RunningPreview;
let browser: Browser;

before(async () => {
  ({ service, preview, browser } = await startDemoStack());
});
after(() => stopDemoStack({ browser, preview, service }));

const search = (params: string) => searchThroughPreview(preview, params);

/** A page of the preview, in this locale (the shell reads it from its cookie) and screen. */
async function open(
  path: string,
  ready: string,
  options: { locale?: Locale; viewport?: { width: number; height: number } }
): Promise<Page> {
  await browser.context.addCookies([
    { name: "preview_locale", value: options.locale ?? "fr", url: preview.url },
  ]);
  const page = await browser.newPage();
  await page.setViewportSize(options.viewport ?? DESKTOP);
  await page.goto(preview.url + path);
  await page.locator(ready).first().waitFor({ timeout: 10_000 });
  return page;
}

const DIRECTORY_READY = ".directory-page__list .provider-card";
const PAGES = [
  { path: "/annuaire", ready: DIRECTORY_READY },
  {
    path: `/annuaire/${SAMPLE_PROVIDER_SLUG}`,
    ready: ".provider-detail__name",
  },
  { path: TOPIC_PATH, ready: ".cooked .inline-provider-card .provider-card" },
];
const TITLES: Record<Locale, string> = {
  fr: "Annuaire des prestataires",
  en: "Provider directory",
};

test("axe: no serious or critical violation on the directory, a provider's page and the sample topic, in French and English, on a desktop and a phone", async () => {
  const found: Record<string, Violation[]> = {};
  for (const locale of ["fr", "en"] as const) {
    for (const viewport of [DESKTOP, PHONE]) {
      for (const { path, ready } of PAGES) {
        const page = await open(path, ready, { locale, viewport });
        const where = `${locale} ${viewport.width}px ${path}`;
        // The locale switch is real: the page speaks it, with client.<locale>.yml's strings.
        assert.equal(
          await page.getAttribute("html", "lang"),
          locale,
          `${where}: lang`
        );
        if (path === "/annuaire") {
          assert.equal(
            (await page.textContent(".directory-page__title"))?.trim(),
            TITLES[locale],
            `${where}: title`
          );
        }
        await useAaBrandColour(page);
        found[where] = seriousOrCritical(await runAxe(page));
        if (path === "/annuaire" && viewport === PHONE) {
          await page.click(".directory-filters__toggle");
          await page.locator(".provider-filters__facet").first().waitFor();
          found[`${where} (filters open)`] = seriousOrCritical(
            await runAxe(page)
          );
        }
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
  assert.ok(Object.keys(found).length === 14, "every page was measured");
});

test("with Discourse's default palette untouched, the only contrast failures are the forum's brand colour (links, primary buttons)", async () => {
  const brand = DISCOURSE_DEFAULT_COLORS.tertiary;
  const others: string[] = [];
  for (const { path, ready } of PAGES) {
    const page = await open(path, ready, {});
    for (const violation of seriousOrCritical(await runAxe(page))) {
      if (violation.id !== "color-contrast") {
        others.push(`${path}\n${describe([violation])}`);
        continue;
      }
      for (const node of violation.nodes) {
        const data = node.any[0]?.data as
          | { fgColor?: string; bgColor?: string }
          | undefined;
        if (data?.fgColor !== brand && data?.bgColor !== brand) {
          others.push(
            `${path} ${node.target.join(" ")}: ${data?.fgColor} on ${data?.bgColor}`
          );
        }
      }
    }
    await page.close();
  }
  assert.deepEqual(others, []);
});

test("the preview's palette is Discourse's default: --primary-medium too light for text, --primary-high AA", async () => {
  const css = await (
    await fetch(`${preview.url}/preview-assets/shell.css`)
  ).text();
  assert.ok(css.startsWith(paletteCss()), "the shell serves the palette");
  const luminance = (name: string): number => {
    const match = new RegExp(
      `--${name}: (?:#([0-9a-f]{6})|rgb\\(([\\d.]+)%, ([\\d.]+)%, ([\\d.]+)%\\));`
    ).exec(css);
    assert.ok(match, `--${name} is defined`);
    const channels = match[1]
      ? [0, 2, 4].map((i) => parseInt(match[1]!.slice(i, i + 2), 16) / 255)
      : [match[2], match[3], match[4]].map((value) => Number(value) / 100);
    const [r, g, b] = channels.map((c) =>
      c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
    ) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a: string, b: string): number => {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light! + 0.05) / (dark! + 0.05);
  };
  // About #919191 and #646464 on white, as a forum on the default scheme shows them.
  assert.equal(contrast("primary-medium", "secondary").toFixed(2), "3.17");
  assert.equal(contrast("primary-high", "secondary").toFixed(2), "5.89");
  assert.ok(contrast("primary-high", "primary-very-low") >= 4.5);
  assert.ok(contrast("primary", "success-low") >= 4.5, "vetting tags");
});

/** Cards on the page, in order. */
async function cardSlugs(page: Page): Promise<string[]> {
  return page.$$eval(DIRECTORY_READY, (cards) =>
    cards.map((card) => (card as HTMLElement).dataset.slug ?? "")
  );
}

async function expectCards(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (slugs) =>
        JSON.stringify(
          [
            ...document.querySelectorAll<HTMLElement>(
              ".directory-page__list .provider-card"
            ),
          ].map((card) => card.dataset.slug)
        ) === JSON.stringify(slugs),
      expected,
      { timeout: 10_000 }
    )
    .catch(() => {});
  assert.deepEqual(await cardSlugs(page), expected);
}

test("on a 390 × 844 phone: results on the first screen, filters behind a button, active filters as chips that remove them", async () => {
  const all = await search("");
  const [first, second] = (all.facets.support ?? []).map((value) => value.key);
  assert.ok(first && second, "the demo data has two kinds of support");
  const both = await search(`support=${first}&support=${second}`);
  assert.ok(both.items.length > 0, "the two filters keep some results");

  const page = await open(
    `/annuaire?support=${first},${second}`,
    DIRECTORY_READY,
    { viewport: PHONE }
  );
  await expectCards(
    page,
    both.items.map((item) => item.slug)
  );

  // The first card's name is on the first screen, without scrolling.
  const name = await page
    .locator(".directory-page__list .provider-card__name")
    .first()
    .boundingBox();
  assert.ok(name, "the first card has a box");
  assert.ok(
    name.y >= 0 && name.y + name.height <= PHONE.height,
    `the first card's name ends at ${Math.round(name.y + name.height)} px, within ${PHONE.height}`
  );

  // The filters are folded: a button says so, no checkbox is on screen.
  const toggle = page.locator(".directory-filters__toggle");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(
    await toggle.getAttribute("aria-controls"),
    await page.getAttribute(".directory-filters__panel", "id")
  );
  assert.match((await toggle.textContent()) ?? "", /Filtres \(2 actifs\)/);
  assert.equal(await page.locator('input[type="checkbox"]:visible').count(), 0);

  // One chip per active filter, each a button named after what it removes.
  const firstLabel = all.facets.support!.find((v) => v.key === first)!.label;
  const chip = page.getByRole("button", {
    name: `Retirer le filtre : ${firstLabel}`,
    exact: true,
  });
  assert.equal(await chip.count(), 1, `a chip for ${firstLabel}`);
  assert.equal(
    await page.locator(".directory-active-filters__chip").count(),
    2
  );

  // Removing it: the URL and the results follow, the focus stays among the chips.
  const remaining = await search(`support=${second}`);
  await chip.click();
  await page.waitForURL((url) => url.searchParams.get("support") === second, {
    timeout: 10_000,
  });
  await expectCards(
    page,
    remaining.items.map((item) => item.slug)
  );
  assert.equal(
    await page.locator(".directory-active-filters__chip").count(),
    1
  );
  assert.equal(
    await page.evaluate(() => document.activeElement?.className),
    "directory-active-filters__chip",
    "the focus moves to the chip left"
  );
  // The last one: no filter left, the focus goes to the results' heading.
  await page.locator(".directory-active-filters__chip").click();
  await page.waitForURL((url) => !url.searchParams.has("support"));
  await expectCards(
    page,
    all.items.map((item) => item.slug)
  );
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    "directory-results-title"
  );

  // The disclosure, with the keyboard: Enter opens it, Tab enters it, Escape folds it and
  // gives the focus back to the button.
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  assert.ok(
    (await page.locator('input[type="checkbox"]:visible').count()) > 10,
    "the filters show"
  );
  await page.keyboard.press("Tab");
  assert.equal(
    await page.evaluate(
      () => (document.activeElement as HTMLInputElement).type
    ),
    "checkbox"
  );
  const ticked = await page.evaluate(() => document.activeElement?.id);
  await page.keyboard.press("Space");
  await page.waitForURL((url) => url.searchParams.has("support"));
  await expectCards(
    page,
    (await search(`support=${all.facets.support![0]!.key}`)).items.map(
      (item) => item.slug
    )
  );
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    ticked,
    "the ticked box keeps the focus once the new results are in"
  );
  assert.equal(
    await toggle.getAttribute("aria-expanded"),
    "true",
    "stays open"
  );
  await page.keyboard.press("Escape");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(
    await page.evaluate(() => document.activeElement?.className),
    "btn btn-default directory-filters__toggle"
  );
  assert.equal(
    await page.locator(".directory-active-filters__chip").count(),
    1
  );
  await page.close();
});

/** What shows where the focus is: an outline or a ring (box-shadow) on the element. */
function focusIndicator(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) {
      return null;
    }
    const style = getComputedStyle(element);
    if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) {
      return `outline ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    }
    if (style.boxShadow !== "none") {
      return `box-shadow ${style.boxShadow}`;
    }
    return null;
  });
}

/** Tabs until the focus is on an element matching selector; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 400): Promise<void> {
  for (let press = 0; press < limit; press += 1) {
    await page.keyboard.press("Tab");
    if (
      await page.evaluate(
        (wanted) => document.activeElement?.matches(wanted) ?? false,
        selector
      )
    ) {
      return;
    }
  }
  assert.fail(`Tab never reached ${selector}`);
}

for (const [screen, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  test(`keyboard (${screen}): Tab reaches search, filters, a chip, a card and the pages, each with a visible focus`, async () => {
    // A filter that keeps more than one page of results, so the pages are there.
    const modality = (await search("")).facets.modality?.find(
      (value) => value.count > PER_PAGE
    );
    assert.ok(modality, "a modality with more than one page of providers");
    const page = await open(
      `/annuaire?modality=${modality.key}`,
      DIRECTORY_READY,
      {
        viewport,
      }
    );
    const stops: Array<[string, string]> = [
      ["search", "#directory-search-input"],
      ...(screen === "phone"
        ? [
            ["filter disclosure", ".directory-filters__toggle"] as [
              string,
              string,
            ],
          ]
        : []),
      ["filter", '.provider-filters input[type="checkbox"]'],
      ["chip", ".directory-active-filters__chip"],
      ["card link", ".provider-card__name a"],
      ["pagination", ".directory-pagination__next"],
    ];
    const seen: Record<string, string | null> = {};
    for (const [name, selector] of stops) {
      await tabTo(page, selector);
      seen[name] = await focusIndicator(page);
      if (name === "filter disclosure") {
        await page.keyboard.press("Enter");
      }
    }
    const missing = Object.entries(seen)
      .filter(([, indicator]) => !indicator)
      .map(([name]) => name);
    assert.deepEqual(missing, [], JSON.stringify(seen, null, 2));
    await page.close();
  });
}
