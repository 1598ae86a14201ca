/** Countries the console serves and the currency each one pays in by default. */
import type { Currency } from "@/lib/money";

const XOF = ["BJ", "BF", "CI", "GW", "ML", "NE", "SN", "TG"];
const XAF = ["CM", "CF", "TD", "CG", "GQ", "GA"];

export const COUNTRIES = [...XOF, ...XAF, "CD", "GN", "MG", "RW", "BI", "KM", "DJ", "MA", "TN", "DZ", "MU", "SC", "HT", "FR", "BE", "CA"] as const;

export function defaultCurrency(country: string | null | undefined, cdfRateConfigured: boolean): Currency {
  if (!country) return "EUR";
  if (XOF.includes(country)) return "XOF";
  if (XAF.includes(country)) return "XAF";
  if (country === "CD" && cdfRateConfigured) return "CDF";
  return "EUR";
}
