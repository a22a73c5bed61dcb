// Prints, as JSON, what axe-core (WCAG 2 A/AA) finds on the preview's pages with the demo
// data: per page, locale and screen, how many elements each serious or critical violation
// touches (on a phone, also with the filters unfolded), once with the forum's brand colour
// set to an AA value and once with Discourse's default palette untouched. The end-to-end tests assert; this measures.
//   node --import tsx preview/axe-report.ts
import type { Page } from "playwright-core";
import { launchChromium } from "../test/e2e/helpers/browser.ts";
import {
  countByRule,
  runAxe,
  seriousOrCritical,
  useAaBrandColour,
} from "../test/e2e/helpers/axe.ts";
import { startTestPreview } from "../test/e2e/helpers/preview.ts";
import { startService } from "../test/e2e/helpers/service.ts";
import { buildPreviewAssets } from "./assets.ts";
import { SAMPLE_PROVIDER_SLUG, TOPIC_PATH } from "./topic-path.ts";

const PAGES: ReadonlyArray<{ path: string; ready: string }> = [
  { path: "/annuaire", ready: ".directory-page__list .provider-card" },
  {
    path: `/annuaire/${SAMPLE_PROVIDER_SLUG}`,
    ready: ".provider-detail__name",
  },
  { path: TOPIC_PATH, ready: ".cooked .inline-provider-card .provider-card" },
];
const SCREENS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

const [service, assets] = await Promise.all([
  startService({ seedDemo: true }),
  buildPreviewAssets({ production: true }),
]);
const preview = await startTestPreview(service.url, { assets });
const report: Record<string, Record<string, number>> = {};
try {
  for (const [screen, viewport] of Object.entries(SCREENS)) {
    const browser = await launchChromium({ viewport });
    try {
      for (const locale of ["fr", "en"]) {
        await browser.context.addCookies([
          { name: "preview_locale", value: locale, url: preview.url },
        ]);
        for (const { path, ready } of PAGES) {
          for (const palette of ["aa-brand", "default"]) {
            const page: Page = await browser.newPage();
            await page.goto(preview.url + path);
            await page.waitForSelector(ready);
            if (palette === "aa-brand") {
              await useAaBrandColour(page);
            }
            report[`${screen} ${locale} ${palette} ${path}`] = countByRule(
              seriousOrCritical(await runAxe(page))
            );
            const toggle = page.locator(".directory-filters__toggle");
            if (screen === "phone" && (await toggle.isVisible())) {
              await toggle.click();
              report[`${screen} ${locale} ${palette} ${path} (filters open)`] =
                countByRule(seriousOrCritical(await runAxe(page)));
            }
            await page.close();
          }
        }
      }
    } finally {
      await browser.close();
    }
  }
  process.stdout.write(JSON.stringify(report, null, 2) + "\n");
} finally {
  await preview.close();
  await service.stop();
}
