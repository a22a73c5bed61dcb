// Screenshots for the README, taken in Debian's headless Chromium from a running preview
// (`make start`): the directory page and a provider's full card.
//   node scripts/screenshots.mjs [preview URL, default http://127.0.0.1:4200]
import { launchChromium } from "../test/harness/chromium.mjs";

const base = process.argv[2] ?? "http://127.0.0.1:4200";
const browser = await launchChromium({ viewport: { width: 1280, height: 900 } });
try {
  const page = await browser.newPage();
  await page.goto(`${base}/annuaire?q=equipe&modality=a-distance`);
  await page.locator(".provider-card").first().waitFor();
  await page.screenshot({ path: "docs/screenshots/annuaire.png" });
  await page.locator(".provider-card a").first().click();
  await page.locator(".provider-detail").waitFor();
  await page.screenshot({ path: "docs/screenshots/fiche.png", fullPage: true });
} finally {
  await browser.close();
}
