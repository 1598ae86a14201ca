/**
 * Payments: initiating one through a provider, recording a manual one, reading them back.
 * Money moves exactly once: the amount comes from the plan price (lib/services/billing/pricing),
 * the payment row exists before the provider is called (its id and idempotency key travel with
 * the request), and every outcome goes through the set-based settlement of lib/services/billing.
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { prisma, Prisma, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import type { Payment } from "@/lib/generated/prisma/client";
import type { PaymentProvider, PlanCode } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { normalizePhone } from "@/lib/phone";
import { isEnabled, paymentAdapter } from "@/lib/providers/payments";
import { ProviderUnavailableError, type NextAction, type PaymentResult } from "@/lib/providers/payments/types";
import { recordAudit } from "@/lib/services/audit.service";
import { assertClientAmount, quotePayment } from "@/lib/services/billing/pricing";
import { savePaymentMethod } from "@/lib/services/billing/payment-methods";
import { applyFailedPayments } from "@/lib/services/billing/settle-failure";
import { applySucceededPayments, type SettleContext } from "@/lib/services/billing/settle-success";
import { syncDeployments } from "@/lib/services/vercel.service";

const METHOD_ALIASES = {
  stripe: "STRIPE",
  avadapay: "AVADAPAY",
  strowallet: "STROWALLET",
  sandbox: "SANDBOX",
  mobile_money: "mobile_money",
  card: "card",
} as const;

export const ZInitiatePaymentRequest = z.object({
  instanceId: z.string().min(1).max(64),
  paymentMethod: z.enum(Object.keys(METHOD_ALIASES) as [keyof typeof METHOD_ALIASES, ...(keyof typeof METHOD_ALIASES)[]]),
  planType: z.enum(["monthly", "annual", "lifetime"]).optional(),
  /** Optional, in major units (49.99): checked against the price, never used as the amount. */
  amount: z.number().positive().max(100_000_000).optional(),
  phone: z.string().trim().min(6).max(20).optional(),
  cardNumber: z.string().trim().regex(/^[\d ]{12,23}$/, "must be a card number").optional(),
  saveMethod: z.boolean().default(true),
});
export type TInitiatePaymentRequest = z.infer<typeof ZInitiatePaymentRequest>;

export type InitiateResponse = {
  paymentId: string;
  status: string;
  provider: PaymentProvider;
  amountMinor: number;
  creditMinor: number;
  currency: string;
  planCode: PlanCode;
  nextAction: NextAction;
  failure?: { code: string; message: string };
};

const accepts = (provider: PaymentProvider, currency: string) => paymentAdapter(provider).currencies?.includes(currency) ?? true;

/**
 * `mobile_money` and `card` pick the configured provider for that method (sandbox on the local
 * default); for cards, the first enabled one that takes the instance's currency (Strowallet takes
 * no CDF, so a DRC pharmacy's card goes to Stripe when both are enabled).
 */
export function resolveProvider(method: keyof typeof METHOD_ALIASES, currency: string): PaymentProvider {
  const alias = METHOD_ALIASES[method];
  if (alias === "mobile_money") return isEnabled("AVADAPAY") ? "AVADAPAY" : "SANDBOX";
  if (alias === "card") {
    const enabled = (["STROWALLET", "STRIPE"] as const).filter((p) => isEnabled(p));
    return enabled.find((p) => accepts(p, currency)) ?? enabled[0] ?? "SANDBOX";
  }
  return alias;
}

async function loadForPayment(db: Tx | typeof prisma, instanceId: string) {
  const instance = await db.instance.findUnique({ where: { id: instanceId }, include: { settings: true, subscription: { include: { plan: true, defaultPaymentMethod: true } } } });
  if (!instance || instance.status === "DELETED") throw notFound("Instance", instanceId);
  if (!instance.subscription) throw new AppError("invalid_state", "This instance has no subscription.");
  return { instance, subscription: instance.subscription };
}

export type InitiateOptions = {
  request: TInitiatePaymentRequest;
  actor: Actor;
  now: Date;
  initiatedBy: "admin" | "owner";
  paymentLinkId?: string;
  /** Client's Idempotency-Key: the same key returns the same payment. */
  idempotencyKey?: string;
};

