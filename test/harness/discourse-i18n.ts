// Stand-in for `discourse-i18n` (frontend/discourse-i18n/src/index.js in discourse/discourse): looks strings up in the plugin's real
// config/locales/client.*.yml (parsed at build time), under `<locale>.js.<key>`, with
// %{name} interpolation, one/other plurals and English fallback, as Discourse's I18n does.
// Typed against Discourse's declaration of the members provided.
import type { I18n as DiscourseI18n, i18n as discourseI18nFunction } from "discourse-i18n";
import locales from "emancipasso:locales";

type Translations = { [key: string]: string | Translations };
type Options = Record<string, unknown>;

function lookup(locale: string, scope: string): string | Translations | undefined {
  let node: string | Translations | undefined = locales[locale]?.["js"];
  for (const part of scope.split(".")) {
    if (node === undefined || typeof node === "string") {
      return undefined;
    }
    node = node[part];
  }
  return node;
}

/** CLDR's rule for the two languages we ship: French counts 0 and 1 as "one". */
function pluralKey(locale: string, count: number): "one" | "other" {
  if (locale.startsWith("fr")) {
    return count >= 0 && count < 2 ? "one" : "other";
  }
  return count === 1 ? "one" : "other";
}

function interpolate(message: string, options: Options): string {
  return message.replace(/%\{(\w+)\}/g, (placeholder, name: string) =>
    name in options ? String(options[name]) : placeholder
  );
}

function translate(scope: string, options: Options = {}): string {
  const instance = I18n;
  for (const locale of [instance.locale as string, instance.fallbackLocale as string]) {
    let value = lookup(locale, scope);
    if (value !== undefined && typeof value !== "string" && typeof options.count === "number") {
      value = value[pluralKey(locale, options.count)] ?? value["other"];
    }
    if (typeof value === "string") {
      return interpolate(value, options);
    }
  }
  return `[${String(instance.locale)}.${scope}]`;
}

type I18nStandIn = Pick<
  DiscourseI18n,
  "locale" | "defaultLocale" | "fallbackLocale" | "translations" | "t" | "translate" | "currentLocale" | "lookup"
>;

const I18n: I18nStandIn = {
  // Discourse's test environment runs in English; tests switch locale to check French.
  locale: "en",
  defaultLocale: "en",
  fallbackLocale: "en",
  translations: locales,
  t: translate,
  translate,
  currentLocale(): string {
    return String(I18n.locale);
  },
  lookup(scope: string): unknown {
    return lookup(String(I18n.locale), scope);
  },
};

export default I18n;

export const i18n: typeof discourseI18nFunction = translate;
