/**
 * Payments end to end: the real adapters aimed at the loopback fakes, the real route handlers
 * called in-process, and readings of what the database holds afterwards.
 */
import * as initiateRoute from "@/app/api/payments/initiate/route";
import * as paymentRoute from "@/app/api/admin/payments/[id]/route";
import * as reconcileRoute from "@/app/api/admin/payments/[id]/reconcile/route";
import * as refundRoute from "@/app/api/admin/payments/[id]/refund/route";
import * as avadapayWebhook from "@/app/api/webhooks/avadapay/route";
import * as stripeWebhook from "@/app/api/webhooks/stripe/route";
import * as strowalletWebhook from "@/app/api/webhooks/strowallet/route";
import { defaultCurrency } from "@/lib/countries";
import { prisma } from "@/lib/db";
import { env, resetEnvCache } from "@/lib/env";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { seedPlans } from "@/lib/services/plan.service";
import { getPlanByCodeOrThrow } from "@/lib/services/plan.service";
import { createInitialSubscription } from "@/lib/services/subscription.service";
import type { SignedDelivery } from "../fakes/loopback";
import { uid } from "./factories";
import { call } from "./http";
import { uniquePhone } from "./notifications";

/** Sets variables for this test file and drops lib/env's cache so they are validated again. */
export function configureEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
  env();
}

let plans: Promise<void> | undefined;
/** The four plans, with CDF prices derived when CDF_PER_EUR is configured. */
export function ensurePaymentPlans(): Promise<void> {
  const rate = env().CDF_PER_EUR;
  plans ??= seedPlans(prisma, rate ? { CDF: rate } : {});
  return plans;
}

/**
 * A running instance on its trial with a subscription made by the real service, without the
 * provisioning steps (no tenant database or deployment: payments do not touch them). The currency
 * is the country's default, as instance creation chooses it, unless given.
 */
export async function billableInstance(options: { country?: string; currency?: string; phone?: string; now?: Date } = {}) {
  await ensurePaymentPlans();
  const now = options.now ?? new Date();
  const country = options.country ?? "CD";
  const currency = options.currency ?? defaultCurrency(country, Boolean(env().CDF_PER_EUR));
  const plan = await getPlanByCodeOrThrow("TRIAL");
  const id = uid(10);
  return prisma.$transaction(async (tx) => {
    const instance = await tx.instance.create({
      data: {
        name: `Pharmacie ${id}`,
        subdomain: `pay-${id}`,
        ownerName: `Owner ${id}`,
        ownerEmail: `owner-${id}@test.afp`,
        ownerPhone: options.phone ?? approvingPhone(),
        country,
        status: "ACTIVE",
        provisionedAt: now,
        createdAt: now,
        settings: { create: { locale: "fr", currency } },
      },
    });
    const subscription = await createInitialSubscription(tx, { instanceId: instance.id, plan, currency, now });
    return { ...instance, currency, subscription };
  });
}

const WEBHOOKS = { STRIPE: stripeWebhook.POST, AVADAPAY: avadapayWebhook.POST, STROWALLET: strowalletWebhook.POST } as const;
export type WebhookProvider = keyof typeof WEBHOOKS;

/** POST /api/webhooks/<provider> with the delivery's exact bytes and headers. */
export function deliverWebhook(provider: WebhookProvider, delivery: SignedDelivery) {
  return call(WEBHOOKS[provider], "POST", `/api/webhooks/${provider.toLowerCase()}`, { rawBody: delivery.payload, headers: delivery.headers, origin: null });
}

/** POST /api/payments/initiate as a super-admin's API token. */
export function initiateViaApi(token: string, body: Record<string, unknown>, idempotencyKey?: string) {
  return call(initiateRoute.POST, "POST", "/api/payments/initiate", { token, body, headers: idempotencyKey ? { "idempotency-key": idempotencyKey } : undefined });
}

export function refundViaApi(token: string, paymentId: string, body: Record<string, unknown>) {
  return call(refundRoute.POST, "POST", `/api/admin/payments/${paymentId}/refund`, { token, body, params: { id: paymentId } });
}

