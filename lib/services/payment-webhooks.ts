/**
 * Payment providers' callbacks: verified on the raw body (a bad signature writes nothing), stored
 * once per (provider, event id), and applied in the same transaction as the event row — the
 * payment, its subscription and its instance move together or not at all. A duplicate, or a
 * failure arriving after the success of the same payment, changes nothing. An event about a
 * payment we do not know is recorded as IGNORED and answered 200 (the provider must not retry it).
 */
import { systemActor } from "@/lib/actor";
import { prisma, type Tx } from "@/lib/db";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { isEnabled, paymentAdapter } from "@/lib/providers/payments";
import { AppError } from "@/lib/errors";
import type { ProviderEvent } from "@/lib/providers/payments/types";
import { AuditBatch } from "@/lib/services/audit.service";
import { applyFailedPayments } from "@/lib/services/billing/settle-failure";
import { savePaymentMethod } from "@/lib/services/billing/payment-methods";
import { applySucceededPayments } from "@/lib/services/billing/settle-success";
import { finalizeRefund } from "@/lib/services/refund.service";
import { syncDeployments } from "@/lib/services/vercel.service";
import { claimWebhookEvent, finishWebhookEvent } from "@/lib/services/webhook-events";

async function findPayment(tx: Tx, provider: PaymentProvider, event: ProviderEvent) {
  if (event.paymentId) {
    const byId = await tx.payment.findFirst({ where: { id: event.paymentId, provider } });
    if (byId) return byId;
  }
  if (event.providerReference) return tx.payment.findFirst({ where: { provider, providerReference: event.providerReference } });
  return null;
}

export async function ingestPaymentWebhook(provider: PaymentProvider, rawBody: string, headers: Headers, now: Date) {
  if (!isEnabled(provider)) throw new AppError("not_found", `${provider.toLowerCase()} is not enabled on this console: its webhook does not exist.`);
  const adapter = paymentAdapter(provider);
  const event = await adapter.parseWebhook(rawBody, headers);
  const actor = systemActor(`${provider.toLowerCase()} webhook`, { type: "provider" });
  const outcome = await prisma.$transaction(async (tx) => {
    // Audit entries are written last: the chain's lock is then held only for the commit.
    const ctx = { now, actor, source: "webhook" as const, audit: new AuditBatch() };
    const claim = await claimWebhookEvent(tx, { provider: provider.toLowerCase(), eventId: event.eventId, type: event.type, payload: event.raw, now });
    if (!claim.fresh) return { duplicate: true, changed: [] as string[] };
    if (event.kind === "ignored") {
      await finishWebhookEvent(tx, claim.id, "IGNORED", now);
      return { ignored: true, changed: [] };
    }
    if (event.kind === "refund_succeeded" || event.kind === "refund_failed") {
      const applied = await finalizeRefund(tx, { provider, refundReference: event.refundReference, succeeded: event.kind === "refund_succeeded", failure: event.failure, actor, now });
      await finishWebhookEvent(tx, claim.id, applied ? "PROCESSED" : "IGNORED", now);
      return { refund: applied, changed: [] };
    }
    const payment = await findPayment(tx, provider, event);
    if (!payment) {
      logger.warn({ provider, eventId: event.eventId, type: event.type }, "webhook about an unknown payment: recorded and ignored");
      await finishWebhookEvent(tx, claim.id, "IGNORED", now, "unknown payment reference");
      return { ignored: true, unknownPayment: true, changed: [] };
    }
    if (!payment.providerReference && event.providerReference) {
      await tx.payment.update({ where: { id: payment.id }, data: { providerReference: event.providerReference } });
    }
    let changed: string[] = [];
    if (event.kind === "payment_succeeded") {
      const currency = payment.currency.trim();
      const amountDiffers = event.amountMinor !== undefined && event.amountMinor !== payment.amountMinor;
      const currencyDiffers = event.currency !== undefined && event.currency !== currency;
      if (amountDiffers || currencyDiffers) {
        logger.error({ paymentId: payment.id, expected: [payment.amountMinor, currency], received: [event.amountMinor, event.currency] }, "provider reports a different amount: not settled");
        await finishWebhookEvent(tx, claim.id, "IGNORED", now, `amount ${event.amountMinor ?? "?"} ${event.currency ?? ""} differs from ${payment.amountMinor} ${currency}`);
        return { ignored: true, amountMismatch: true, changed };
      }
      await savePaymentMethod(tx, payment, event.savedMethod);
      changed = (await applySucceededPayments(tx, [payment.id], ctx)).reactivatedInstanceIds;
    } else if (event.kind === "payment_failed" || event.kind === "payment_canceled") {
      const failure = event.failure ?? { code: event.kind === "payment_canceled" ? "canceled" : "declined", message: event.kind === "payment_canceled" ? "Paiement annulé." : "Paiement refusé." };
      changed = (await applyFailedPayments(tx, [{ paymentId: payment.id, ...failure }], ctx, { status: event.kind === "payment_canceled" ? "CANCELED" : "FAILED" })).suspendedInstanceIds;
    } else if (event.kind === "payment_pending" && event.failure) {
      await tx.paymentEvent.create({ data: { paymentId: payment.id, type: "attempt_failed", source: "webhook", data: event.failure, createdAt: now } });
    }
    await finishWebhookEvent(tx, claim.id, "PROCESSED", now);
    await ctx.audit.flush(tx);
    return { processed: true, paymentId: payment.id, changed };
  });
  if (outcome.changed.length) await syncDeployments(outcome.changed, now);
  const { changed: _changed, ...body } = outcome;
  return { received: true, ...body };
}
