/**
 * Money is an integer amount of a currency's minor units with an ISO 4217 code. Prices are set in
 * EUR; XOF and XAF follow it at the fixed CFA parity, other currencies at a configured rate.
 */
import { numberFormat } from "@/lib/i18n";

export const CFA_PER_EUR = 655.957;

export const CURRENCIES = {
  EUR: { decimals: 2, peggedToEur: 1 },
  XOF: { decimals: 0, peggedToEur: CFA_PER_EUR },
  XAF: { decimals: 0, peggedToEur: CFA_PER_EUR },
  CDF: { decimals: 2, peggedToEur: undefined },
  USD: { decimals: 2, peggedToEur: undefined },
} as const;

export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

export function isCurrency(value: string): value is Currency {
  return Object.hasOwn(CURRENCIES, value);
}

/** Units of `currency` per euro: the peg, or the configured rate, or undefined when unknown. */
export function ratePerEur(currency: Currency, configured: Partial<Record<Currency, number>> = {}): number | undefined {
  return CURRENCIES[currency].peggedToEur ?? configured[currency];
}

/** Converts EUR cents to `currency`'s minor units, rounded half-up to the currency's precision. */
export function fromEurMinor(eurMinor: number, currency: Currency, rate: number): number {
  const major = (eurMinor / 100) * rate;
  return Math.round(major * 10 ** CURRENCIES[currency].decimals);
}

/** Converts an amount back to EUR cents (for MRR and other totals in one currency). */
export function toEurMinor(amountMinor: number, currency: Currency, rate: number): number {
  const major = amountMinor / 10 ** CURRENCIES[currency].decimals;
  return Math.round((major / rate) * 100);
}

/** Parses a decimal amount as the client typed it ("49.99") into minor units, or undefined. */
export function majorToMinor(amount: number, currency: Currency): number | undefined {
  const scaled = amount * 10 ** CURRENCIES[currency].decimals;
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) < 1e-6 ? rounded : undefined;
}

export function minorToMajor(amountMinor: number, currency: Currency): number {
  return amountMinor / 10 ** CURRENCIES[currency].decimals;
}

export function formatMoney(amountMinor: number | bigint, currency: string, locale = "fr"): string {
  const code = isCurrency(currency) ? currency : "EUR";
  const decimals = CURRENCIES[code].decimals;
  const value = Number(amountMinor) / 10 ** decimals;
  return numberFormat(locale === "en" ? "en-GB" : "fr-FR", { style: "currency", currency: code, minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}
