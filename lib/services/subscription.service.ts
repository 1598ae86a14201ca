/**
 * Subscriptions: `TRIALING → ACTIVE → PAST_DUE → EXPIRED`, `CANCELED`. A paid period comes only
 * from a successful payment (lib/services/billing/settle-success.ts); this module creates the
 * first period and carries out the super-admin's actions: extend, change plan, cancel, auto-renew.
 *
 * Plan changes: an upgrade (monthly → annual → lifetime) is bought now — the period restarts at
 * payment and the unused part of the current one is credited; a downgrade waits for the end of the
 * current period (`pendingPlanId`), where the renewal charges the new plan.
 */
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { addDays } from "@/lib/clock";
import { prisma, type Tx, Prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { PlanCode, SubscriptionStatus } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/services/audit.service";
import { PAID_PLAN_RANK, quotePayment } from "@/lib/services/billing/pricing";
import { AUTOMATIC_SUSPEND_REASONS, reactivateInstances, suspendInstances } from "@/lib/services/instance-state";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { getPlanByCodeOrThrow, PLAN_TYPES } from "@/lib/services/plan.service";
import { syncDeployments } from "@/lib/services/vercel.service";

export const TRIAL_DAYS = 7;
/** A paid plan chosen at creation must be paid within this many days (the subscription is PAST_DUE meanwhile). */
export const FIRST_PAYMENT_GRACE_DAYS = 7;
export const RUNNING_STATUSES: SubscriptionStatus[] = ["TRIALING", "ACTIVE", "PAST_DUE"];

export function isRunning(subscription: { status: SubscriptionStatus; currentPeriodEnd: Date | null }, now: Date): boolean {
  return RUNNING_STATUSES.includes(subscription.status) && (subscription.currentPeriodEnd === null || subscription.currentPeriodEnd > now);
}

type PlanWithPrices = Awaited<ReturnType<typeof getPlanByCodeOrThrow>>;

export async function createInitialSubscription(tx: Tx, options: { instanceId: string; plan: PlanWithPrices; currency: string; now: Date }) {
  const { plan, now } = options;
  const trial = plan.code === "TRIAL";
  const price = plan.prices.find((p) => p.currency === options.currency)?.amountMinor ?? 0;
  const end = addDays(now, trial ? TRIAL_DAYS : FIRST_PAYMENT_GRACE_DAYS);
  const subscription = await tx.subscription.create({
    data: {
      instanceId: options.instanceId,
      planId: plan.id,
      status: trial ? "TRIALING" : "PAST_DUE",
      currency: options.currency,
      amountMinor: trial ? 0 : price,
      currentPeriodStart: now,
      currentPeriodEnd: end,
      trialEndsAt: trial ? end : null,
      autoRenew: true,
      createdAt: now,
    },
  });
  if (trial) {
    await tx.subscriptionPeriod.create({ data: { subscriptionId: subscription.id, planCode: "TRIAL", startsAt: now, endsAt: end, kind: "trial", currency: options.currency, createdAt: now } });
  }
  return subscription;
}

async function getSubscriptionOrThrow(db: Tx | typeof prisma, id: string) {
  const subscription = await db.subscription.findFirst({
    where: { OR: [{ id }, { instanceId: id }] },
    include: { plan: true, pendingPlan: true, instance: { include: { settings: true } } },
  });
  if (!subscription || subscription.instance.status === "DELETED") throw notFound("Subscription", id);
  return subscription;
}

function snapshot(s: { status: SubscriptionStatus; currentPeriodEnd: Date | null; autoRenew: boolean; cancelAtPeriodEnd: boolean; planId: string; pendingPlanId: string | null }) {
  return { status: s.status, currentPeriodEnd: s.currentPeriodEnd, autoRenew: s.autoRenew, cancelAtPeriodEnd: s.cancelAtPeriodEnd, planId: s.planId, pendingPlanId: s.pendingPlanId };
}

export const ZExtendRequest = z.object({
  days: z.number({ error: "must be a number of days" }).int().min(1).max(366),
  reason: z.string({ error: "is required" }).trim().min(3, "must say why (at least 3 characters)").max(500),
});

/** Adds days to the current period (from today if it has ended), with a reason; reactivates an instance the end had suspended. */
export async function extendSubscription(options: { id: string; days: number; reason: string; actor: Actor; now: Date }) {
  const { now } = options;
  const reactivated = await prisma.$transaction(async (tx) => {
    const sub = await getSubscriptionOrThrow(tx, options.id);
    if (sub.plan.code === "LIFETIME" && sub.currentPeriodEnd === null) throw new AppError("invalid_state", "A lifetime subscription never ends: there is nothing to extend.");
    const from = sub.currentPeriodEnd && sub.currentPeriodEnd > now ? sub.currentPeriodEnd : now;
    const end = addDays(from, options.days);
    const status: SubscriptionStatus = sub.plan.code === "TRIAL" ? "TRIALING" : sub.paidPeriods > 0 ? "ACTIVE" : "PAST_DUE";
    const updated = await tx.subscription.update({
      where: { id: sub.id },
      data: { currentPeriodEnd: end, status, endedAt: null, canceledAt: null, ...(sub.plan.code === "TRIAL" ? { trialEndsAt: end } : {}) },
    });
    await tx.subscriptionPeriod.create({ data: { subscriptionId: sub.id, planCode: sub.plan.code, startsAt: from, endsAt: end, kind: "extension", currency: sub.currency, createdAt: now } });
    await recordAudit(tx, options.actor, {
      action: "subscription.extend",
      targetType: "subscription",
      targetId: sub.id,
      instanceId: sub.instanceId,
      before: snapshot(sub),
      after: { ...snapshot(updated), days: options.days, reason: options.reason },
    });
    return reactivateInstances(tx, { instanceIds: [sub.instanceId], onlyReasons: AUTOMATIC_SUSPEND_REASONS, actor: options.actor, now });
  });
  if (reactivated.length) await syncDeployments(reactivated, now);
  return getSubscriptionOrThrow(prisma, options.id);
}

export const ZUpdateSubscriptionRequest = z
  .object({
    autoRenew: z.boolean().optional(),
    cancelAtPeriodEnd: z.boolean().optional(),
  })
  .refine((v) => v.autoRenew !== undefined || v.cancelAtPeriodEnd !== undefined, { message: "send autoRenew or cancelAtPeriodEnd" });

export async function updateSubscription(options: { id: string; autoRenew?: boolean; cancelAtPeriodEnd?: boolean; actor: Actor }) {
  await prisma.$transaction(async (tx) => {
    const sub = await getSubscriptionOrThrow(tx, options.id);
    if (!RUNNING_STATUSES.includes(sub.status)) throw new AppError("invalid_state", `The subscription is ${sub.status}: record a payment or extend it first.`);
    const updated = await tx.subscription.update({
      where: { id: sub.id },
      data: {
        ...(options.autoRenew !== undefined ? { autoRenew: sub.plan.code === "LIFETIME" ? false : options.autoRenew } : {}),
        ...(options.cancelAtPeriodEnd !== undefined ? { cancelAtPeriodEnd: options.cancelAtPeriodEnd, ...(options.cancelAtPeriodEnd ? { autoRenew: false } : {}) } : {}),
      },
    });
    await recordAudit(tx, options.actor, { action: "subscription.update", targetType: "subscription", targetId: sub.id, instanceId: sub.instanceId, before: snapshot(sub), after: snapshot(updated) });
  });
  return getSubscriptionOrThrow(prisma, options.id);
}

/** Ends the subscription now (the instance is suspended until a payment) — or at the end of the period. */
export async function cancelSubscription(options: { id: string; atPeriodEnd: boolean; reason?: string; actor: Actor; now: Date }) {
  if (options.atPeriodEnd) return updateSubscription({ id: options.id, cancelAtPeriodEnd: true, actor: options.actor });
  const suspended = await prisma.$transaction(async (tx) => {
    const sub = await getSubscriptionOrThrow(tx, options.id);
    if (!RUNNING_STATUSES.includes(sub.status)) throw new AppError("invalid_state", `The subscription is already ${sub.status}.`);
    const updated = await tx.subscription.update({
      where: { id: sub.id },
      data: { status: "CANCELED", canceledAt: options.now, endedAt: options.now, autoRenew: false, cancelAtPeriodEnd: false },
    });
    await recordAudit(tx, options.actor, {
      action: "subscription.cancel",
      targetType: "subscription",
      targetId: sub.id,
      instanceId: sub.instanceId,
      before: snapshot(sub),
      after: { ...snapshot(updated), reason: options.reason ?? null },
    });
    return suspendInstances(tx, { instanceIds: [sub.instanceId], reason: "subscription_expired", actor: options.actor, now: options.now });
  });
  if (suspended.length) await syncDeployments(suspended, options.now);
  return getSubscriptionOrThrow(prisma, options.id);
}

export const ZChangePlanRequest = z.object({ planType: z.enum(["monthly", "annual", "lifetime"], { error: "must be monthly, annual or lifetime" }) });

/** Upgrades return what to pay (with the credit) and a payment link; downgrades are scheduled for the period's end. */
export async function changePlan(options: { id: string; planType: "monthly" | "annual" | "lifetime"; actor: Actor; now: Date }) {
  const target = PLAN_TYPES[options.planType] as Exclude<PlanCode, "TRIAL">;
  return prisma.$transaction(async (tx) => {
    const sub = await getSubscriptionOrThrow(tx, options.id);
    const current = sub.plan.code;
    if (current === target && !sub.pendingPlanId) throw new AppError("invalid_state", `The subscription is already on the ${target} plan.`);
    const downgrade = current !== "TRIAL" && sub.status === "ACTIVE" && PAID_PLAN_RANK[target] < PAID_PLAN_RANK[current];
    if (downgrade || (current === target && sub.pendingPlanId)) {
      const plan = await getPlanByCodeOrThrow(target, tx);
      const updated = await tx.subscription.update({ where: { id: sub.id }, data: { pendingPlanId: current === target ? null : plan.id } });
      await recordAudit(tx, options.actor, { action: "subscription.schedule_plan_change", targetType: "subscription", targetId: sub.id, instanceId: sub.instanceId, before: snapshot(sub), after: snapshot(updated) });
      return { scheduled: true as const, effectiveAt: sub.currentPeriodEnd, planCode: current === target ? current : target };
    }
    const quote = await quotePayment(tx, { subscription: sub, currency: sub.instance.settings?.currency?.trim() ?? sub.currency.trim(), planCode: target, now: options.now });
    const [link] = await createPaymentLinks(tx, [{ instanceId: sub.instanceId, purpose: "CHANGE_PLAN", planCode: target }], options.now, { createdById: options.actor.id });
    await recordAudit(tx, options.actor, {
      action: "subscription.request_plan_change",
      targetType: "subscription",
      targetId: sub.id,
      instanceId: sub.instanceId,
      before: snapshot(sub),
      after: { planCode: target, amountMinor: quote.amountMinor, creditMinor: quote.creditMinor, paymentLinkId: link!.id },
    });
    return { scheduled: false as const, planCode: target, quote, paymentLink: link!.url, paymentLinkExpiresAt: link!.expiresAt };
  });
}

export const SUBSCRIPTION_FILTERS = ["expiring", "expired", "past_due", "trialing", "active", "canceled"] as const;
export const ZListSubscriptionsQuery = z.object({
  status: z.enum(SUBSCRIPTION_FILTERS).optional(),
  /** For `expiring`: ends within this many days (default 7). */
  days: z.coerce.number().int().min(1).max(90).default(7),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
});
export type TListSubscriptionsQuery = z.infer<typeof ZListSubscriptionsQuery>;

export async function listSubscriptions(query: TListSubscriptionsQuery, now: Date) {
  const base: Prisma.SubscriptionWhereInput = { instance: { status: { not: "DELETED" } } };
  const byStatus: Record<(typeof SUBSCRIPTION_FILTERS)[number], Prisma.SubscriptionWhereInput> = {
    expiring: { status: { in: RUNNING_STATUSES }, currentPeriodEnd: { gt: now, lte: addDays(now, query.days) } },
    expired: { status: "EXPIRED" },
    past_due: { status: "PAST_DUE" },
    trialing: { status: "TRIALING" },
    active: { status: "ACTIVE" },
    canceled: { status: "CANCELED" },
  };
  const where: Prisma.SubscriptionWhereInput = { ...base, ...(query.status ? byStatus[query.status] : {}) };
  const ascending = query.status === "expiring";
  let after: Prisma.SubscriptionWhereInput | undefined;
  if (query.cursor) {
    const [v, id] = Buffer.from(query.cursor, "base64url").toString("utf8").split("|");
    const at = new Date(v ?? "");
    if (!id || Number.isNaN(at.getTime())) throw new AppError("validation_failed", "cursor is invalid.", [{ path: "cursor", message: "invalid" }]);
    const field = ascending ? "currentPeriodEnd" : "updatedAt";
    const op = ascending ? "gt" : "lt";
    after = { OR: [{ [field]: { [op]: at } }, { [field]: at, id: { [op]: id } }] };
  }
  const [rows, total] = await Promise.all([
    prisma.subscription.findMany({
      where: after ? { AND: [where, after] } : where,
      orderBy: ascending ? [{ currentPeriodEnd: "asc" }, { id: "asc" }] : [{ updatedAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
      include: { plan: { select: { code: true } }, instance: { select: { id: true, name: true, subdomain: true, status: true, ownerEmail: true } } },
    }),
    prisma.subscription.count({ where }),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const key = last ? (ascending ? last.currentPeriodEnd : last.updatedAt) : undefined;
  return {
    data: page,
    total,
    nextCursor: rows.length > query.limit && last && key ? Buffer.from(`${key.toISOString()}|${last.id}`).toString("base64url") : null,
  };
}

export { getSubscriptionOrThrow };
