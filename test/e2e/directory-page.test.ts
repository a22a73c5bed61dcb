// One end-to-end walk through the directory in headless Chromium: the preview (the plugin's
// real routes and components) in front of the real service with demo data. Every list the
// page shows is compared with what the service answers for the same search.
import {
  Provider,
  SearchResponse,
} from "@emancipasso/directory-service/contract";
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { PER_PAGE } from "../../assets/javascripts/discourse/lib/search-state.ts";
import type { RunningPreview } from "../../preview/server.ts";
import { SAMPLE_PROVIDER_SLUG } from "../../preview/topic-path.ts";
import { type Browser } from "./helpers/browser.ts";
import { type RunningService } from "./helpers/service.ts";
import {
  searchThroughPreview,
  startDemoStack,
  stopDemoStack,
} from "./helpers/demo-stack.ts";

let service: RunningService;
let preview: RunningPreview;
let browser: Browser;

before(async () => {
  ({ service, preview, browser } = await startDemoStack());
});
after(() => stopDemoStack({ browser, preview, service }));

const search = (params: string) => searchThroughPreview(preview, params);

async function cardSlugs(page: Page): Promise<string[]> {
  return page.$$eval(".directory-page__list .provider-card", (cards) =>
    cards.map((card) => (card as HTMLElement).dataset.slug ?? "")
  );
}

/** Waits until the page lists exactly these cards, in this order. */
async function expectCards(
  page: Page,
  expected: string[],
  step: string
): Promise<void> {
  try {
    await page.waitForFunction(
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
    );
  } catch {
    assert.deepEqual(
      await cardSlugs(page),
      expected,
      `${step}: the listed cards`
    );
  }
}

function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

test("search without accents, two filters, page 2, a card, and back", async () => {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) =>
    problems.push(`page error: ${error.message}`)
  );
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });

  // 1. The directory, unfiltered.
  await page.goto(`${preview.url}/annuaire`);
  await expectCards(
    page,
    (await search("")).items.map((item) => item.slug),
    "first visit"
  );
  await assert.doesNotReject(
    page.getByText("ce n'est pas Discourse").waitFor(),
    "the page says it is a preview"
  );
  // The header link is the one the plugin's initializer adds through the plugin API.
  assert.equal(
    await page.getAttribute('a[data-preview-link="annuaire"]', "href"),
    "/annuaire"
  );

  // 2. A query typed without accents finds the texts written with them.
  const withQuery = await search("q=equipe");
  assert.ok(withQuery.total > 0);
  const accented = await fetch(
    `${preview.url}/directory-api/v1/providers/${withQuery.items[0]!.slug}`
  );
  const firstHit = Provider.parse(await accented.json());
  assert.match(
    `${firstHit.name} ${firstHit.description}`.toLowerCase(),
    /équipe/,
    "the hit is spelled with an accent"
  );
  await page.fill("#directory-search-input", "equipe");
  await page.press("#directory-search-input", "Enter");
  await page.waitForURL((url) => url.searchParams.get("q") === "equipe");
  await expectCards(
    page,
    withQuery.items.map((item) => item.slug),
    "after the query"
  );

  // 3. Two values of one facet (they add up), chosen so that the results still fill two pages.
  const options = (withQuery.facets.modality ?? []).map((option) => option.key);
  let pair: [string, string] | null = null;
  let filtered: SearchResponse | null = null;
  for (let i = 0; i < options.length && !pair; i += 1) {
    for (let j = i + 1; j < options.length && !pair; j += 1) {
      const answer = await search(
        `q=equipe&modality=${options[i]}&modality=${options[j]}`
      );
      if (answer.total > PER_PAGE) {
        [pair, filtered] = [[options[i]!, options[j]!], answer];
      }
    }
  }
  assert.ok(
    pair && filtered,
    "the demo data has two modalities that keep more than one page of results"
  );
  for (const key of pair) {
    await page.check(`fieldset[data-facet="modality"] input[value="${key}"]`);
    await page.waitForURL((url) =>
      (url.searchParams.get("modality") ?? "").split(",").includes(key)
    );
  }
  assert.deepEqual(
    query(page).get("modality")?.split(",").sort(),
    [...pair].sort()
  );
  await expectCards(
    page,
    filtered.items.map((item) => item.slug),
    "after two filters"
  );
  const count = await page
    .locator(
      `fieldset[data-facet="modality"] input[value="${pair[0]}"] + label .provider-filters__count`
    )
    .textContent();
  const facetCount = filtered.facets.modality?.find(
    (option) => option.key === pair[0]
  )?.count;
  assert.equal(
    count?.replace(/\D/g, ""),
    String(facetCount),
    "facet counts are shown"
  );

  // 4. Page 2.
  const secondPage = await search(
    `q=equipe&modality=${pair[0]}&modality=${pair[1]}&page=2`
  );
  assert.ok(secondPage.items.length > 0);
  await page.click(".directory-pagination__next");
  await page.waitForURL((url) => url.searchParams.get("page") === "2");
  await expectCards(
    page,
    secondPage.items.map((item) => item.slug),
    "page 2"
  );
  const listUrl = page.url();

  // 5. One card, in full.
  const chosen = secondPage.items[0]!;
  const detailResponse = await fetch(
    `${preview.url}/directory-api/v1/providers/${chosen.slug}`
  );
  const provider = Provider.parse(await detailResponse.json());
  await page.click(
    `.provider-card[data-slug="${chosen.slug}"] .provider-card__name a`
  );
  await page.waitForURL((url) => url.pathname === `/annuaire/${chosen.slug}`);
  await assert.doesNotReject(
    page.locator(".provider-detail__name", { hasText: provider.name }).waitFor()
  );
  assert.match(
    (await page.textContent(".provider-detail__location")) ?? "",
    new RegExp(provider.location.city)
  );
  assert.equal(
    await page.locator(".provider-detail__vetting .vetting-tag").count(),
    provider.vetting_tags.length
  );
  for (const tag of provider.vetting_tags) {
    const evidence = await page.textContent(
      `.provider-detail__vetting .vetting-tag[data-tag="${tag.key}"] .vetting-tag__evidence`
    );
    assert.equal(evidence?.trim(), tag.evidence);
  }
  const jsonLd: unknown = JSON.parse(
    (await page
      .locator('script[type="application/ld+json"]')
      .first()
      .textContent({ timeout: 2000 })) ?? "null"
  );
  assert.equal((jsonLd as { name?: string } | null)?.name, provider.name);

  // 6. Back: the same URL, query, filters, page and cards.
  await page.goBack();
  await page.waitForURL((url) => url.pathname === "/annuaire");
  assert.equal(page.url(), listUrl);
  await expectCards(
    page,
    secondPage.items.map((item) => item.slug),
    "after going back"
  );
  assert.equal(await page.inputValue("#directory-search-input"), "equipe");
  for (const key of pair) {
    assert.ok(
      await page.isChecked(
        `fieldset[data-facet="modality"] input[value="${key}"]`
      ),
      `${key} still ticked`
    );
  }
  assert.equal(query(page).get("page"), "2");

  assert.deepEqual(problems, []);
  await page.close();
});

