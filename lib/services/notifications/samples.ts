/**
 * Sample values for template previews: every variable any template may use has one, in both
 * languages (a unit test holds the catalog to it).
 */
import { env } from "@/lib/env";
import { addDays } from "@/lib/clock";
import { formatDate, type Locale } from "@/lib/i18n";

export type SampleLinks = { APP_URL: string; ROOT_DOMAIN: string; SUPPORT_EMAIL: string };

export function sampleVariables(locale: Locale, now: Date, e: SampleLinks = env()): Record<string, string> {
  const fr = locale === "fr";
  const soon = formatDate(addDays(now, 2), locale);
  return {
    pharmacyName: "Pharmacie du Plateau",
    ownerName: "Awa Diallo",
    subdomain: "plateau",
    instanceUrl: `https://plateau.${e.ROOT_DOMAIN}`,
    statusLink: `${e.APP_URL}/compte/inst_exemple`,
    supportEmail: e.SUPPORT_EMAIL,
    plan: fr ? "Mensuel" : "Monthly",
    trialEndsAt: soon,
    expiresAt: soon,
    expiredAt: formatDate(addDays(now, -1), locale),
    periodEnd: formatDate(addDays(now, 30), locale),
    daysLeft: "2",
    paymentLink: `${e.APP_URL}/pay/exemple`,
    renewalNote: fr
      ? "Le renouvellement automatique est activé : nous débiterons votre moyen de paiement enregistré."
      : "Auto-renew is on: we will charge your saved payment method.",
    amount: fr ? "50,00 €" : "€50.00",
    reason: fr ? "fonds insuffisants" : "insufficient funds",
    attemptsLeft: "2",
    invoiceNumber: "AFP-2026-000123",
    invoiceLink: `${e.APP_URL}/factures/exemple`,
    verifyLink: `${e.APP_URL}/inscription/verifier?token=exemple`,
  };
}
