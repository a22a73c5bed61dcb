// make bench, plugin part: prints one JSON object with
// - the plugin's own JS and CSS, production-built and gzipped (Ember and Discourse left out:
//   the forum provides them);
// - the time the directory page takes to show 100 cards in headless Chromium, through the
//   preview and the real service (median of several runs).
// Progress goes to stderr; only the JSON goes to stdout.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { register } from "tsx/esm/api";
import { buildBundle } from "../test/harness/build.mjs";

register();
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const say = (line) => process.stderr.write(line + "\n");

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const CARDS = 100;
const GZIP_LEVEL = 9;

// ── Size ────────────────────────────────────────────────────────────────────────────────

/** What the forum already ships: left out of the plugin's bundle, as in Discourse. */
const PROVIDED_BY_DISCOURSE =
  /^(@ember\/|@glimmer\/|@embroider\/|ember$|ember-source|rsvp$|discourse\/(?!plugins\/)|discourse-i18n$|decorator-transforms\/runtime)/;

async function pluginJsSize() {
  // Every module of the plugin, kept whole (Discourse loads them all, used or not).
  const { outfile, metafile } = await buildBundle({
    entry: "emancipasso:plugin-modules",
    outdir: "tmp/bench-plugin-size",
    name: "plugin",
    production: true,
    sourcemap: false,
    external: PROVIDED_BY_DISCOURSE,
  });
  const code = await readFile(outfile);
  const inputs = Object.keys(metafile.inputs);
  const modules = inputs.filter((input) =>
    input.startsWith("assets/javascripts/discourse/")
  );
  const foreign = inputs.filter(
    (input) =>
      !input.startsWith("assets/javascripts/") &&
      !input.startsWith("emancipasso:")
  );
  return {
    files: modules.length,
    minified: code.length,
    gzipped: gzipSync(code, { level: GZIP_LEVEL }).length,
    foreign,
  };
}

async function pluginCssSize() {
  const { compilePluginStyles, registeredStylesheets } =
    await import("../preview/styles.ts");
  const css = Buffer.from(compilePluginStyles(ROOT, true));
  return {
    files: registeredStylesheets(ROOT),
    minified: css.length,
    gzipped: gzipSync(css, { level: GZIP_LEVEL }).length,
  };
}

// ── Render time ─────────────────────────────────────────────────────────────────────────

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (value) => Math.round(value * 10) / 10;

/** The demo has fewer than 100 providers: an admin imports numbered copies, through the proxy. */
async function fillTo(previewUrl, wanted) {
  const admin = { cookie: "preview_user=admin" };
  const exported = await fetch(
    `${previewUrl}/directory-api/v1/admin/providers/export`,
    { headers: admin }
  );
  if (exported.status !== 200) {
    throw new Error(`export: ${exported.status}`);
  }
  const providers = await exported.json();
  const listed = providers.filter((provider) => provider.status === "listed");
  const copies = [];
  for (let i = 0; listed.length + copies.length < wanted + 10; i += 1) {
    const source = listed[i % listed.length];
    const suffix = `-copie-${i + 1}`;
    copies.push({
      ...source,
      slug:
        source.slug.slice(0, 80 - suffix.length).replace(/-+$/, "") + suffix,
      name: `${source.name} (copie ${i + 1})`.slice(0, 200),
      created_at: undefined,
      updated_at: undefined,
    });
  }
  const imported = await fetch(
    `${previewUrl}/directory-api/v1/admin/providers/import`,
    {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify(copies),
    }
  );
  if (imported.status !== 200) {
    throw new Error(`import: ${imported.status} ${await imported.text()}`);
  }
  return listed.length + copies.length;
}

/** In the page, before the app: notes when the 100th card enters the DOM. */
function watchForCards(count) {
  window.__cards = { count, at: null, start: null };
  const observer = new MutationObserver(() => {
    if (
      window.__cards.at === null &&
      document.querySelectorAll(".directory-page__list .provider-card")
        .length >= count
    ) {
      window.__cards.at = performance.now();
    }
  });
  document.addEventListener("DOMContentLoaded", () =>
    observer.observe(document.body, { childList: true, subtree: true })
  );
  // The transition starts with the click on the header link (captured before the app sees it).
  document.addEventListener(
    "click",
    () => (window.__cards.start = performance.now()),
    true
  );
}