export async function initiatePayment(options: InitiateOptions): Promise<InitiateResponse> {
  const { request, now, actor } = options;
  const { instance, subscription } = await loadForPayment(prisma, request.instanceId);
  const currency = instance.settings?.currency?.trim() ?? "EUR";
  const provider = resolveProvider(request.paymentMethod, currency);
  if (provider === "MANUAL") throw new AppError("validation_failed", "Record manual payments with POST /api/admin/payments/manual.");
  const adapter = paymentAdapter(provider);
  const planCode = request.planType ? (request.planType.toUpperCase() as PlanCode) : undefined;
  const quote = await quotePayment(prisma, { subscription, currency, planCode, now });
  assertClientAmount(request.amount, quote);
  if (!accepts(provider, quote.currency)) {
    throw new AppError("validation_failed", `${provider.toLowerCase()} does not take ${quote.currency}, the currency this pharmacy pays in (it takes ${adapter.currencies!.join(", ")}).`, [
      { path: "paymentMethod", message: `not available in ${quote.currency}` },
    ]);
  }

  const phone = request.phone ? normalizePhone(request.phone, instance.country ?? "CD") : undefined;
  if (request.phone && !phone) throw new AppError("validation_failed", "phone is not a valid phone number (use the international format, e.g. +243812345678).", [{ path: "phone", message: "invalid" }]);
  if (adapter.methods.length === 1 && adapter.methods[0] === "mobile_money" && !phone) {
    throw new AppError("validation_failed", "phone is required for mobile money.", [{ path: "phone", message: "required" }]);
  }

  const idempotencyKey = options.idempotencyKey ? `init:${instance.id}:${options.idempotencyKey}` : `init:${crypto.randomUUID()}`;
  const existing = options.idempotencyKey ? await prisma.payment.findUnique({ where: { idempotencyKey } }) : null;
  if (existing) {
    if (existing.provider !== provider || existing.planCode !== quote.planCode) {
      throw new AppError("conflict", `This Idempotency-Key was already used for another payment (${existing.id}).`, [{ path: "Idempotency-Key", message: "already used", paymentId: existing.id }]);
    }
    // The first attempt heard nothing from the provider: asking again with the same key finds what
    // that attempt made (or makes it now), never a second charge.
    if (existing.status === "PENDING" && !existing.providerReference) return callProvider(existing);
    return responseOf(existing, nextActionOf(existing));
  }

  const saveMethod = request.saveMethod && quote.planCode !== "LIFETIME";
  const payment = await prisma.$transaction(async (tx) => {
    const created = await tx.payment.create({
      data: {
        instanceId: instance.id,
        subscriptionId: subscription.id,
        planCode: quote.planCode,
        purpose: quote.purpose,
        provider,
        amountMinor: quote.amountMinor,
        creditMinor: quote.creditMinor,
        currency: quote.currency,
        payerPhone: phone ?? null,
        idempotencyKey,
        initiatedBy: options.initiatedBy,
        paymentLinkId: options.paymentLinkId ?? null,
        expiresAt: new Date(now.getTime() + 48 * 3_600_000),
        // What the provider call needs beyond the row, so a retry sends the very same request.
        metadata: { saveMethod },
        createdAt: now,
      },
    });
    await tx.paymentEvent.create({ data: { paymentId: created.id, type: "initiated", toStatus: "PENDING", source: options.initiatedBy, createdAt: now } });
    await recordAudit(tx, actor, {
      action: "payment.initiate",
      targetType: "payment",
      targetId: created.id,
      instanceId: instance.id,
      after: { provider, planCode: quote.planCode, purpose: quote.purpose, amountMinor: quote.amountMinor, creditMinor: quote.creditMinor, currency: quote.currency },
    });
    return created;
  });
  return callProvider(payment);

  async function callProvider(payment: Payment): Promise<InitiateResponse> {
    const base = env().APP_URL;
    const stored = payment.metadata as { saveMethod?: unknown } | null;
    let result: PaymentResult;
    try {
      result = await adapter.initiate({
        paymentId: payment.id,
        amountMinor: payment.amountMinor,
        currency: payment.currency.trim(),
        description: `AfrikaPharma — ${instance.name} (${payment.planCode})`,
        payer: { email: instance.ownerEmail, name: instance.ownerName, phone: instance.ownerPhone, locale: instance.settings?.locale === "en" ? "en" : "fr" },
        phone: payment.payerPhone ?? undefined,
        successUrl: `${base}/pay/result/${payment.id}?status=success`,
        cancelUrl: `${base}/pay/result/${payment.id}?status=canceled`,
        idempotencyKey: payment.idempotencyKey,
        saveMethod: typeof stored?.saveMethod === "boolean" ? stored.saveMethod : request.saveMethod && payment.planCode !== "LIFETIME",
        sandboxCardNumber: provider === "SANDBOX" ? request.cardNumber : undefined,
        metadata: { paymentId: payment.id, instanceId: instance.id, subscriptionId: subscription.id },
      });
    } catch (error) {
      if (error instanceof ProviderUnavailableError) {
        await prisma.paymentEvent.create({ data: { paymentId: payment.id, type: "provider_unavailable", source: options.initiatedBy, data: { message: error.message }, createdAt: now } });
        logger.warn({ paymentId: payment.id, provider }, "payment provider unavailable at initiation; the payment stays pending for reconciliation");
        throw new AppError("provider_unavailable", `${provider.toLowerCase()} did not answer. The payment ${payment.id} stays pending and will be reconciled; try again in a moment.`, [
          { message: "pending", paymentId: payment.id },
        ]);
      }
      throw error;
    }
    const settled = await recordProviderResult({ paymentId: payment.id, result, ctx: { now, actor, source: options.initiatedBy === "owner" ? "owner" : "api" } });
    return responseOf(settled, result.nextAction, result.failure);
  }
}

