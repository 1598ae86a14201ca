/** Paying and walking through time with the real services (sandbox provider). */
import { addDays, isoDate } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { initiatePayment } from "@/lib/services/payment.service";
import { runDailyJob } from "@/lib/services/jobs/daily-job";
import { testActor } from "./instances";

export const DAY = 86_400_000;

export async function payByCard(instanceId: string, planType: "monthly" | "annual" | "lifetime", cardNumber: string, now: Date) {
  return initiatePayment({
    request: { instanceId, paymentMethod: "sandbox", planType, cardNumber, saveMethod: true },
    actor: testActor,
    now,
    initiatedBy: "admin",
  });
}

export async function runDay(now: Date, extra: { budgetMs?: number; batchSize?: number } = {}) {
  return runDailyJob({ runDate: isoDate(now), now, trigger: "test", ...extra });
}

/** Runs the job once a day from `start` (inclusive) for `days` days; returns each day's status. */
export async function walk(start: Date, days: number, onDay?: (day: number, now: Date) => Promise<void>) {
  const statuses: string[] = [];
  for (let d = 0; d < days; d += 1) {
    const now = addDays(start, d);
    await onDay?.(d, now);
    statuses.push((await runDay(now)).status);
  }
  return statuses;
}

export async function subscriptionOf(instanceId: string) {
  return prisma.subscription.findUniqueOrThrow({ where: { instanceId }, include: { plan: true } });
}