test("a forum post linking to a card shows it inline (the preview's sample topic)", async () => {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on("pageerror", (error) =>
    problems.push(`page error: ${error.message}`)
  );
  const response = await fetch(
    `${preview.url}/directory-api/v1/providers/${SAMPLE_PROVIDER_SLUG}`
  );
  assert.equal(response.status, 200);
  const provider = Provider.parse(await response.json());

  // From the directory, the header's link to the topic (an in-app transition).
  await page.goto(`${preview.url}/annuaire`);
  await page.click('a[data-preview-link="topic"]');
  await page.waitForURL((url) => url.pathname === "/t/exemple");
  const card = page.locator(
    `.cooked .inline-provider-card .provider-card--inline[data-slug="${SAMPLE_PROVIDER_SLUG}"]`
  );
  await card.waitFor({ timeout: 10_000 });
  assert.equal(
    (await card.locator(".provider-card__name a").textContent())?.trim(),
    provider.name
  );
  assert.equal(
    await card.locator(".provider-card__tags .vetting-tag").count(),
    provider.vetting_tags.length
  );
  // The post's own link stays, and the card sits right after its paragraph.
  assert.equal(
    await page
      .locator(`.cooked p > a[href="/annuaire/${SAMPLE_PROVIDER_SLUG}"]`)
      .count(),
    1
  );

  // Icons come from the page's sprite: the sidebar link's icon is drawn (not a blank box).
  const icon = page.locator(
    'a[data-preview-link="annuaire"] svg.d-icon-address-book'
  );
  assert.equal(await page.locator("svg symbol#address-book path").count(), 1);
  const box = await icon.boundingBox();
  assert.ok(box && box.width > 0 && box.height > 0, "the icon has a size");

  // The card's link opens the provider's page in the app.
  await card.locator(".provider-card__name a").click();
  await page.waitForURL(
    (url) => url.pathname === `/annuaire/${SAMPLE_PROVIDER_SLUG}`
  );
  await page.locator(".provider-detail__name").waitFor();

  assert.deepEqual(problems, []);
  await page.close();
});
