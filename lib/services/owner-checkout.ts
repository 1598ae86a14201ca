/**
 * What the payment page offers for a valid payment link: the plans with their price in the
 * instance's currency (quotePayment: the database's price, less the credit of an upgrade), the
 * saving of the annual plan over twelve months, and the payment methods that are configured.
 * Nothing here is computed in the browser, and the form never carries an amount.
 */
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PaymentProvider, PlanCode } from "@/lib/generated/prisma/enums";
import { isEnabled } from "@/lib/providers/payments";
import { quotePayment, type Quote } from "@/lib/services/billing/pricing";
import type { TInitiatePaymentRequest } from "@/lib/services/payment.service";
import type { PaymentLinkState } from "@/lib/services/payment-link.service";

export type OwnerMethod = "mobile_money" | "card" | "stripe";
export type MethodOption = { method: OwnerMethod; provider: PaymentProvider; redirects: boolean; testCard: boolean };
export type PlanOption = { planType: "monthly" | "annual" | "lifetime"; planCode: Exclude<PlanCode, "TRIAL">; quote: Quote; savingMinor?: number; savingPercent?: number };

export type Checkout =
  | { kind: "nothing_to_pay"; reason: string }
  | { kind: "ready"; currency: string; plans: PlanOption[]; methods: MethodOption[]; defaultPlan: PlanOption["planType"]; fixedPlan: boolean };

const PAID: Array<PlanOption["planCode"]> = ["MONTHLY", "ANNUAL", "LIFETIME"];

/** The configured methods, in the order owners use them most (mobile money first). */
export function ownerMethods(): MethodOption[] {
  const methods: MethodOption[] = [];
  if (isEnabled("AVADAPAY")) methods.push({ method: "mobile_money", provider: "AVADAPAY", redirects: false, testCard: false });
  else if (isEnabled("SANDBOX")) methods.push({ method: "mobile_money", provider: "SANDBOX", redirects: false, testCard: false });
  if (isEnabled("STROWALLET")) methods.push({ method: "card", provider: "STROWALLET", redirects: true, testCard: false });
  else if (isEnabled("SANDBOX")) methods.push({ method: "card", provider: "SANDBOX", redirects: false, testCard: true });
  if (isEnabled("STRIPE")) methods.push({ method: "stripe", provider: "STRIPE", redirects: true, testCard: false });
  return methods;
}

/** The payment service's method for an owner's choice (an explicit provider, never a guess). */
export function paymentMethodFor(option: MethodOption): TInitiatePaymentRequest["paymentMethod"] {
  if (option.method === "mobile_money") return "mobile_money";
  return option.provider.toLowerCase() as "stripe" | "strowallet" | "sandbox";
}

type ValidLink = Extract<PaymentLinkState, { state: "valid" }>["link"];

export async function checkoutFor(link: ValidLink, now: Date): Promise<Checkout> {
  const subscription = link.instance.subscription;
  if (!subscription) return { kind: "nothing_to_pay", reason: "no_subscription" };
  const currency = link.instance.settings?.currency?.trim() ?? "EUR";
  const fixed = link.purpose === "CHANGE_PLAN" && link.planCode && link.planCode !== "TRIAL" ? (link.planCode as PlanOption["planCode"]) : undefined;
  const plans: PlanOption[] = [];
  for (const planCode of fixed ? [fixed] : PAID) {
    try {
      const quote = await quotePayment(prisma, { subscription, currency, planCode, now });
      plans.push({ planType: planCode.toLowerCase() as PlanOption["planType"], planCode, quote });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === "invalid_state") return { kind: "nothing_to_pay", reason: "lifetime" };
    }
  }
  if (plans.length === 0) return { kind: "nothing_to_pay", reason: "no_price" };
  const monthly = plans.find((p) => p.planCode === "MONTHLY");
  const annual = plans.find((p) => p.planCode === "ANNUAL");
  if (monthly && annual) {
    const twelve = monthly.quote.priceMinor * 12;
    const saving = twelve - annual.quote.priceMinor;
    if (saving > 0) {
      annual.savingMinor = saving;
      annual.savingPercent = Math.round((saving / twelve) * 100);
    }
  }
  const current = subscription.plan.code;
  const preferred = plans.find((p) => p.planCode === current) ?? monthly ?? plans[0]!;
  return { kind: "ready", currency, plans, methods: ownerMethods(), defaultPlan: preferred.planType, fixedPlan: Boolean(fixed) };
}
