/** The owner pages' dictionary for a locale (French unless English was chosen). */
import type { Locale } from "@/lib/i18n";
import { ownerEn } from "./messages.en";
import { ownerFr, type OwnerMessages } from "./messages.fr";

export type { OwnerMessages };

export function ownerMessages(locale: Locale): OwnerMessages {
  return locale === "en" ? ownerEn : ownerFr;
}
