/**
 * Strowallet (cards) end to end: the real adapter against the loopback fake, hosted checkouts,
 * saved-card renewals, webhooks signed with HMAC-SHA256 — in XOF, a zero-decimal currency (a
 * pharmacy in Senegal), so the wire's decimal strings are checked without cents.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addMonths, isoDate } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createStrowalletAdapter } from "@/lib/providers/payments/strowallet";
import { renewSubscriptions } from "@/lib/services/jobs/renewals";
import { fakeId } from "../fakes/loopback";
import { startStrowalletFake, type StrowalletFake } from "../fakes/strowallet";
import { createAdminWithToken } from "../helpers/factories";
import { testActor } from "../helpers/instances";
import { describePaymentProviderContract } from "../helpers/payment-contract";
import { billableInstance, configureEnv, deliverWebhook, initiateViaApi, paymentState, refundViaApi } from "../helpers/payments";

let fake: StrowalletFake;

const paymentOf = (paymentId: string) => {
  const payment = fake.paymentFor(paymentId);
  if (!payment) throw new Error(`no Strowallet payment for ${paymentId}`);
  return payment;
};

describePaymentProviderContract({
  provider: "STROWALLET",
  paymentMethod: "strowallet",
  country: "SN",
  currency: "XOF",
  signatureHeader: "x-strowallet-signature",
  async start() {
    fake = await startStrowalletFake();
    configureEnv({
      PAYMENT_PROVIDERS: "sandbox,strowallet",
      STROWALLET_PUBLIC_KEY: fake.publicKey,
      STROWALLET_SECRET_KEY: fake.secretKey,
      STROWALLET_WEBHOOK_SECRET: fake.webhookSecret,
      STROWALLET_API_URL: fake.url,
    });
    setPaymentAdapterForTests(
      "STROWALLET",
      createStrowalletAdapter({ publicKey: fake.publicKey, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url, callbackUrl: "http://localhost:3001/api/webhooks/strowallet", timeoutMs: 500 }),
    );
    return fake;
  },
  stop: () => fake.close(),
  initiateExtras: () => ({}),
  initiationRoute: { method: "POST", path: "/api/v1/card-payments" },
  retrieveRoute: { method: "GET", path: /^\/api\/v1\/card-payments\/stw_pay_/ },
  providerObjectsFor: (paymentId) => [...fake.payments.values()].filter((p) => p.merchant_reference === paymentId).length,
  pay: (reference) => fake.payCheckout(reference),
  payByPaymentId: (paymentId) => fake.payCheckout(paymentOf(paymentId).reference),
  decline: (reference) => ({ delivery: fake.payCheckout(reference, { card: "4000000000000002" }), status: "FAILED" }),
  failureOf(success) {
    const body = JSON.parse(success.payload);
    return fake.sign({ ...body, id: fakeId("stw_evt_", 20), event: "payment.failed", data: { ...body.data, status: "failed", failure_code: "card_declined", failure_message: "The card was declined by the issuer.", card: null } });
  },
  unknownPayment: () =>
    fake.sign({
      id: fakeId("stw_evt_", 20),
      event: "payment.succeeded",
      created_at: new Date().toISOString(),
      data: { reference: fakeId("stw_pay_", 20), merchant_reference: "pay_not_ours", status: "succeeded", amount: "32798", currency: "XOF", amount_refunded: "0" },
    }),
  resign: (delivery, secret) => fake.sign(JSON.parse(delivery.payload), secret),
  refundedAtProvider: (reference) => [...fake.refunds.values()].filter((r) => r.payment_reference === reference && r.status === "succeeded").reduce((sum, r) => sum + Number(r.amount), 0),
  declineSavedMethod: (token) => fake.setCardBehavior(token, "card_declined"),
});

describe("STROWALLET: specifics", () => {
  let token: string;
  beforeAll(async () => {
    token = (await createAdminWithToken("SUPER_ADMIN")).token;
  });

  it("sends XOF as whole francs and reads them back exactly", async () => {
    const instance = await billableInstance({ country: "SN" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "card", planType: "monthly", amount: 32_798 });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ provider: "STROWALLET", currency: "XOF", amountMinor: 32_798, nextAction: { type: "redirect" } });
    const checkout = paymentOf(res.json.paymentId);
    expect(checkout).toMatchObject({ amount: "32798", currency: "XOF", save_card: true });
    const [request] = fake.requestsTo({ method: "POST", path: "/api/v1/card-payments" }).filter((r) => (r.body as { merchant_reference?: string }).merchant_reference === res.json.paymentId);
    expect(request!.headers["idempotency-key"]).toMatch(/^init:/);
    expect((await deliverWebhook("STROWALLET", fake.payCheckout(checkout.reference, { card: "5555555555554444" }))).status).toBe(200);
    const { payment } = await paymentState(res.json.paymentId);
    expect(payment.invoice).toMatchObject({ amountMinor: 32_798, currency: "XOF", paymentMethod: "Strowallet (carte)" });
    expect(payment.paymentMethod).toMatchObject({ type: "card", brand: "mastercard", last4: "4444", externalCustomerId: checkout.customer_id });
  });

  it("renews on the saved card without the payer, with the payment's key, and the card's later webhook changes nothing", async () => {
    const instance = await billableInstance({ country: "SN" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "strowallet", planType: "monthly" });
    expect((await deliverWebhook("STROWALLET", fake.payCheckout(paymentOf(res.json.paymentId).reference))).status).toBe(200);
    const { subscription, payment: paid } = await paymentState(res.json.paymentId);
    const now = new Date(subscription.currentPeriodEnd!.getTime() - 6 * 3_600_000);
    await renewSubscriptions({ runDate: isoDate(now), now, actor: testActor, batchSize: 100, deadline: Date.now() + 60_000, reminderWindowDays: 2, clock: Date.now });
    const renewal = await prisma.payment.findFirstOrThrow({ where: { subscriptionId: subscription.id, purpose: "RENEWAL" } });
    expect(renewal).toMatchObject({ status: "SUCCEEDED", initiatedBy: "system", amountMinor: 32_798, paymentMethodId: paid.paymentMethodId });
    const [charge] = fake.requestsTo({ method: "POST", path: "/api/v1/card-payments/charge" }).filter((r) => (r.body as { merchant_reference?: string }).merchant_reference === renewal.id);
    expect(charge!.headers["idempotency-key"]).toBe(renewal.idempotencyKey);
    expect(charge!.body).toMatchObject({ card_token: paid.paymentMethod!.externalMethodId, customer_id: paid.paymentMethod!.externalCustomerId, amount: "32798", currency: "XOF" });

    const settled = await paymentState(renewal.id);
    expect(settled.subscription.currentPeriodEnd!.toISOString()).toBe(addMonths(subscription.currentPeriodEnd!, 1).toISOString());
    expect((await deliverWebhook("STROWALLET", fake.webhookFor(renewal.providerReference!))).status).toBe(200);
    const after = await paymentState(renewal.id);
    expect(after.subscription).toMatchObject({ paidPeriods: 2, currentPeriodEnd: settled.subscription.currentPeriodEnd });
    expect(await prisma.invoice.count({ where: { paymentId: renewal.id } })).toBe(1);
  });

  it("finishes a pending refund from its webhook once, and a failed refund frees the amount again", async () => {
    const instance = await billableInstance({ country: "SN" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "strowallet", planType: "monthly" });
    const reference = paymentOf(res.json.paymentId).reference;
    expect((await deliverWebhook("STROWALLET", fake.payCheckout(reference))).status).toBe(200);

    fake.setRefundStatus("pending");
    const first = await refundViaApi(token, res.json.paymentId, { amountMinor: 10_000, reason: "Remboursement partiel" });
    const second = await refundViaApi(token, res.json.paymentId, { amountMinor: 20_000, reason: "Deuxième remboursement" });
    fake.setRefundStatus("succeeded");
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await refundViaApi(token, res.json.paymentId, { amountMinor: 2_799, reason: "Au-delà du reste" })).status).toBe(422);

    const ok = fake.settleRefund(first.json.providerReference, "succeeded");
    const ko = fake.settleRefund(second.json.providerReference, "failed");
    for (const delivery of [ok, ok, ko, ko]) expect((await deliverWebhook("STROWALLET", delivery)).status).toBe(200);
    const { payment } = await paymentState(res.json.paymentId);
    expect(payment).toMatchObject({ status: "PARTIALLY_REFUNDED", amountRefundedMinor: 10_000 });
    expect(payment.refunds.map((r) => [r.amountMinor, r.status])).toEqual([
      [10_000, "SUCCEEDED"],
      [20_000, "FAILED"],
    ]);
    const rest = await refundViaApi(token, res.json.paymentId, { reason: "Le reste" });
    expect(rest.status, rest.text).toBe(201);
    expect(rest.json).toMatchObject({ status: "SUCCEEDED", amountMinor: 22_798 });
    expect((await paymentState(res.json.paymentId)).payment).toMatchObject({ status: "REFUNDED", amountRefundedMinor: 32_798 });
  });

  it("ends the subscription and suspends the pharmacy when a full refund is asked to, and tells the owner", async () => {
    const instance = await billableInstance({ country: "SN" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "strowallet", planType: "monthly" });
    expect((await deliverWebhook("STROWALLET", fake.payCheckout(paymentOf(res.json.paymentId).reference))).status).toBe(200);
    const refund = await refundViaApi(token, res.json.paymentId, { reason: "Résiliation demandée", endSubscription: true });
    expect(refund.status, refund.text).toBe(201);
    const { payment, subscription, instance: after } = await paymentState(res.json.paymentId);
    expect(payment).toMatchObject({ status: "REFUNDED", amountRefundedMinor: 32_798 });
    expect(subscription).toMatchObject({ status: "CANCELED", autoRenew: false });
    expect(after).toMatchObject({ status: "SUSPENDED", suspendedReason: "subscription_expired" });
    expect(await prisma.notification.count({ where: { instanceId: instance.id, templateKey: "refund_issued" } })).toBeGreaterThanOrEqual(1);
  });
});
