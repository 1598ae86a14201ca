/**
 * Plans and their prices. The four plans are seeded; the EUR price of each is editable by a
 * super-admin and the CFA prices follow it at the fixed parity (other currencies at their
 * configured rate). A subscription keeps the price of its current period, so a change applies
 * from the next period.
 */
import type { Actor } from "@/lib/actor";
import { prisma, type DbOrTx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { BillingInterval, PlanCode } from "@/lib/generated/prisma/enums";
import { CURRENCY_CODES, fromEurMinor, ratePerEur, type Currency } from "@/lib/money";
import { recordAudit } from "@/lib/services/audit.service";

export type PlanDefinition = { code: PlanCode; name: string; interval: BillingInterval; intervalCount: number; eurMinor: number; sortOrder: number };

export const DEFAULT_PLANS: PlanDefinition[] = [
  { code: "TRIAL", name: "Essai", interval: "DAY", intervalCount: 7, eurMinor: 0, sortOrder: 0 },
  { code: "MONTHLY", name: "Mensuel", interval: "MONTH", intervalCount: 1, eurMinor: 5_000, sortOrder: 1 },
  { code: "ANNUAL", name: "Annuel", interval: "YEAR", intervalCount: 1, eurMinor: 45_000, sortOrder: 2 },
  { code: "LIFETIME", name: "À vie", interval: "NONE", intervalCount: 1, eurMinor: 100_000, sortOrder: 3 },
];

export const PLAN_TYPES = { trial: "TRIAL", monthly: "MONTHLY", annual: "ANNUAL", lifetime: "LIFETIME" } as const satisfies Record<string, PlanCode>;
export type PlanType = keyof typeof PLAN_TYPES;

export type Rates = Partial<Record<Currency, number>>;

/** Creates the plans and any missing price; never overwrites a price a super-admin has set. */
export async function seedPlans(db: DbOrTx = prisma, rates: Rates = {}): Promise<void> {
  for (const def of DEFAULT_PLANS) {
    const plan = await db.plan.upsert({
      where: { code: def.code },
      create: { code: def.code, name: def.name, interval: def.interval, intervalCount: def.intervalCount, sortOrder: def.sortOrder },
      update: {},
    });
    const eur = await db.planPrice.upsert({
      where: { planId_currency: { planId: plan.id, currency: "EUR" } },
      create: { planId: plan.id, currency: "EUR", amountMinor: def.eurMinor },
      update: {},
    });
    for (const currency of CURRENCY_CODES) {
      if (currency === "EUR") continue;
      const rate = ratePerEur(currency, rates);
      if (!rate) continue;
      await db.planPrice.upsert({
        where: { planId_currency: { planId: plan.id, currency } },
        create: { planId: plan.id, currency, amountMinor: fromEurMinor(eur.amountMinor, currency, rate), derived: true },
        update: {},
      });
    }
  }
}

export async function listPlans(db: DbOrTx = prisma) {
  return db.plan.findMany({ orderBy: { sortOrder: "asc" }, include: { prices: { orderBy: { currency: "asc" } } } });
}

export async function getPlanByCodeOrThrow(code: PlanCode, db: DbOrTx = prisma) {
  const plan = await db.plan.findUnique({ where: { code }, include: { prices: true } });
  if (!plan) throw notFound("Plan", code);
  return plan;
}

/** The price of a plan in a currency, from the database: the only source of an amount to charge. */
export async function priceOf(code: PlanCode, currency: Currency, db: DbOrTx = prisma): Promise<number> {
  const plan = await getPlanByCodeOrThrow(code, db);
  const price = plan.prices.find((p) => p.currency === currency);
  if (!price) throw new AppError("validation_failed", `The ${code} plan has no price in ${currency}.`, [{ path: "currency", message: "no price" }]);
  return price.amountMinor;
}

export type UpdatePlanPriceOptions = { code: PlanCode; currency: Currency; amountMinor: number; actor: Actor; rates?: Rates };

/**
 * Sets a plan's price in one currency. Setting the EUR price re-derives the prices that follow it
 * (pegged or rate-derived, not those set by hand). Applies from each subscription's next period.
 */
export async function updatePlanPrice(options: UpdatePlanPriceOptions) {
  if (!Number.isInteger(options.amountMinor) || options.amountMinor < 0) {
    throw new AppError("validation_failed", "amountMinor must be a whole number of minor units, 0 or more.", [{ path: "amountMinor", message: "invalid" }]);
  }
  if (options.code === "TRIAL" && options.amountMinor !== 0) {
    throw new AppError("validation_failed", "The trial is free: its price stays 0.", [{ path: "amountMinor", message: "must be 0 for TRIAL" }]);
  }
  return prisma.$transaction(async (tx) => {
    const plan = await getPlanByCodeOrThrow(options.code, tx);
    const before = plan.prices.map((p) => ({ currency: p.currency, amountMinor: p.amountMinor }));
    await tx.planPrice.upsert({
      where: { planId_currency: { planId: plan.id, currency: options.currency } },
      create: { planId: plan.id, currency: options.currency, amountMinor: options.amountMinor, derived: false },
      update: { amountMinor: options.amountMinor, derived: false },
    });
    if (options.currency === "EUR") {
      for (const price of plan.prices) {
        if (price.currency === "EUR" || !price.derived) continue;
        const rate = ratePerEur(price.currency as Currency, options.rates ?? {});
        if (!rate) continue;
        await tx.planPrice.update({ where: { id: price.id }, data: { amountMinor: fromEurMinor(options.amountMinor, price.currency as Currency, rate) } });
      }
    }
    const after = await tx.planPrice.findMany({ where: { planId: plan.id }, orderBy: { currency: "asc" } });
    await recordAudit(tx, options.actor, {
      action: "plan.price_update",
      targetType: "plan",
      targetId: plan.id,
      before: { code: plan.code, prices: before },
      after: { code: plan.code, prices: after.map((p) => ({ currency: p.currency, amountMinor: p.amountMinor })) },
    });
    return after;
  });
}
