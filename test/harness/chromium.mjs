// Debian's Chromium, driven by playwright-core, with a fresh profile each time. Shared by the
// QUnit runner and by previews, end-to-end tests and benchmarks:
//
//   import { launchChromium } from "./test/harness/chromium.mjs";
//   const browser = await launchChromium();         // { context, newPage(), close() }
//   const page = await browser.newPage();
//   await page.goto("http://127.0.0.1:4200/");
//   await browser.close();                          // also removes the temporary profile
//
// Options: { headless = true, executablePath = $CHROMIUM || "/usr/bin/chromium",
//            viewport = { width: 1280, height: 800 }, javaScriptEnabled = true }.
// No browser is ever downloaded.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium({
  headless = true,
  executablePath = process.env.CHROMIUM || "/usr/bin/chromium",
  viewport = { width: 1280, height: 800 },
  javaScriptEnabled = true,
} = {}) {
  const profile = await mkdtemp(path.join(tmpdir(), "emancipasso-chromium-"));
  let context;
  try {
    // Playwright passes --user-data-dir itself: the fresh temporary profile.
    context = await chromium.launchPersistentContext(profile, {
      headless,
      executablePath,
      args: CHROMIUM_FLAGS,
      viewport,
      javaScriptEnabled,
      locale: "fr-FR",
      timezoneId: "Europe/Paris",
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}
