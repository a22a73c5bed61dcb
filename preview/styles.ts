// The plugin's stylesheets, compiled as Discourse compiles them (dart-sass): exactly the
// files plugin.rb registers with register_asset, in that order.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as sass from "sass";

/** Paths (relative to assets/) of the stylesheets plugin.rb registers. */
export function registeredStylesheets(root: string): string[] {
  const manifest = readFileSync(join(root, "plugin.rb"), "utf8");
  const paths = [
    ...manifest.matchAll(/^\s*register_asset\s+["']([^"']+\.s?css)["']/gm),
  ].map((match) => match[1]!);
  if (paths.length === 0) {
    throw new Error("plugin.rb registers no stylesheet");
  }
  return paths;
}

export function compilePluginStyles(root: string, production: boolean): string {
  return registeredStylesheets(root)
    .map(
      (path) =>
        sass.compile(join(root, "assets", path), {
          style: production ? "compressed" : "expanded",
          // Discourse lints plugin styles itself; deprecation chatter is not the preview's to print.
          logger: sass.Logger.silent,
        }).css
    )
    .join("\n");
}
