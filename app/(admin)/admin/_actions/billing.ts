"use server";
/** Subscription, payment and payment-link actions: the services behind /api/admin/subscriptions|payments/**. */
import { field, mutation } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { AppError } from "@/lib/errors";
import { format, formatDate, planLabel } from "@/lib/i18n";
import { parseWith } from "@/lib/http";
import { formatMoney, isCurrency, majorToMinor } from "@/lib/money";
import { createPaymentLink, ZCreatePaymentLinkRequest } from "@/lib/services/payment-link.service";
import { getPaymentOrThrow, recordManualPayment, ZManualPaymentRequest } from "@/lib/services/payment.service";
import { reconcilePayments } from "@/lib/services/reconcile.service";
import { refundPayment, ZRefundRequest } from "@/lib/services/refund.service";
import { cancelSubscription, changePlan, extendSubscription, updateSubscription, ZChangePlanRequest, ZExtendRequest } from "@/lib/services/subscription.service";

const number = (form: FormData, name: string) => {
  const raw = field(form, name).replace(",", ".").replace(/\s/g, "");
  return raw === "" ? undefined : Number(raw);
};

export async function autoRenewAction(subscriptionId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(async ({ actor }) => updateSubscription({ id: subscriptionId, autoRenew: field(form, "autoRenew") === "true", actor }), (_, t) => t.detail.subscription.toggled);
}

export async function extendAction(subscriptionId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => {
    const body = parseWith(ZExtendRequest, { days: number(form, "days"), reason: field(form, "reason") }, "The extension");
    return extendSubscription({ id: subscriptionId, ...body, actor, now });
  }, (_, t) => t.detail.subscription.extended);
}

export async function changePlanAction(subscriptionId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => changePlan({ id: subscriptionId, planType: parseWith(ZChangePlanRequest, { planType: field(form, "planType") }, "The plan").planType, actor, now }),
    (result, t, locale) => {
      if (result.scheduled) return format(t.detail.subscription.scheduled, { plan: planLabel(result.planCode, locale), date: formatDate(result.effectiveAt, locale) });
      const amount = formatMoney(result.quote.amountMinor, result.quote.currency, locale);
      const credit = formatMoney(result.quote.creditMinor, result.quote.currency, locale);
      const label = format(t.detail.subscription.upgradeReady, { amount, credit });
      return { message: label, reveal: { label, value: result.paymentLink, kind: "link" } };
    },
  );
}

export async function cancelAction(subscriptionId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => cancelSubscription({ id: subscriptionId, atPeriodEnd: field(form, "when") !== "now", reason: field(form, "reason") || undefined, actor, now }),
    (_, t) => t.detail.subscription.canceled,
  );
}

export async function refundAction(paymentId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => {
    const payment = await getPaymentOrThrow(paymentId);
    const currency = payment.currency.trim();
    const amount = number(form, "amount");
    let amountMinor: number | undefined;
    if (amount !== undefined) {
      amountMinor = Number.isFinite(amount) && amount > 0 && isCurrency(currency) ? majorToMinor(amount, currency) : undefined;
      if (amountMinor === undefined) throw new AppError("validation_failed", `amount is not a valid amount of ${currency}.`, [{ path: "amount", message: `must be a positive amount of ${currency}` }]);
    }
    const request = parseWith(ZRefundRequest, { amountMinor, reason: field(form, "reason"), endSubscription: field(form, "endSubscription") === "on" }, "The refund");
    return refundPayment({ paymentId, request, actor, now });
  }, (_, t) => t.detail.payments.refunded);
}

export async function reconcileAction(paymentId: string): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => reconcilePayments({ now, actor, paymentIds: [paymentId] }), (_, t) => t.payments.detail.reconciled);
}

export async function manualPaymentAction(instanceId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => {
      const request = parseWith(
        ZManualPaymentRequest,
        {
          instanceId,
          method: field(form, "method"),
          reference: field(form, "reference"),
          planType: field(form, "planType") || undefined,
          amount: number(form, "amount"),
          note: field(form, "note") || undefined,
        },
        "The payment",
      );
      return recordManualPayment({ request, actor, now });
    },
    (payment, t) => format(t.detail.manual.recorded, { invoice: payment.invoice?.number ?? "—" }),
  );
}

export async function paymentLinkAction(instanceId: string, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => {
      const request = parseWith(
        ZCreatePaymentLinkRequest,
        { purpose: field(form, "purpose") || undefined, planType: field(form, "planType") || undefined, ttlDays: number(form, "ttlDays") },
        "The payment link",
      );
      return createPaymentLink({ instanceId, request, actor, now });
    },
    (link, t, locale) => {
      const label = format(t.detail.paymentLink.created, { date: formatDate(link.expiresAt, locale, true) });
      return { message: label, reveal: { label, value: link.url, kind: "link" } };
    },
  );
}
