/**
 * The payment form's post: the owner's choices (plan, method, phone or test card) become one call
 * to initiateOwnerPayment with the link's token; the amount is never part of the form. A refusal
 * the owner can act on comes back as the form with a message; a dead link as its own page.
 * While a payment of the same link waits for the payer (a push on the phone, an open checkout),
 * a new attempt goes back to that payment instead of starting a second charge.
 */
import crypto from "node:crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http";
import { format } from "@/lib/i18n";
import { checkoutFor, paymentMethodFor, type Checkout } from "@/lib/services/owner-checkout";
import { initiateOwnerPayment, ZOwnerInitiateRequest } from "@/lib/services/owner-payments";
import type { PaymentLinkState } from "@/lib/services/payment-link.service";
import type { InitiateResponse } from "@/lib/services/payment.service";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";
import type { OwnerContext } from "./http";
import type { DeadLink, PayErrors, PayValues } from "./views/pay";

type ValidLink = Extract<PaymentLinkState, { state: "valid" }>["link"];
type Ready = Extract<Checkout, { kind: "ready" }>;

export type PayOutcome =
  | { kind: "started"; payment: InitiateResponse }
  | { kind: "pending"; paymentId: string; checkoutUrl: string | null }
  | { kind: "invalid"; values: PayValues; errors: PayErrors; status: number; checkout: Ready }
  | { kind: "dead"; state: DeadLink }
  | { kind: "nothing_to_pay"; reason: string };

export function newNonce(): string {
  return crypto.randomUUID();
}

const NONCE = /^[A-Za-z0-9-]{16,64}$/;
/** A payment of this link still waiting for the payer: a second one could charge twice. */
export const PENDING_GUARD_MS = 3 * 60_000;

function recentPending(linkId: string, now: Date, nonce: string | undefined) {
  return prisma.payment.findFirst({
    where: {
      paymentLinkId: linkId,
      status: "PENDING",
      providerReference: { not: null },
      createdAt: { gt: new Date(now.getTime() - PENDING_GUARD_MS) },
      ...(nonce ? { NOT: { idempotencyKey: { endsWith: `:${nonce}` } } } : {}),
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, checkoutUrl: true },
  });
}

export async function submitPayment(ctx: OwnerContext<{ token: string }>, link: ValidLink, form: Record<string, string>): Promise<PayOutcome> {
  const t = ctx.t.pay;
  await enforceRateLimits([{ key: `pay:link:${link.id}`, limit: 12, windowSeconds: 600 }], ctx.now, "Too many payment attempts with this link; wait a few minutes.");
  const checkout = await checkoutFor(link, ctx.now);
  if (checkout.kind === "nothing_to_pay") return { kind: "nothing_to_pay", reason: checkout.reason };
  const values: PayValues = { plan: form.plan, method: form.method, phone: form.phone?.trim() };
  const plan = checkout.plans.find((p) => p.planType === form.plan);
  const method = checkout.methods.find((m) => m.method === form.method);
  const errors: PayErrors = {};
  if (!plan) errors.plan = t.errors.plan;
  if (!method) errors.method = t.errors.method;
  if (method?.method === "mobile_money" && !values.phone) errors.phone = t.errors.phone;
  const cardNumber = form.cardNumber?.replace(/[^\d ]/g, "").trim();
  if (method?.testCard && !cardNumber) errors.cardNumber = t.errors.cardNumber;
  if (!plan || !method || Object.keys(errors).length) return { kind: "invalid", values, errors: { form: Object.values(errors)[0], ...errors }, status: 422, checkout };

  const nonce = NONCE.test(form.nonce ?? "") ? form.nonce : undefined;
  const pending = await recentPending(link.id, ctx.now, nonce);
  if (pending) return { kind: "pending", paymentId: pending.id, checkoutUrl: pending.checkoutUrl };
  try {
    const request = parseWith(ZOwnerInitiateRequest, {
      paymentLinkToken: ctx.params.token,
      paymentMethod: paymentMethodFor(method),
      planType: plan.planType,
      ...(method.method === "mobile_money" ? { phone: values.phone } : {}),
      ...(method.testCard ? { cardNumber } : {}),
      saveMethod: true,
    });
    const payment = await initiateOwnerPayment({ request, ip: ctx.ip, now: ctx.now, requestId: ctx.requestId, idempotencyKey: nonce });
    return { kind: "started", payment };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === "gone" || error.code === "not_found") {
      const state = (error.details?.[0]?.message ?? "invalid") as DeadLink;
      return { kind: "dead", state: ["expired", "used", "revoked"].includes(state) ? state : "invalid" };
    }
    if (error.code === "invalid_state") return { kind: "nothing_to_pay", reason: "lifetime" };
    if (error.code === "validation_failed") {
      const path = error.details?.[0]?.path;
      const field: PayErrors =
        path === "phone" ? { phone: t.errors.phone }
        : path === "cardNumber" ? { cardNumber: t.errors.cardNumber }
        : { form: format(t.errors.other, { message: error.message }) };
      return { kind: "invalid", values, errors: { form: Object.values(field)[0], ...field }, status: 422, checkout };
    }
    if (error.code === "amount_mismatch") return { kind: "invalid", values, errors: { form: t.errors.amount }, status: 422, checkout };
    if (error.code === "provider_unavailable" || error.code === "provider_error") return { kind: "invalid", values, errors: { form: t.errors.unavailable }, status: 503, checkout };
    throw error;
  }
}
