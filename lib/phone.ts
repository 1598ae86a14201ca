/** Phone numbers are stored and sent in E.164 (+243812345678); libphonenumber-js validates them. */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

export function normalizePhone(input: string, defaultCountry?: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), (defaultCountry?.toUpperCase() as CountryCode | undefined) ?? undefined);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}
