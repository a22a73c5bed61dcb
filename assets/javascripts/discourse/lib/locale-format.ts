// Dates and numbers in the reader's locale, French (fr-FR) first.
import I18n from "discourse-i18n";

export function bcp47Locale(): string {
  const locale = String(I18n.currentLocale() || "fr");
  if (locale === "fr" || locale.startsWith("fr_") || locale.startsWith("fr-")) {
    return "fr-FR";
  }
  return locale.replace("_", "-");
}

/** "12 mars 2026" in French; null-safe for optional dates. */
export function formatDate(iso: string | null): string {
  if (!iso) {
    return "";
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  return new Intl.DateTimeFormat(bcp47Locale(), {
    dateStyle: "long",
    timeZone: "Europe/Paris",
  }).format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(bcp47Locale()).format(value);
}