export function reconcileViaApi(token: string, paymentId: string) {
  return call(reconcileRoute.POST, "POST", `/api/admin/payments/${paymentId}/reconcile`, { token, params: { id: paymentId } });
}

export function paymentViaApi(token: string, paymentId: string) {
  return call(paymentRoute.GET, "GET", `/api/admin/payments/${paymentId}`, { token, params: { id: paymentId } });
}

/** Row counts of every table a payment, a webhook or a refund writes to, to prove "nothing written". */
export async function writeCounts() {
  const [row] = await prisma.$queryRaw<Record<string, bigint>[]>`
    SELECT (SELECT count(*) FROM webhook_events) AS webhook_events, (SELECT count(*) FROM payments) AS payments,
           (SELECT count(*) FROM payment_events) AS payment_events, (SELECT count(*) FROM invoices) AS invoices,
           (SELECT count(*) FROM refunds) AS refunds, (SELECT count(*) FROM payment_methods) AS payment_methods,
           (SELECT count(*) FROM subscription_periods) AS subscription_periods, (SELECT count(*) FROM audit_logs) AS audit_logs,
           (SELECT count(*) FROM notifications) AS notifications,
           (SELECT coalesce(max(updated_at), 'epoch') FROM payments)::text AS payments_updated,
           (SELECT coalesce(max(updated_at), 'epoch') FROM subscriptions)::text AS subscriptions_updated`;
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));
}

/** Everything one payment left behind. */
export async function paymentState(paymentId: string) {
  const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { events: { orderBy: { id: "asc" } }, invoice: true, refunds: { orderBy: { createdAt: "asc" } }, paymentMethod: true } });
  const subscription = await prisma.subscription.findUniqueOrThrow({ where: { id: payment.subscriptionId }, include: { plan: true } });
  const instance = await prisma.instance.findUniqueOrThrow({ where: { id: payment.instanceId } });
  return { payment, subscription, instance };
}

/** Invoice numbers of each year run 1…n with no gap and no repeat, and match their counter. */
export async function invoiceNumberingProblems(): Promise<string[]> {
  const invoices = await prisma.invoice.findMany({ orderBy: [{ year: "asc" }, { sequence: "asc" }] });
  const counters = await prisma.invoiceCounter.findMany();
  const problems: string[] = [];
  for (const year of new Set(invoices.map((i) => i.year))) {
    const ofYear = invoices.filter((i) => i.year === year);
    ofYear.forEach((invoice, index) => {
      if (invoice.sequence !== index + 1) problems.push(`${year}: position ${index + 1} holds sequence ${invoice.sequence}`);
      if (invoice.number !== `AFP-${year}-${String(invoice.sequence).padStart(6, "0")}`) problems.push(`${invoice.number} does not spell sequence ${invoice.sequence}`);
    });
    const counter = counters.find((c) => c.year === year);
    if (counter?.lastNumber !== ofYear.length) problems.push(`${year}: counter at ${counter?.lastNumber}, ${ofYear.length} invoices`);
  }
  return problems;
}

/** Payments that ever went from SUCCEEDED (or a refund state) back to FAILED or CANCELED. */
export async function regressions(): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ payment_id: string; from_status: string; to_status: string }[]>`
    SELECT payment_id, from_status::text, to_status::text FROM payment_events
    WHERE from_status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND to_status IN ('PENDING', 'FAILED', 'CANCELED')`;
  return rows.map((r) => `${r.payment_id}: ${r.from_status} → ${r.to_status}`);
}

export const providerOf = (name: string): PaymentProvider => name.toUpperCase() as PaymentProvider;

/** A unique DRC mobile-money number on M-Pesa that the AvadaPay fake approves (does not end in 0000/1111/2222/3333). */
export function approvingPhone(): string {
  for (let i = 0; i < 20; i += 1) {
    const phone = uniquePhone();
    if (!/(0000|1111|2222|3333)$/.test(phone)) return phone;
  }
  throw new Error("could not draw an approving phone number");
}