/** What the payer of a payment already known must do next. */
function nextActionOf(payment: Payment): NextAction {
  if (payment.status !== "PENDING") return { type: "none" };
  if (payment.checkoutUrl) return { type: "redirect", url: payment.checkoutUrl };
  if (payment.payerPhone && payment.providerReference) return { type: "approve_on_phone", phone: payment.payerPhone };
  return { type: "none" };
}

function responseOf(
  payment: { id: string; status: string; provider: PaymentProvider; amountMinor: number; creditMinor: number; currency: string; planCode: PlanCode },
  nextAction: NextAction,
  failure?: { code: string; message: string },
): InitiateResponse {
  return {
    paymentId: payment.id,
    status: payment.status,
    provider: payment.provider,
    amountMinor: payment.amountMinor,
    creditMinor: payment.creditMinor,
    currency: payment.currency.trim(),
    planCode: payment.planCode,
    nextAction,
    ...(failure ? { failure } : {}),
  };
}

/**
 * Stores what a provider answered (reference, next action, saved method) and settles a final
 * outcome. Used after initiation, by reconciliation and by the daily job's renewals.
 */
export async function recordProviderResult(options: { paymentId: string; result: Omit<PaymentResult, "nextAction"> & { nextAction?: NextAction }; ctx: SettleContext }) {
  const { paymentId, result, ctx } = options;
  const { reactivated } = await prisma.$transaction(async (tx) => {
    const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    const methodId = await savePaymentMethod(tx, payment, result.savedMethod);
    await tx.payment.update({
      where: { id: paymentId },
      data: {
        providerReference: payment.providerReference ?? result.providerReference ?? null,
        checkoutUrl: result.nextAction?.type === "redirect" ? result.nextAction.url : payment.checkoutUrl,
        paymentMethodId: methodId ?? payment.paymentMethodId,
        lastReconciledAt: ctx.source === "reconcile" ? ctx.now : payment.lastReconciledAt,
      },
    });
    let reactivated: string[] = [];
    if (result.outcome === "succeeded") reactivated = (await applySucceededPayments(tx, [paymentId], ctx)).reactivatedInstanceIds;
    else if (result.outcome === "failed" || result.outcome === "canceled") {
      const failure = result.failure ?? { code: result.outcome, message: result.outcome === "canceled" ? "Paiement annulé." : "Paiement refusé." };
      await applyFailedPayments(tx, [{ paymentId, code: failure.code, message: failure.message }], ctx, { status: result.outcome === "canceled" ? "CANCELED" : "FAILED" });
    }
    return { reactivated };
  });
  if (reactivated.length) await syncDeployments(reactivated, ctx.now);
  return prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
}

export const ZManualPaymentRequest = z.object({
  instanceId: z.string().min(1).max(64),
  planType: z.enum(["monthly", "annual", "lifetime"]).optional(),
  method: z.enum(["cash", "bank_transfer", "mobile_money", "cheque", "other"]),
  reference: z.string().trim().min(2, "is required (receipt or transfer number)").max(120),
  amount: z.number().positive().max(100_000_000).optional(),
  note: z.string().trim().max(500).optional(),
});
export type TManualPaymentRequest = z.infer<typeof ZManualPaymentRequest>;

