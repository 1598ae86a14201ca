/**
 * Refunds: full or partial, never above what remains (refunded and pending refunds counted), through
 * the provider's API with our idempotency key, recorded with its reference. A refund of the current
 * period may end the subscription at once (the super-admin chooses); the owner is told.
 */
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { prisma, type Tx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { formatMoney } from "@/lib/money";
import { paymentAdapter } from "@/lib/providers/payments";
import { ProviderUnavailableError, type ProviderFailure, type RefundResult } from "@/lib/providers/payments/types";
import { recordAudit } from "@/lib/services/audit.service";
import { suspendInstances } from "@/lib/services/instance-state";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { queueNotifications } from "@/lib/services/notifications/queue";
import { syncDeployments } from "@/lib/services/vercel.service";

export const ZRefundRequest = z.object({
  /** Minor units; the whole remaining amount when omitted. */
  amountMinor: z.number().int().positive().optional(),
  reason: z.string({ error: "is required" }).trim().min(3, "must say why (at least 3 characters)").max(500),
  endSubscription: z.boolean().default(false),
});
export type TRefundRequest = z.infer<typeof ZRefundRequest>;

async function applyRefunded(tx: Tx, refundId: string, actor: Actor, now: Date): Promise<string[]> {
  const refund = await tx.refund.update({ where: { id: refundId }, data: { status: "SUCCEEDED", succeededAt: now }, include: { payment: true } });
  const refunded = refund.payment.amountRefundedMinor + refund.amountMinor;
  const payment = await tx.payment.update({
    where: { id: refund.paymentId },
    data: { amountRefundedMinor: refunded, status: refunded >= refund.payment.amountMinor ? "REFUNDED" : "PARTIALLY_REFUNDED" },
  });
  await tx.paymentEvent.create({
    data: { paymentId: payment.id, type: "refunded", fromStatus: refund.payment.status, toStatus: payment.status, source: "refund", data: { refundId, amountMinor: refund.amountMinor }, createdAt: now },
  });
  await recordAudit(tx, actor, {
    action: "payment.refund_succeeded",
    targetType: "refund",
    targetId: refundId,
    instanceId: payment.instanceId,
    before: { status: refund.payment.status, amountRefundedMinor: refund.payment.amountRefundedMinor },
    after: { status: payment.status, amountRefundedMinor: refunded },
  });
  let suspended: string[] = [];
  if (refund.endsSubscription) {
    await tx.subscription.updateMany({
      where: { id: payment.subscriptionId, status: { in: ["TRIALING", "ACTIVE", "PAST_DUE"] } },
      data: { status: "CANCELED", canceledAt: now, endedAt: now, autoRenew: false },
    });
    suspended = await suspendInstances(tx, { instanceIds: [payment.instanceId], reason: "subscription_expired", actor, now, notify: false });
  }
  const recipient = (await loadRecipients(tx, [payment.instanceId])).get(payment.instanceId);
  if (recipient) {
    await queueNotifications(
      tx,
      [{ recipient, templateKey: "refund_issued", variables: { amount: formatMoney(refund.amountMinor, refund.currency, recipient.locale), reason: refund.reason ?? "" }, dedupeKey: `refund:${refundId}` }],
      now,
    );
  }
  return suspended;
}

export async function refundPayment(options: { paymentId: string; request: TRefundRequest; actor: Actor; now: Date }) {
  const { paymentId, request, actor, now } = options;
  const refund = await prisma.$transaction(async (tx) => {
    const [payment] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payments WHERE id = ${paymentId} FOR UPDATE`;
    if (!payment) throw notFound("Payment", paymentId);
    const full = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { refunds: true } });
    if (full.status !== "SUCCEEDED" && full.status !== "PARTIALLY_REFUNDED") throw new AppError("invalid_state", `Only a succeeded payment can be refunded (this one is ${full.status}).`);
    // A refund whose request got no answer may have been made: it is asked again with its own key
    // (the provider then finds it) rather than replaced by a new refund, which could pay twice.
    const unconfirmed = full.refunds.find((r) => r.status === "PENDING" && !r.providerReference);
    if (unconfirmed) {
      if ((request.amountMinor ?? unconfirmed.amountMinor) !== unconfirmed.amountMinor) {
        throw new AppError("conflict", `The refund ${unconfirmed.id} of ${unconfirmed.amountMinor} is still waiting for the provider's answer: send the same amount again to retry it first.`, [
          { path: "amountMinor", message: `retry ${unconfirmed.amountMinor} first`, refundId: unconfirmed.id, amountMinor: unconfirmed.amountMinor },
        ]);
      }
      await recordAudit(tx, actor, { action: "payment.refund_retry", targetType: "refund", targetId: unconfirmed.id, instanceId: full.instanceId, after: { paymentId, amountMinor: unconfirmed.amountMinor } });
      return { ...unconfirmed, provider: full.provider, providerReference: full.providerReference };
    }
    const pending = full.refunds.filter((r) => r.status === "PENDING").reduce((sum, r) => sum + r.amountMinor, 0);
    const remaining = full.amountMinor - full.amountRefundedMinor - pending;
    const amount = request.amountMinor ?? remaining;
    if (amount <= 0 || amount > remaining) {
      throw new AppError("validation_failed", `amountMinor must be between 1 and ${remaining} (what remains to refund).`, [{ path: "amountMinor", message: `at most ${remaining}`, remaining }]);
    }
    const created = await tx.refund.create({
      data: {
        paymentId,
        amountMinor: amount,
        currency: full.currency,
        reason: request.reason,
        endsSubscription: request.endSubscription,
        idempotencyKey: `refund:${paymentId}:${full.refunds.length + 1}`,
        createdById: actor.id ?? null,
        createdAt: now,
      },
    });
    await recordAudit(tx, actor, {
      action: "payment.refund",
      targetType: "refund",
      targetId: created.id,
      instanceId: full.instanceId,
      after: { paymentId, amountMinor: amount, currency: full.currency, reason: request.reason, endSubscription: request.endSubscription },
    });
    return { ...created, provider: full.provider, providerReference: full.providerReference };
  });

  let result: RefundResult;
  if (refund.provider === "MANUAL") {
    result = { outcome: "succeeded", providerReference: `manual:${refund.id}` };
  } else {
    try {
      result = await paymentAdapter(refund.provider).refund({
        providerReference: refund.providerReference!,
        amountMinor: refund.amountMinor,
        currency: refund.currency.trim(),
        idempotencyKey: refund.idempotencyKey,
        reason: refund.reason ?? undefined,
      });
    } catch (error) {
      if (error instanceof ProviderUnavailableError) {
        throw new AppError("provider_unavailable", `${refund.provider.toLowerCase()} did not answer; the refund ${refund.id} is pending — retrying it uses the same idempotency key.`, [{ message: "pending", refundId: refund.id }]);
      }
      throw error;
    }
  }
  const suspended = await prisma.$transaction(async (tx) => {
    await tx.refund.update({ where: { id: refund.id }, data: { providerReference: result.providerReference ?? null } });
    if (result.outcome === "succeeded") return applyRefunded(tx, refund.id, actor, now);
    if (result.outcome === "failed") {
      await tx.refund.update({ where: { id: refund.id }, data: { status: "FAILED", failureMessage: result.failure?.message ?? "refused" } });
      await recordAudit(tx, actor, { action: "payment.refund_failed", targetType: "refund", targetId: refund.id, after: { failure: result.failure } });
    }
    return [];
  });
  if (suspended.length) await syncDeployments(suspended, now);
  const final = await prisma.refund.findUniqueOrThrow({ where: { id: refund.id } });
  if (final.status === "FAILED") throw new AppError("provider_error", `The provider refused the refund: ${result.failure?.message ?? "no reason given"}.`, [{ message: "failed", refundId: refund.id }]);
  return final;
}

/** A provider's asynchronous answer about a refund (webhook). Returns false when the refund is unknown or already final. */
export async function finalizeRefund(
  tx: Tx,
  options: { provider: PaymentProvider; refundReference?: string; succeeded: boolean; failure?: ProviderFailure; actor: Actor; now: Date },
): Promise<boolean> {
  if (!options.refundReference) return false;
  const refund = await tx.refund.findFirst({ where: { providerReference: options.refundReference, status: "PENDING", payment: { provider: options.provider } } });
  if (!refund) return false;
  if (options.succeeded) await applyRefunded(tx, refund.id, options.actor, options.now);
  else await tx.refund.update({ where: { id: refund.id }, data: { status: "FAILED", failureMessage: options.failure?.message ?? "refused" } });
  return true;
}

/** Refunds, newest first, of one instance's payments or of one payment. */
export async function listRefunds(options: { instanceId?: string; paymentId?: string; limit?: number }) {
  return prisma.refund.findMany({
    where: { ...(options.instanceId ? { payment: { instanceId: options.instanceId } } : {}), ...(options.paymentId ? { paymentId: options.paymentId } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.limit ?? 50, 200),
    include: { payment: { select: { id: true, provider: true } } },
  });
}
