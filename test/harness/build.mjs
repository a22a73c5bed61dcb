// Bundles plugin code for the browser, outside Discourse, the way Discourse's build would
// see it. Used by the QUnit runner (test/harness/run-tests.mjs) and reusable by previews,
// end-to-end tests and benchmarks:
//
//   import { buildBundle } from "./test/harness/build.mjs";
//   const { outfile, metafile } = await buildBundle({
//     entry: "path/to/entry.ts",   // any .ts/.gts/.js entry; may import the virtual modules below
//     outdir: "tmp/my-build",      // written as <outdir>/<name>.js (+ .js.map)
//     name: "app",                 // output file name, default "bundle"
//     production: false,           // true: Ember's production build (what a forum in production
//                                  // runs: no dev assertions), NODE_ENV=production, minified
//     minify: production,          // true for size measurements
//     standIns: true,              // false: leave `discourse/*` unresolved (for a caller's own shims)
//     external: undefined,         // a RegExp: matching imports stay imports, out of the bundle
//                                  // (e.g. what the forum itself ships: Ember, discourse/*)
//   });
//
// `entry` may also be a virtual module below, e.g. "emancipasso:plugin-modules".
//
// What it does:
// - `.gts`/`.gjs`: content-tag turns <template> into template() calls, then Babel compiles
//   the templates (babel-plugin-ember-template-compilation, ember-source's own compiler),
//   strips TypeScript and applies decorators (decorator-transforms). `.ts`: the same minus
//   content-tag.
// - Ember's packages (`@ember/*`, `@glimmer/*`, `ember-testing`, `rsvp`…) resolve to the
//   development build (or, with `production`, the production build) of the ember-source
//   version Discourse's types declare (its package.json "ember-addon.renamed-modules").
// - `discourse/plugins/discourse-emancipasso/*` → assets/javascripts/* (the plugin itself).
// - `discourse/*` and `discourse-i18n` → the small stand-ins in test/harness/discourse/ and
//   test/harness/discourse-i18n.ts (each typed against @discourse/types).
// - `@embroider/macros` → test/harness/embroider-macros.js (the few macros ember-qunit and
//   @ember/test-helpers use, evaluated for this setup).
// - Virtual modules:
//     "emancipasso:locales"        the parsed config/locales/client.*.yml ({ fr: {js…}, en: … })
//     "emancipasso:plugin-modules" every module of assets/javascripts/discourse, by its
//                                  Discourse module name (for the resolver)
//     "emancipasso:tests"          imports every test/javascripts/**/*-test.{js,gjs,ts,gts}
//                                  and test/harness/tests/**/*-test.*
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transformAsync } from "@babel/core";
import { Preprocessor } from "content-tag";
import * as esbuild from "esbuild";
import YAML from "yaml";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const PLUGIN_NAME = "discourse-emancipasso";
const HARNESS = path.join(ROOT, "test/harness");
const PLUGIN_JS = path.join(ROOT, "assets/javascripts");
const EXTENSIONS = [".ts", ".gts", ".js", ".gjs", ".mjs"];
const require = createRequire(import.meta.url);

/** ember-source's "renamed-modules": bare specifier → file of its development or production build. */
async function emberModules(production) {
  const pkgPath = require.resolve("ember-source/package.json");
  const pkg = JSON.parse(await readFile(pkgPath, "utf8"));
  const packages = path.join(path.dirname(pkgPath), production ? "dist/prod/packages" : "dist/dev/packages");
  const map = new Map();
  for (const [key, value] of Object.entries(pkg["ember-addon"]["renamed-modules"])) {
    const file = path.join(packages, value.replace(/^ember-source\//, ""));
    map.set(key, file);
    map.set(key.replace(/\/index\.js$/, "").replace(/\.js$/, ""), file);
  }
  return map;
}

async function firstExisting(base) {
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => path.join(base, "index" + ext))]) {
    try {
      const stat = await import("node:fs").then((fs) => fs.statSync(candidate, { throwIfNoEntry: false }));
      if (stat?.isFile()) {
        return candidate;
      }
    } catch {
      // keep looking
    }
  }
  return null;
}

