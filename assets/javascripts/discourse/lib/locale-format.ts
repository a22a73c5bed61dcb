// Dates and numbers in the reader's locale, French (fr-FR) first.
import I18n from "discourse-i18n";

export function bcp47Locale(): string {
  const locale = String(I18n.currentLocale() || "fr");
  if (locale === "fr" || locale.startsWith("fr_") || locale.startsWith("fr-")) {
    return "fr-FR";
  }
  return locale.replace("_", "-");
}

// Building an Intl formatter is costly (locale data lookup); one of each per locale is enough.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeZone: "Europe/Paris",
    });
    dateFormats.set(locale, format);
  }
  return format;
}

function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format;
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
  return dateFormat(bcp47Locale()).format(date);
}

export function formatNumber(value: number): string {
  return numberFormat(bcp47Locale()).format(value);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** "12 mars 2026 à 14:05" in French (Paris time): when a moderator acted. */
export function formatDateTime(iso: string | null): string {
  if (!iso) {
    return "";
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  const locale = bcp47Locale();
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone: "Europe/Paris",
    });
    dateTimeFormats.set(locale, format);
  }
  return format.format(date);
}
