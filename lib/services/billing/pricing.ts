/**
 * What a payment for an instance must be. The amount always comes from the plan's price in the
 * instance's currency (stored in the database); a client-sent amount is only compared with it.
 * Upgrading (monthly → annual → lifetime) restarts the period now and credits the unused part of
 * the current paid period; any other change starts at the end of the current period.
 */
import type { DbOrTx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { PaymentPurpose, PlanCode } from "@/lib/generated/prisma/enums";
import { isCurrency, majorToMinor, minorToMajor, type Currency } from "@/lib/money";
import { priceOf } from "@/lib/services/plan.service";

export const PAID_PLAN_RANK: Record<Exclude<PlanCode, "TRIAL">, number> = { MONTHLY: 1, ANNUAL: 2, LIFETIME: 3 };

export type SubscriptionForQuote = {
  status: string;
  amountMinor: number;
  currentPeriodStart: Date;
  currentPeriodEnd: Date | null;
  paidPeriods: number;
  plan: { code: PlanCode };
};

export type Quote = { planCode: PlanCode; purpose: PaymentPurpose; priceMinor: number; creditMinor: number; amountMinor: number; currency: Currency };

export async function quotePayment(
  db: DbOrTx,
  options: { subscription: SubscriptionForQuote; currency: string; planCode?: PlanCode; now: Date },
): Promise<Quote> {
  const { subscription, now } = options;
  if (!isCurrency(options.currency)) throw new AppError("validation_failed", `Unsupported currency ${options.currency}.`, [{ path: "currency", message: "unsupported" }]);
  const currency = options.currency;
  const current = subscription.plan.code;
  if (current === "LIFETIME" && subscription.status === "ACTIVE") {
    throw new AppError("invalid_state", "This instance has a lifetime subscription: there is nothing to pay.");
  }
  const planCode = options.planCode ?? (current === "TRIAL" ? "MONTHLY" : current);
  if (planCode === "TRIAL") throw new AppError("validation_failed", "The trial cannot be bought.", [{ path: "planType", message: "must be monthly, annual or lifetime" }]);
  const priceMinor = await priceOf(planCode, currency, db);
  const running = subscription.status === "ACTIVE" && subscription.paidPeriods > 0 && subscription.currentPeriodEnd !== null && subscription.currentPeriodEnd > now;
  const upgrade = running && current !== "TRIAL" && PAID_PLAN_RANK[planCode] > PAID_PLAN_RANK[current];
  let creditMinor = 0;
  if (upgrade) {
    const total = subscription.currentPeriodEnd!.getTime() - subscription.currentPeriodStart.getTime();
    const left = subscription.currentPeriodEnd!.getTime() - now.getTime();
    creditMinor = Math.min(priceMinor - 1, Math.max(0, Math.floor((subscription.amountMinor * left) / Math.max(total, 1))));
  }
  const purpose: PaymentPurpose = upgrade ? "PLAN_CHANGE" : subscription.paidPeriods === 0 ? "INITIAL" : "RENEWAL";
  return { planCode, purpose, priceMinor, creditMinor, amountMinor: priceMinor - creditMinor, currency };
}

/** A client-sent amount (major units, e.g. 49.99) must be exactly the quoted amount. */
export function assertClientAmount(amount: number | undefined, quote: Quote): void {
  if (amount === undefined) return;
  const minor = majorToMinor(amount, quote.currency);
  if (minor !== quote.amountMinor) {
    const expected = minorToMajor(quote.amountMinor, quote.currency);
    throw new AppError("amount_mismatch", `The amount ${amount} ${quote.currency} does not match the price of the ${quote.planCode} plan (${expected} ${quote.currency}).`, [
      { path: "amount", message: `expected ${expected}`, expected, currency: quote.currency },
    ]);
  }
}
