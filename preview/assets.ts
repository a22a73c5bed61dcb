// Builds the preview's bundle once at start: preview/app.ts (which pulls in the plugin's
// real files) through the harness bundler, and the plugin's stylesheets through dart-sass.
// Production mode: Ember's production build, minified; otherwise Ember's development build.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compilePluginStyles } from "./styles.ts";

export const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

export interface PreviewAssets {
  js: Buffer;
  css: Buffer;
  /** Short content hash, part of the asset URLs. */
  hash: string;
}

/** The part of test/harness/build.mjs the preview uses (a JS module: typed here). */
export interface HarnessBuild {
  buildBundle(options: {
    entry: string;
    outdir: string;
    name?: string;
    production?: boolean;
    minify?: boolean;
    external?: RegExp;
    sourcemap?: boolean;
    define?: Record<string, string>;
  }): Promise<{ outfile: string; metafile: unknown; warnings: unknown[] }>;
}

export async function loadHarnessBuild(): Promise<HarnessBuild> {
  // A computed specifier: the module is plain JavaScript, typed by HarnessBuild above.
  const url = new URL("../test/harness/build.mjs", import.meta.url).href;
  return (await import(url)) as HarnessBuild;
}

export async function buildPreviewAssets(options: {
  production: boolean;
}): Promise<PreviewAssets> {
  const { buildBundle } = await loadHarnessBuild();
  const outdir = join(
    "tmp",
    options.production ? "preview-build-production" : "preview-build"
  );
  const { outfile } = await buildBundle({
    entry: "preview/app.ts",
    outdir,
    name: "app",
    // Ember's production build, as a forum in production runs it (no dev assertions).
    production: options.production,
    // Inline maps are large; the preview's own page is for reading, not debugging the build.
    sourcemap: false,
  });
  const js = await readFile(outfile);
  const css = Buffer.from(compilePluginStyles(ROOT, options.production));
  const hash = createHash("sha256")
    .update(js)
    .update(css)
    .digest("hex")
    .slice(0, 12);
  return { js, css, hash };
}
