/**
 * French first, English second. A typed dictionary per locale, chosen by the `afp_locale` cookie
 * (French otherwise: the product speaks French first), with Intl formatting for dates, numbers and money.
 * Chosen over next-intl to keep owner pages' JavaScript minimal: nothing here runs in the browser.
 */
import { fr, type Messages } from "./messages.fr";
import { en } from "./messages.en";

export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "fr";
export const LOCALE_COOKIE = "afp_locale";

const dictionaries: Record<Locale, Messages> = { fr, en };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** French unless the user chose otherwise (the cookie); `?lang=` links from messages set it too. */
export function pickLocale(cookieValue: string | undefined, _acceptLanguage?: string | null): Locale {
  return isLocale(cookieValue) ? cookieValue : DEFAULT_LOCALE;
}

export function messages(locale: Locale): Messages {
  return dictionaries[locale];
}

export { format } from "./format";

export function intlLocale(locale: Locale): string {
  return locale === "fr" ? "fr-FR" : "en-GB";
}

// Intl formatters are costly to build (tens of µs) and the daily job formats thousands of dates:
// one per locale and style, reused.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatDate(date: Date | string | null | undefined, locale: Locale, withTime = false): string {
  if (!date) return "—";
  const value = typeof date === "string" ? new Date(date) : date;
  const key = `${locale}:${withTime}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", ...(withTime ? { timeStyle: "short" } : {}), timeZone: "UTC" });
    dateFormats.set(key, format);
  }
  return format.format(value);
}

export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}:${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

export function formatNumber(value: number | bigint, locale: Locale, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(intlLocale(locale), options).format(value);
}

export function formatPercent(ratio: number | null | undefined, locale: Locale): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return "—";
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

export type { Messages };

export function planLabel(code: string | null | undefined, locale: Locale): string {
  if (!code) return "—";
  const plans = dictionaries[locale].plans as Record<string, string>;
  return plans[code] ?? code;
}

/** A country's name in the locale ("Côte d'Ivoire", "Ivory Coast"), from its ISO code. */
export function countryName(code: string | null | undefined, locale: Locale): string {
  if (!code) return "—";
  try {
    return new Intl.DisplayNames([intlLocale(locale)], { type: "region" }).of(code.trim()) ?? code;
  } catch {
    return code;
  }
}
