// Checks the client strings: config/locales/client.fr.yml and client.en.yml hold the same
// keys (plural forms included), and every key the front end uses exists in both, including
// one per facet and one per top-level error code of the contract (read from
// directory-service/src/contract/, the single source), so a new code cannot ship untranslated.
// Prints what is missing and exits non-zero if anything is.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import YAML from "yaml";
import { ROOT } from "./build.mjs";

const LOCALES = ["fr", "en"];

function flatten(node, prefix = "", out = new Set()) {
  for (const [key, value] of Object.entries(node ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object") {
      flatten(value, name, out);
    } else {
      out.add(name);
    }
  }
  return out;
}

/** Keys named in the sources, including the ones built from a known list (facets, errors). */
async function usedKeys() {
  const dir = path.join(ROOT, "assets/javascripts");
  const files = (await readdir(dir, { recursive: true })).filter((file) => /\.(ts|gts|js)$/.test(file));
  const keys = new Set();
  for (const file of files) {
    const source = await readFile(path.join(dir, file), "utf8");
    for (const match of source.matchAll(/["'`](emancipasso\.[a-z_.]+[a-z_])["'`]/g)) {
      keys.add(match[1]);
    }
  }
  // Lists the front end builds keys from: facets and error codes come from the contract itself
  // (Node strips the types of these .ts files), Discourse's error types and the browser's own
  // cases from the plugin's error module.
  const contract = await import(path.join(ROOT, "directory-service/src/contract/index.ts"));
  const errors = await import(path.join(dir, "discourse/lib/directory-error.ts"));
  contract.FacetName.options.forEach((name) => keys.add(`emancipasso.directory.facets.${name}`));
  contract.ErrorCode.options.forEach((code) => keys.add(`emancipasso.errors.${code}`));
  errors.KNOWN_FORUM_ERROR_TYPES.forEach((type) => keys.add(`emancipasso.errors.forum.${type}`));
  errors.CLIENT_ERROR_CODES.forEach((code) => keys.add(`emancipasso.errors.${code}`));
  keys.add("emancipasso.errors.forum.rate_limit_soon");
  keys.add("emancipasso.errors.unknown");
  return keys;
}

// Discourse deep-merges every installed plugin's strings over core's (lib/js_locale_helper.rb),
// so a client key outside the plugin's own namespace would overwrite a core string.
const NAMESPACE = "emancipasso";

const problems = [];
const flat = {};
for (const locale of LOCALES) {
  const parsed = YAML.parse(await readFile(path.join(ROOT, `config/locales/client.${locale}.yml`), "utf8"));
  for (const key of Object.keys(parsed?.[locale] ?? {}).filter((key) => key !== "js")) {
    problems.push(`client.${locale}.yml: ${locale}.${key} is outside js.${NAMESPACE}`);
  }
  for (const key of Object.keys(parsed?.[locale]?.js ?? {}).filter((key) => key !== NAMESPACE)) {
    problems.push(`client.${locale}.yml: js.${key} is outside the plugin's namespace js.${NAMESPACE} (it would overwrite Discourse's own strings)`);
  }
  const server = YAML.parse(await readFile(path.join(ROOT, `config/locales/server.${locale}.yml`), "utf8"));
  for (const [key, value] of Object.entries(server?.[locale] ?? {})) {
    // Site setting descriptions live under core's site_settings, each named after the plugin.
    const foreign =
      key === "site_settings"
        ? Object.keys(value ?? {}).filter((name) => !name.startsWith(`${NAMESPACE}_`)).map((name) => `site_settings.${name}`)
        : key === NAMESPACE
          ? []
          : [key];
    for (const name of foreign) {
      problems.push(`server.${locale}.yml: ${name} is outside the plugin's namespace`);
    }
  }
  flat[locale] = flatten(parsed?.[locale]?.js);
}
for (const locale of LOCALES) {
  for (const other of LOCALES.filter((name) => name !== locale)) {
    for (const key of flat[other]) {
      if (!flat[locale].has(key)) {
        problems.push(`client.${locale}.yml lacks ${key} (present in ${other})`);
      }
    }
  }
}
for (const key of await usedKeys()) {
  for (const locale of LOCALES) {
    const present = flat[locale].has(key) || flat[locale].has(`${key}.one`);
    if (!present) {
      problems.push(`client.${locale}.yml lacks ${key}, used by the front end`);
    }
  }
}
for (const problem of problems) {
  console.error(problem);
}
console.log(problems.length === 0 ? `locales: fr and en complete (${flat.fr.size} strings each)` : `locales: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);