async function listFiles(dir, filter) {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && filter(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

async function loadLocales() {
  const files = await listFiles(path.join(ROOT, "config/locales"), (name) => /^client\.[a-zA-Z_]+\.yml$/.test(name));
  const locales = {};
  for (const file of files) {
    Object.assign(locales, YAML.parse(await readFile(file, "utf8")));
  }
  return locales;
}

const preprocessor = new Preprocessor();

/** .gts/.gjs/.ts source → browser JavaScript. */
async function compileSource(file, source) {
  let code = source;
  if (/\.g[jt]s$/.test(file)) {
    code = preprocessor.process(source, { filename: file }).code;
  }
  const result = await transformAsync(code, {
    filename: file,
    configFile: false,
    babelrc: false,
    sourceMaps: "inline",
    plugins: [
      // Keeps every value import: template-only uses are invisible to the TypeScript pass.
      [require.resolve("@babel/plugin-transform-typescript"), { allExtensions: true, onlyRemoveTypeImports: true, allowDeclareFields: true }],
      [require.resolve("babel-plugin-ember-template-compilation"), { targetFormat: "wire" }],
      // A bare specifier (resolved from the repository's node_modules) so that `external` can
      // leave the runtime to the forum, which ships it.
      [require.resolve("decorator-transforms"), { runtime: { import: "decorator-transforms/runtime" } }],
    ],
  });
  return result.code;
}

function harnessPlugin({ standIns, ember, external }) {
  return {
    name: "emancipasso-harness",
    setup(build) {
      if (external) {
        // First, so that nothing below resolves what the caller keeps out. Tested in JavaScript
        // (esbuild's filters are Go regular expressions: no lookahead).
        build.onResolve({ filter: /.*/ }, (args) =>
          args.kind !== "entry-point" && external.test(args.path) ? { path: args.path, external: true } : undefined,
        );
      }
      build.onResolve({ filter: /^emancipasso:/ }, (args) => ({ path: args.path, namespace: "emancipasso" }));

      build.onResolve({ filter: new RegExp(`^discourse/plugins/${PLUGIN_NAME}/`) }, async (args) => {
        const rest = args.path.slice(`discourse/plugins/${PLUGIN_NAME}/`.length);
        const file = await firstExisting(path.join(PLUGIN_JS, rest));
        return file ? { path: file } : { errors: [{ text: `no plugin module ${args.path}` }] };
      });

      if (standIns) {
        build.onResolve({ filter: /^discourse-i18n$/ }, () => ({ path: path.join(HARNESS, "discourse-i18n.ts") }));
        build.onResolve({ filter: /^discourse\// }, async (args) => {
          const file = await firstExisting(path.join(HARNESS, args.path));
          return file
            ? { path: file }
            : { errors: [{ text: `no stand-in for ${args.path}: add a small one, typed against @discourse/types, under test/harness/${args.path}` }] };
        });
      }

      build.onResolve({ filter: /^@embroider\/macros$/ }, () => ({ path: path.join(HARNESS, "embroider-macros.js") }));

      build.onResolve({ filter: /^(@ember\/|@glimmer\/|@simple-dom\/|ember$|ember-testing|rsvp$|backburner\.js$|router_js$|route-recognizer$|dag-map$)/ }, (args) => {
        if (args.path.startsWith("@glimmer/component") || args.path === "@ember/test-helpers" || args.path.startsWith("@ember/test-helpers/") || args.path.startsWith("@ember/test-waiters")) {
          return undefined; // real npm packages, not part of ember-source
        }
        const file = ember.get(args.path);
        return file ? { path: file } : undefined;
      });

      build.onLoad({ filter: /.*/, namespace: "emancipasso" }, async (args) => {
        if (args.path === "emancipasso:locales") {
          return { contents: `export default ${JSON.stringify(await loadLocales())};`, loader: "js", watchFiles: [] };
        }
        if (args.path === "emancipasso:plugin-modules") {
          const files = await listFiles(path.join(PLUGIN_JS, "discourse"), (name) => /\.(ts|gts|js|gjs)$/.test(name) && !name.endsWith(".d.ts"));
          const lines = [];
          const entries = [];
          files.forEach((file, index) => {
            const moduleName = `discourse/plugins/${PLUGIN_NAME}/` + path.relative(PLUGIN_JS, file).replace(/\.(ts|gts|js|gjs)$/, "");
            lines.push(`import * as m${index} from ${JSON.stringify(file)};`);
            entries.push(`  ${JSON.stringify(moduleName)}: m${index},`);
          });
          return { contents: `${lines.join("\n")}\nexport default {\n${entries.join("\n")}\n};\n`, loader: "js", resolveDir: ROOT };
        }
        if (args.path === "emancipasso:tests") {
          const isTest = (name) => /-test\.(js|gjs|ts|gts)$/.test(name);
          const files = [
            ...(await listFiles(path.join(ROOT, "test/javascripts"), isTest)),
            // Tests of what only the harness can observe (e.g. the plugin API calls made).
            ...(await listFiles(path.join(HARNESS, "tests"), isTest)),
          ];
          return { contents: files.map((file) => `import ${JSON.stringify(file)};`).join("\n") + "\n", loader: "js", resolveDir: ROOT };
        }
        return { errors: [{ text: `unknown virtual module ${args.path}` }] };
      });

      // @ember/test-helpers ships precompileTemplate() calls for its build step to compile.
      build.onLoad({ filter: /[\\/]@ember[\\/]test-helpers[\\/]dist[\\/].*\.js$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes("precompileTemplate")) {
          return undefined;
        }
        const result = await transformAsync(source, {
          filename: args.path,
          configFile: false,
          babelrc: false,
          plugins: [[require.resolve("babel-plugin-ember-template-compilation"), { targetFormat: "wire" }]],
        });
        return { contents: result.code, loader: "js", resolveDir: path.dirname(args.path) };
      });

      // Our own sources (plugin, tests, stand-ins): templates, TypeScript, decorators.
      build.onLoad({ filter: /\.(gts|gjs|ts)$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) {
          return undefined;
        }
        const source = await readFile(args.path, "utf8");
        return { contents: await compileSource(args.path, source), loader: "js", resolveDir: path.dirname(args.path) };
      });
    },
  };
}

export async function buildBundle({
  entry,
  outdir,
  name = "bundle",
  production = false,
  minify = production,
  standIns = true,
  external = undefined,
  sourcemap = true,
  define = {},
}) {
  const ember = await emberModules(production);
  const outfile = path.resolve(ROOT, outdir, `${name}.js`);
  const result = await esbuild.build({
    entryPoints: [entry.startsWith("emancipasso:") ? entry : path.resolve(ROOT, entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: [production ? "production" : "development", "browser", "import", "module", "default"],
    resolveExtensions: [".ts", ".gts", ".js", ".gjs", ".mjs", ".json"],
    minify,
    sourcemap,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
    define: {
      "process.env.NODE_ENV": JSON.stringify(production || minify ? "production" : "development"),
      ...define,
    },
    loader: { ".css": "empty" },
    plugins: [harnessPlugin({ standIns, ember, external })],
  });
  return { outfile, metafile: result.metafile, warnings: result.warnings };
}
