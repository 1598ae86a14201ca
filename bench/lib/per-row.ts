/**
 * The baseline the seed's flow implies: load the subscriptions, then one query (or several) per
 * subscription — find, decide, update, insert — with the same outcomes as the daily job.
 */
import { systemActor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { paymentAdapter } from "@/lib/providers/payments";
import { buildNotificationRows, loadActiveTemplates, recipientOf } from "@/lib/services/notifications/queue";
import { paymentLinkUrl } from "@/lib/services/owner-links";
import { writeSnapshot } from "@/lib/services/metrics.service";

const DAY = 86_400_000;

export async function runPerRow(now: Date, windowDays = 2): Promise<void> {
  const actor = systemActor("per-row loop");
  const templates = await loadActiveTemplates();
  const runDate = now.toISOString().slice(0, 10);
  const notify = async (instance: Parameters<typeof recipientOf>[0], templateKey: "trial_ending" | "subscription_expiring" | "suspended_expired" | "payment_failed" | "payment_succeeded", dedupeKey: string, withLink: boolean) => {
    let paymentLink = "";
    if (withLink) {
      const link = await prisma.paymentLink.create({ data: { instanceId: instance.id, purpose: "RENEW", expiresAt: new Date(now.getTime() + 7 * DAY), createdAt: now } });
      paymentLink = paymentLinkUrl(link.id, link.expiresAt);
    }
    for (const row of buildNotificationRows([{ recipient: recipientOf(instance), templateKey, variables: { paymentLink }, dedupeKey }], templates, now)) {
      await prisma.notification.create({ data: row });
    }
  };
  await prisma.jobRun.create({ data: { job: "daily", runDate: new Date(`${runDate}T00:00:00Z`), status: "RUNNING", trigger: "bench" } });
  const subs = await prisma.subscription.findMany({ include: { plan: true, instance: { include: { settings: true } } } });

  for (const s of subs) {
    const end = s.currentPeriodEnd;
    if (!end || !["TRIALING", "ACTIVE", "PAST_DUE"].includes(s.status) || s.instance.status !== "ACTIVE") continue;
    if (end > now && end.getTime() <= now.getTime() + windowDays * DAY) {
      const kind = end.getTime() <= now.getTime() + DAY ? "last_day" : "window";
      await notify(s.instance, s.status === "TRIALING" ? "trial_ending" : "subscription_expiring", `reminder:${s.id}:${kind}:${end.getTime()}`, true);
    }
  }

  for (const row of subs) {
    const s = await prisma.subscription.findUniqueOrThrow({ where: { id: row.id }, include: { plan: true, instance: { include: { settings: true } } } });
    if (!s.currentPeriodEnd || !["TRIALING", "ACTIVE", "PAST_DUE"].includes(s.status) || s.currentPeriodEnd > now) continue;
    const grace = ["ACTIVE", "PAST_DUE"].includes(s.status) && s.autoRenew && !s.cancelAtPeriodEnd && s.defaultPaymentMethodId !== null && s.failedPaymentCount < 3 && ["MONTHLY", "ANNUAL"].includes(s.plan.code) && s.currentPeriodEnd.getTime() > now.getTime() - 14 * DAY;
    if (grace) {
      if (s.status !== "PAST_DUE") await prisma.subscription.update({ where: { id: s.id }, data: { status: "PAST_DUE" } });
      continue;
    }
    await prisma.subscription.update({ where: { id: s.id }, data: { status: s.cancelAtPeriodEnd ? "CANCELED" : "EXPIRED", endedAt: now } });
    await prisma.auditLog.create({ data: { actorType: "cron", actorLabel: actor.label, action: "subscription.expire", targetType: "subscription", targetId: s.id, instanceId: s.instanceId, after: { status: "EXPIRED" } } });
    if (s.instance.status === "ACTIVE") {
      await prisma.instance.update({ where: { id: s.instanceId }, data: { status: "SUSPENDED", suspendedReason: "subscription_expired", suspendedAt: now } });
      await prisma.auditLog.create({ data: { actorType: "cron", actorLabel: actor.label, action: "instance.suspend", targetType: "instance", targetId: s.instanceId, instanceId: s.instanceId, before: { status: "ACTIVE" }, after: { status: "SUSPENDED" } } });
      await notify(s.instance, "suspended_expired", `suspended:${s.instanceId}:${now.toISOString()}`, true);
    }
  }

  const adapter = paymentAdapter("SANDBOX");
  for (const row of subs) {
    const s = await prisma.subscription.findUniqueOrThrow({ where: { id: row.id }, include: { plan: true, defaultPaymentMethod: true, instance: { include: { settings: true } } } });
    const end = s.currentPeriodEnd;
    const method = s.defaultPaymentMethod;
    if (!end || !method || !["ACTIVE", "PAST_DUE"].includes(s.status) || !s.autoRenew || s.cancelAtPeriodEnd || s.failedPaymentCount >= 3) continue;
    if (!["MONTHLY", "ANNUAL"].includes(s.plan.code) || end.getTime() > now.getTime() + DAY || end.getTime() <= now.getTime() - 14 * DAY) continue;
    if (!["ACTIVE", "SUSPENDED"].includes(s.instance.status)) continue;
    const price = await prisma.planPrice.findUniqueOrThrow({ where: { planId_currency: { planId: s.planId, currency: s.currency } } });
    const key = `renew:${s.id}:${runDate}`;
    const payment = await prisma.payment.create({
      data: { instanceId: s.instanceId, subscriptionId: s.id, planCode: s.plan.code, purpose: "RENEWAL", provider: "SANDBOX", amountMinor: price.amountMinor, currency: s.currency, paymentMethodId: method.id, idempotencyKey: key, renewalKey: key, initiatedBy: "system", createdAt: now },
    });
    const result = await adapter.chargeSaved({ paymentId: payment.id, amountMinor: payment.amountMinor, currency: payment.currency, description: "renewal", method: { type: "card", externalMethodId: method.externalMethodId ?? undefined }, idempotencyKey: key, metadata: {} });
    if (result.outcome === "succeeded") {
      await prisma.payment.update({ where: { id: payment.id }, data: { status: "SUCCEEDED", succeededAt: now, providerReference: result.providerReference } });
      await prisma.paymentEvent.create({ data: { paymentId: payment.id, type: "succeeded", fromStatus: "PENDING", toStatus: "SUCCEEDED", source: "job", createdAt: now } });
      const starts = s.status === "ACTIVE" && end > now ? end : now;
      const [period] = await prisma.$queryRaw<{ ends: Date }[]>`SELECT afp_period_end(${starts}::timestamptz, ${s.plan.interval}::billing_interval, ${s.plan.intervalCount}::int) AS ends`;
      const ends = period!.ends;
      await prisma.subscription.update({ where: { id: s.id }, data: { status: "ACTIVE", currentPeriodEnd: ends, failedPaymentCount: 0, paidPeriods: { increment: 1 } } });
      await prisma.subscriptionPeriod.create({ data: { subscriptionId: s.id, planCode: s.plan.code, startsAt: starts, endsAt: ends, amountMinor: payment.amountMinor, currency: s.currency, kind: "paid", paymentId: payment.id, createdAt: now } });
      const counter = await prisma.invoiceCounter.upsert({ where: { year: now.getUTCFullYear() }, create: { year: now.getUTCFullYear(), lastNumber: 1 }, update: { lastNumber: { increment: 1 } } });
      await prisma.invoice.create({
        data: { number: `AFP-${counter.year}-${String(counter.lastNumber).padStart(6, "0")}`, year: counter.year, sequence: counter.lastNumber, instanceId: s.instanceId, subscriptionId: s.id, paymentId: payment.id, planCode: s.plan.code, periodStart: starts, periodEnd: ends, amountMinor: payment.amountMinor, currency: s.currency, pharmacyName: s.instance.name, ownerName: s.instance.ownerName, ownerEmail: s.instance.ownerEmail, paymentMethod: "Sandbox", issuedAt: now },
      });
      await prisma.auditLog.create({ data: { actorType: "cron", action: "payment.succeeded", targetType: "payment", targetId: payment.id, instanceId: s.instanceId } });
      await notify(s.instance, "payment_succeeded", `payment:${payment.id}:succeeded`, false);
    } else {
      await prisma.payment.update({ where: { id: payment.id }, data: { status: "FAILED", failedAt: now, failureCode: result.failure?.code, failureMessage: result.failure?.message, providerReference: result.providerReference } });
      await prisma.paymentEvent.create({ data: { paymentId: payment.id, type: "failed", fromStatus: "PENDING", toStatus: "FAILED", source: "job", createdAt: now } });
      await prisma.subscription.update({ where: { id: s.id }, data: { failedPaymentCount: { increment: 1 }, lastPaymentFailedAt: now } });
      await prisma.auditLog.create({ data: { actorType: "cron", action: "payment.failed", targetType: "payment", targetId: payment.id, instanceId: s.instanceId } });
      await notify(s.instance, "payment_failed", `payment:${payment.id}:failed`, true);
    }
  }
  await writeSnapshot(new Date(`${runDate}T00:00:00Z`), now);
  await prisma.jobRun.updateMany({ where: { runDate: new Date(`${runDate}T00:00:00Z`) }, data: { status: "SUCCEEDED", finishedAt: new Date() } });
}