/** A super-admin records a cash or bank-transfer payment; its reference can be recorded once. */
export async function recordManualPayment(options: { request: TManualPaymentRequest; actor: Actor; now: Date }) {
  const { request, actor, now } = options;
  const { reactivated, paymentId } = await prisma.$transaction(async (tx) => {
    const { instance, subscription } = await loadForPayment(tx, request.instanceId);
    const quote = await quotePayment(tx, {
      subscription,
      currency: instance.settings?.currency?.trim() ?? "EUR",
      planCode: request.planType ? (request.planType.toUpperCase() as PlanCode) : undefined,
      now,
    });
    assertClientAmount(request.amount, quote);
    const payment = await tx.payment.create({
      data: {
        instanceId: instance.id,
        subscriptionId: subscription.id,
        planCode: quote.planCode,
        purpose: quote.purpose,
        provider: "MANUAL",
        amountMinor: quote.amountMinor,
        creditMinor: quote.creditMinor,
        currency: quote.currency,
        providerReference: request.reference,
        manualMethod: request.method,
        recordedById: actor.id ?? null,
        idempotencyKey: `manual:${crypto.randomUUID()}`,
        initiatedBy: "admin",
        metadata: request.note ? { note: request.note } : {},
        createdAt: now,
      },
    });
    await tx.paymentEvent.create({ data: { paymentId: payment.id, type: "recorded", toStatus: "PENDING", source: "admin", data: { method: request.method }, createdAt: now } });
    await recordAudit(tx, actor, {
      action: "payment.record_manual",
      targetType: "payment",
      targetId: payment.id,
      instanceId: instance.id,
      after: { method: request.method, reference: request.reference, planCode: quote.planCode, amountMinor: quote.amountMinor, currency: quote.currency },
    });
    const settled = await applySucceededPayments(tx, [payment.id], { now, actor, source: "admin" });
    return { reactivated: settled.reactivatedInstanceIds, paymentId: payment.id };
  }).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `A manual payment with the reference "${request.reference}" was already recorded.`, [{ path: "reference", message: "already recorded" }]);
    }
    throw error;
  });
  if (reactivated.length) await syncDeployments(reactivated, now);
  return getPaymentOrThrow(paymentId);
}

export async function getPaymentOrThrow(id: string) {
  const payment = await prisma.payment.findUnique({
    where: { id },
    include: { events: { orderBy: { id: "asc" } }, refunds: { orderBy: { createdAt: "asc" } }, invoice: true, instance: { select: { id: true, name: true, subdomain: true } } },
  });
  if (!payment) throw notFound("Payment", id);
  return { ...payment, events: payment.events.map((e) => ({ ...e, id: e.id.toString() })) };
}

export const ZListPaymentsQuery = z.object({
  status: z.enum(["PENDING", "SUCCEEDED", "FAILED", "CANCELED", "PARTIALLY_REFUNDED", "REFUNDED"]).optional(),
  provider: z.enum(["STRIPE", "AVADAPAY", "STROWALLET", "MANUAL", "SANDBOX"]).optional(),
  instanceId: z.string().max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type TListPaymentsQuery = z.infer<typeof ZListPaymentsQuery>;

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw new AppError("validation_failed", "cursor is invalid.", [{ path: "cursor", message: "invalid" }]);
  return { createdAt, id };
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export async function listPayments(query: TListPaymentsQuery) {
  const after = decodeCursor(query.cursor);
  const where: Prisma.PaymentWhereInput = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.provider ? { provider: query.provider } : {}),
    ...(query.instanceId ? { instanceId: query.instanceId } : {}),
    ...(query.from || query.to
      ? { createdAt: { ...(query.from ? { gte: new Date(`${query.from}T00:00:00Z`) } : {}), ...(query.to ? { lt: new Date(new Date(`${query.to}T00:00:00Z`).getTime() + 86_400_000) } : {}) } }
      : {}),
  };
  const rows = await prisma.payment.findMany({
    where: after ? { AND: [where, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] } : where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { instance: { select: { name: true, subdomain: true } }, invoice: { select: { id: true, number: true } } },
  });
  const page = rows.slice(0, query.limit);
  return { data: page, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!) : null };
}