async function renderTimes() {
  const { startService } = await import("../test/e2e/helpers/service.ts");
  const { startTestPreview } = await import("../test/e2e/helpers/preview.ts");
  const { buildPreviewAssets } = await import("../preview/assets.ts");
  const { launchChromium } = await import("../test/harness/chromium.mjs");

  say("» starting the service (demo data) and the preview (production build)");
  const [service, assets] = await Promise.all([
    startService({ seedDemo: true }),
    buildPreviewAssets({ production: true }),
  ]);
  const preview = await startTestPreview(service.url, { assets });
  const browser = await launchChromium();
  try {
    const total = await fillTo(preview.url, CARDS);
    say(`» ${total} listed providers; ${RUNS} runs of each measure`);
    const page = await browser.newPage();
    await page.addInitScript(watchForCards, CARDS);
    // The page asks for 20 per page; here it asks the service for 100, the request being
    // otherwise untouched (the preview still signs it).
    await page.route(/\/directory-api\/v1\/providers\?/, (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("per_page", String(CARDS));
      return route.continue({ url: url.href });
    });
    const search = await (
      await fetch(`${preview.url}/directory-api/v1/providers?per_page=1`)
    ).json();
    const slug = search.items[0].slug;

    const warm = [];
    const cold = [];
    const requests = [];
    const afterResponse = [];
    for (let run = 0; run <= RUNS; run += 1) {
      // In-app: from a provider's page, click the directory link (an Ember transition, as in the forum).
      await page.goto(`${preview.url}/annuaire/${slug}`);
      await page.waitForSelector(".provider-detail__name");
      await page.evaluate(() => performance.clearResourceTimings());
      await page.click('a[data-preview-link="annuaire"]');
      await page.waitForFunction(() => window.__cards.at !== null, null, {
        timeout: 30_000,
      });
      const measure = await page.evaluate(() => {
        const request = performance
          .getEntriesByType("resource")
          .find((entry) => entry.name.includes("/directory-api/v1/providers?"));
        return {
          ms: window.__cards.at - window.__cards.start,
          requestMs: request ? request.responseEnd - request.startTime : null,
          // From the search's answer to the 100th card: the components' own share.
          afterResponseMs: request
            ? window.__cards.at - request.responseEnd
            : null,
        };
      });
      // Full page load of /annuaire: from navigation start (time origin) to the 100th card.
      await page.goto(`${preview.url}/annuaire`);
      await page.waitForFunction(() => window.__cards.at !== null, null, {
        timeout: 30_000,
      });
      const coldMs = await page.evaluate(() => window.__cards.at);
      if (run === 0) {
        continue;
      } // warm-up: caches, JIT
      warm.push(measure.ms);
      if (measure.requestMs !== null) {
        requests.push(measure.requestMs);
      }
      if (measure.afterResponseMs !== null) {
        afterResponse.push(measure.afterResponseMs);
      }
      cold.push(coldMs);
    }
    return { warm, cold, requests, afterResponse, total };
  } finally {
    await browser.close();
    await preview.close();
    await service.stop();
  }
}

// ── Report ──────────────────────────────────────────────────────────────────────────────

const [js, css] = await Promise.all([pluginJsSize(), pluginCssSize()]);
say(`» plugin size: JS ${js.gzipped} B gz, CSS ${css.gzipped} B gz`);
const times = await renderTimes();
const totalKb = round((js.gzipped + css.gzipped) / 1024);
const renderMedian = round(median(times.warm));

process.stdout.write(
  JSON.stringify(
    {
      plugin_size: {
        js_gzip_bytes: js.gzipped,
        css_gzip_bytes: css.gzipped,
        total_gzip_kb: totalKb,
        js_minified_bytes: js.minified,
        css_minified_bytes: css.minified,
        modules: js.files,
        bundled_outside_the_plugin: js.foreign,
        goal_kb: 60,
        within_goal: totalKb <= 60,
      },
      render_100_cards: {
        median_ms: renderMedian,
        runs_ms: times.warm.map(round),
        service_request_median_ms: times.requests.length
          ? round(median(times.requests))
          : null,
        render_after_response_median_ms: times.afterResponse.length
          ? round(median(times.afterResponse))
          : null,
        full_page_load_median_ms: round(median(times.cold)),
        full_page_load_runs_ms: times.cold.map(round),
        providers_listed: times.total,
        goal_ms: 150,
        within_goal: renderMedian <= 150,
      },
      method: {
        size: "Every module under assets/javascripts/discourse, kept whole with its Discourse module name (the harness's emancipasso:plugin-modules: a name → module map, as Discourse's loader keeps one), compiled by test/harness/build.mjs in production mode (content-tag, Babel: TypeScript, template precompilation to wire format, decorator-transforms), bundled and minified by esbuild (ESM, es2022) with Ember, Glimmer, Discourse modules, discourse-i18n and the decorator runtime left external (the forum ships them); the stylesheets plugin.rb registers compiled by dart-sass (compressed). Sizes are gzip level 9 of each file.",
        render: `Headless Debian Chromium (playwright-core), the preview's production build (test/harness/build.mjs with production: Ember's production build of the ember-source version @discourse/types declares, minified, NODE_ENV=production — as a forum in production runs it) in front of the real service on a temporary SQLite file with the demo data plus numbered copies imported by an admin through the signing proxy. The page's search request is rewritten in the browser to per_page=${CARDS}. median_ms: from the click on the header's directory link on a provider page (an in-app Ember transition, as in the forum) to the moment the ${CARDS}th card is in the DOM (MutationObserver), request to the service included; full_page_load: from navigation start of /annuaire to the same moment, boot included. ${RUNS} measured runs after one warm-up.`,
      },
    },
    null,
    2
  ) + "\n"
);
