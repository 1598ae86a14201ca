/**
 * Payments that heard nothing: ask the provider (retrieve) and settle what it says; an automatic
 * renewal whose charge got no answer is charged again with its own key (never twice); any other
 * payment that never reached its provider is canceled (`provider_unavailable`, not counted against the owner);
 * one still pending at its expiry is canceled (`expired`). Both local cancellations can still be
 * overturned by a late success from the provider (the money did move).
 */
import type { Actor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { isEnabled, paymentAdapter } from "@/lib/providers/payments";
import { savePaymentMethod } from "@/lib/services/billing/payment-methods";
import { applyFailedPayments } from "@/lib/services/billing/settle-failure";
import { applySucceededPayments } from "@/lib/services/billing/settle-success";
import { mapLimited } from "@/lib/services/jobs/context";
import { rechargeUnansweredRenewals } from "@/lib/services/jobs/renewals";
import { syncDeployments } from "@/lib/services/vercel.service";

export const RECONCILE_AFTER_MS = 15 * 60_000;
export const UNREACHED_AFTER_MS = 30 * 60_000;

export type ReconcileReport = { checked: number; succeeded: number; failed: number; stillPending: number; unreached: number; expired: number; errors: number; recharged: number };

export async function reconcilePayments(options: { now: Date; actor: Actor; paymentIds?: string[]; limit?: number }): Promise<ReconcileReport> {
  const { now, actor } = options;
  const report: ReconcileReport = { checked: 0, succeeded: 0, failed: 0, stillPending: 0, unreached: 0, expired: 0, errors: 0, recharged: 0 };
  const limit = options.limit ?? 500;
  const staleBefore = new Date(now.getTime() - RECONCILE_AFTER_MS);
  const recharged = await rechargeUnansweredRenewals({ now, actor, staleBefore, paymentIds: options.paymentIds, limit });
  const candidates = await prisma.payment.findMany({
    where: {
      status: "PENDING",
      provider: { not: "MANUAL" },
      providerReference: { not: null },
      ...(options.paymentIds ? { id: { in: options.paymentIds } } : { createdAt: { lt: staleBefore }, OR: [{ lastReconciledAt: null }, { lastReconciledAt: { lt: staleBefore } }] }),
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, instanceId: true, provider: true, providerReference: true },
  });
  const answers = await mapLimited(candidates, 8, async (payment) => {
    if (!isEnabled(payment.provider as PaymentProvider)) return { payment, answer: undefined };
    try {
      return { payment, answer: await paymentAdapter(payment.provider).retrieve(payment.providerReference!) };
    } catch (error) {
      report.errors += 1;
      logger.warn({ paymentId: payment.id, err: error }, "reconciliation could not reach the provider");
      return { payment, answer: undefined };
    }
  });
  report.checked = candidates.length;
  const changed = await prisma.$transaction(async (tx) => {
    const checkedIds = answers.filter((a) => a.answer).map((a) => a.payment.id);
    if (checkedIds.length) await tx.payment.updateMany({ where: { id: { in: checkedIds } }, data: { lastReconciledAt: now } });
    const ok = answers.filter((a) => a.answer?.outcome === "succeeded").map((a) => a.payment.id);
    const ko = answers
      .filter((a) => a.answer?.outcome === "failed" || a.answer?.outcome === "canceled")
      .map((a) => ({ paymentId: a.payment.id, code: a.answer!.failure?.code ?? a.answer!.outcome, message: a.answer!.failure?.message ?? "Refusé par le fournisseur." }));
    report.stillPending = answers.filter((a) => a.answer?.outcome === "pending").length;
    // A card (or phone) the provider reports for a paid payment is kept for renewals, as a webhook would.
    for (const a of answers) if (a.answer?.outcome === "succeeded") await savePaymentMethod(tx, a.payment, a.answer.savedMethod);
    const settled = await applySucceededPayments(tx, ok, { now, actor, source: "reconcile" });
    const failed = await applyFailedPayments(tx, ko, { now, actor, source: "reconcile" });
    report.recharged = recharged.report.charged;
    report.succeeded = settled.paymentIds.length + recharged.report.succeeded;
    report.failed = failed.paymentIds.length + recharged.report.failed;

    // Asked about named payments, the same two rules apply to them (and only to them).
    const scope = options.paymentIds ? { id: { in: options.paymentIds } } : {};
    const unreached = await tx.payment.findMany({
      // Automatic renewals are charged again instead (above), until they expire.
      where: { ...scope, status: "PENDING", provider: { not: "MANUAL" }, providerReference: null, createdAt: { lt: new Date(now.getTime() - UNREACHED_AFTER_MS) }, NOT: { purpose: "RENEWAL", initiatedBy: "system" } },
      select: { id: true },
      take: limit,
    });
    const expired = await tx.payment.findMany({
      where: { AND: [scope, { status: "PENDING", provider: { not: "MANUAL" }, expiresAt: { lt: now }, id: { notIn: [...ok, ...ko.map((k) => k.paymentId), ...unreached.map((u) => u.id)] } }] },
      select: { id: true },
      take: limit,
    });
    const canceledUnreached = await applyFailedPayments(
      tx,
      unreached.map((p) => ({ paymentId: p.id, code: "provider_unavailable", message: "Le fournisseur n'a jamais confirmé la demande." })),
      { now, actor, source: "reconcile" },
      { status: "CANCELED" },
    );
    const canceledExpired = await applyFailedPayments(
      tx,
      expired.map((p) => ({ paymentId: p.id, code: "expired", message: "Aucune réponse du payeur avant l'expiration." })),
      { now, actor, source: "reconcile" },
      { status: "CANCELED" },
    );
    report.unreached = canceledUnreached.paymentIds.length;
    report.expired = canceledExpired.paymentIds.length;
    return [...settled.reactivatedInstanceIds, ...failed.suspendedInstanceIds, ...recharged.reactivated, ...recharged.suspended];
  });
  if (changed.length) await syncDeployments(changed, now);
  return report;
}
