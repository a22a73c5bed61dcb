// Debian's headless Chromium through the harness's launcher (test/harness/chromium.mjs:
// playwright-core, the flags docs/testing.md names, a fresh profile each time), typed here.
import type { BrowserContext, Page } from "playwright-core";

export interface Browser {
  context: BrowserContext;
  newPage: () => Promise<Page>;
  close: () => Promise<void>;
}

interface HarnessChromium {
  launchChromium(options?: {
    viewport?: { width: number; height: number };
  }): Promise<Browser>;
}

export async function launchChromium(options?: {
  viewport?: { width: number; height: number };
}): Promise<Browser> {
  // A computed specifier: the launcher is plain JavaScript, typed by HarnessChromium above.
  const url = new URL("../../harness/chromium.mjs", import.meta.url).href;
  const harness = (await import(url)) as HarnessChromium;
  return harness.launchChromium(options);
}
