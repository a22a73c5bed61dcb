// Takes the README's screenshots in headless Chromium: the directory page, one provider's
// card, the sample topic whose post shows a card inline, and the directory on a 390 × 844
// phone with one filter on (folded filters, the filter's chip, the first results), and the
// sample co-funding request's panel as a member sees it, through the preview in front of the
// real service with the demo data.
//   node --import tsx preview/screenshots.ts <output directory>
import { SearchResponse } from "@emancipasso/directory-service/contract";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchChromium } from "../test/e2e/helpers/browser.ts";
import { startTestPreview } from "../test/e2e/helpers/preview.ts";
import { startService, TEST_SECRET } from "../test/e2e/helpers/service.ts";
import { buildPreviewAssets } from "./assets.ts";
import {
  SAMPLE_COFUNDING_TOPIC_ID,
  SAMPLE_COFUNDING_TOPIC_SLUG,
  seedCofundingDemo,
} from "./cofunding-demo.ts";

const outdir = process.argv[2];
if (!outdir) {
  process.stderr.write(
    "usage: node --import tsx preview/screenshots.ts <output directory>\n"
  );
  process.exit(2);
}
mkdirSync(resolve(outdir), { recursive: true });

const [service, assets] = await Promise.all([
  startService({ seedDemo: true }),
  buildPreviewAssets({ production: true }),
]);
await seedCofundingDemo({
  url: service.url,
  secret: TEST_SECRET,
  databasePath: service.databasePath,
});
const preview = await startTestPreview(service.url, { assets });
const browser = await launchChromium({
  viewport: { width: 1280, height: 1000 },
});
try {
  const page = await browser.newPage();
  await page.goto(`${preview.url}/annuaire?q=equipe`);
  await page.waitForSelector(".directory-page__list .provider-card");
  await page.screenshot({ path: join(outdir, "annuaire.png") });

  const search = SearchResponse.parse(
    await (
      await fetch(
        `${preview.url}/directory-api/v1/providers?q=equipe&per_page=1`
      )
    ).json()
  );
  const slug = search.items[0]?.slug;
  if (!slug) {
    throw new Error("no provider to show");
  }
  await page.click(
    `.provider-card[data-slug="${slug}"] .provider-card__name a`
  );
  await page.waitForSelector(".provider-detail__name");
  await page.screenshot({ path: join(outdir, "fiche-prestataire.png") });

  await page.click('a[data-preview-link="topic"]');
  await page.waitForSelector(".cooked .inline-provider-card .provider-card");
  await page.screenshot({ path: join(outdir, "sujet-carte-en-ligne.png") });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${preview.url}/annuaire?support=diagnostic`);
  await page.waitForSelector(".directory-page__list .provider-card");
  await page.waitForSelector(".directory-active-filters__chip");
  await page.screenshot({ path: join(outdir, "annuaire-telephone.png") });

  await browser.context.addCookies([
    { name: "preview_user", value: "member", url: preview.url },
  ]);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(
    `${preview.url}/t/${SAMPLE_COFUNDING_TOPIC_SLUG}/${SAMPLE_COFUNDING_TOPIC_ID}`
  );
  await page.waitForSelector(".cofunding-pledge-form");
  await page
    .locator(".cofunding-panel")
    .screenshot({ path: join(outdir, "cofinancement.png") });
  process.stdout.write(
    [
      "annuaire.png",
      "fiche-prestataire.png",
      "sujet-carte-en-ligne.png",
      "annuaire-telephone.png",
      "cofinancement.png",
    ]
      .map((name) => join(outdir, name) + "\n")
      .join("")
  );
} finally {
  await browser.close();
  await preview.close();
  await service.stop();
}
