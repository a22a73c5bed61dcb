// The stack most page tests run on: the real service on the demo data, the preview built
// from the plugin's files in front of it, and Chromium.
import { SearchResponse } from "@emancipasso/directory-service/contract";
import assert from "node:assert/strict";
import { PER_PAGE } from "../../../assets/javascripts/discourse/lib/search-state.ts";
import { buildPreviewAssets } from "../../../preview/assets.ts";
import type { RunningPreview } from "../../../preview/server.ts";
import { type Browser, launchChromium } from "./browser.ts";
import { startTestPreview } from "./preview.ts";
import { type RunningService, startService } from "./service.ts";

export interface DemoStack {
  service: RunningService;
  preview: RunningPreview;
  browser: Browser;
}

/** Starts the stack; `seed` runs against the service before the preview opens. */
export async function startDemoStack(
  options: { seed?: (service: RunningService) => Promise<unknown> } = {}
): Promise<DemoStack> {
  const [service, assets] = await Promise.all([
    startService({ seedDemo: true }),
    buildPreviewAssets({ production: false }),
  ]);
  await options.seed?.(service);
  const preview = await startTestPreview(service.url, { assets });
  const browser = await launchChromium();
  return { service, preview, browser };
}

/** Stops whatever part of the stack was started. */
export async function stopDemoStack(stack: Partial<DemoStack>): Promise<void> {
  await stack.browser?.close();
  await stack.preview?.close();
  await stack.service?.stop();
}

/** The service's search answer, through the same proxy the page uses. */
export async function searchThroughPreview(
  preview: RunningPreview,
  params: string
): Promise<SearchResponse> {
  const response = await fetch(
    `${preview.url}/directory-api/v1/providers?${params}&per_page=${PER_PAGE}`
  );
  assert.equal(response.status, 200, params);
  return SearchResponse.parse(await response.json());
}
