// Runs the plugin's QUnit tests in headless Chromium: bundles test/javascripts with the
// harness (build.mjs), serves it on loopback, opens the page, prints each result and
// "N passed, N failed". Exits non-zero on any failure, on a page error before the end, or
// when no test ran. `--filter <text>` runs the matching tests only.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { buildBundle, ROOT } from "./build.mjs";
import { launchChromium } from "./chromium.mjs";
import { serveStatic } from "./static-server.mjs";

const TIMEOUT_MS = 120_000;
const filterIndex = process.argv.indexOf("--filter");
const filter = filterIndex > 0 ? process.argv[filterIndex + 1] : null;
const resultFile = process.env.QUNIT_RESULT_FILE;

async function main() {
  const started = Date.now();
  await buildBundle({ entry: "test/harness/test-main.ts", outdir: "tmp/qunit-build", name: "tests" });
  console.log(`built the test bundle in ${Date.now() - started} ms`);

  // Nothing serves the directory here: a request pretender lets through (passthrough) to
  // /directory-api/ loses its connection, a real network failure for the browser.
  const dropConnection = async (req) => {
    if (!req.url?.startsWith("/directory-api/")) {
      return false;
    }
    req.socket.destroy();
    return true;
  };
  const server = await serveStatic({ root: ROOT, fallback: dropConnection });
  const browser = await launchChromium();
  let summary = null;
  const pageErrors = [];
  try {
    const page = await browser.newPage();
    page.on("console", (message) => {
      const text = message.text();
      if (/^(ok|not ok) - /.test(text) || message.type() === "error") {
        console.log(text);
      }
    });
    // An error outside any test (e.g. while booting) ends the wait after a short grace.
    let signalPageError;
    const pageErrorSeen = new Promise((resolve) => (signalPageError = resolve));
    page.on("pageerror", (error) => {
      pageErrors.push(String(error.stack || error));
      signalPageError();
    });
    const query = filter ? `?filter=${encodeURIComponent(filter)}` : "";
    await page.goto(`${server.url}/test/harness/tests.html${query}`);
    const finished = page.waitForFunction(() => window.__qunitSummary?.done === true, null, { timeout: TIMEOUT_MS });
    const brokenBoot = pageErrorSeen.then(() => new Promise((resolve) => setTimeout(resolve, 5000)));
    await Promise.race([finished, brokenBoot]).catch((error) => {
      pageErrors.push(`QUnit did not finish: ${error.message}`);
    });
    summary = await page.evaluate(() => window.__qunitSummary ?? null);
  } finally {
    await browser.close();
    await server.close();
  }

  const passed = summary?.passed ?? 0;
  const failed = (summary?.failed ?? 0) + (summary?.done ? 0 : 1);
  for (const error of pageErrors) {
    console.error(`page error: ${error}`);
  }
  for (const failure of summary?.failures ?? []) {
    console.error(`FAILED ${failure}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (resultFile) {
    await writeFile(path.resolve(resultFile), `${passed} ${failed}\n`);
  }
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
