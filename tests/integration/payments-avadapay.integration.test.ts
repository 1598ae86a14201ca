/**
 * AvadaPay (DRC mobile money) end to end: the real adapter against the loopback fake, pushes to the
 * payer's phone, callbacks signed with HMAC-SHA256, in CDF — the currency a DRC pharmacy pays in
 * once CDF_PER_EUR is configured.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createAvadapayAdapter } from "@/lib/providers/payments/avadapay";
import { startAvadapayFake, type AvadapayFake } from "../fakes/avadapay";
import { fakeId } from "../fakes/loopback";
import { createAdminWithToken } from "../helpers/factories";
import { makeInstance } from "../helpers/instances";
import { describePaymentProviderContract } from "../helpers/payment-contract";
import { approvingPhone, billableInstance, configureEnv, ensurePaymentPlans, deliverWebhook, initiateViaApi, paymentState } from "../helpers/payments";

const CDF_PER_EUR = 2900;
let fake: AvadapayFake;

const transactionOf = (paymentId: string) => {
  const tx = fake.transactionFor(paymentId);
  if (!tx) throw new Error(`no AvadaPay transaction for ${paymentId}`);
  return tx;
};

describePaymentProviderContract({
  provider: "AVADAPAY",
  paymentMethod: "avadapay",
  country: "CD",
  currency: "CDF",
  signatureHeader: "x-avadapay-signature",
  async start() {
    fake = await startAvadapayFake();
    configureEnv({
      PAYMENT_PROVIDERS: "sandbox,avadapay",
      AVADAPAY_API_KEY: fake.apiKey,
      AVADAPAY_MERCHANT_ID: fake.merchantId,
      AVADAPAY_WEBHOOK_SECRET: fake.webhookSecret,
      AVADAPAY_API_URL: fake.url,
      CDF_PER_EUR: String(CDF_PER_EUR),
    });
    setPaymentAdapterForTests(
      "AVADAPAY",
      createAvadapayAdapter({ apiKey: fake.apiKey, merchantId: fake.merchantId, webhookSecret: fake.webhookSecret, apiUrl: fake.url, callbackUrl: "http://localhost:3001/api/webhooks/avadapay", timeoutMs: 500 }),
    );
    return fake;
  },
  stop: () => fake.close(),
  initiateExtras: (instance) => ({ phone: instance.ownerPhone }),
  initiationRoute: { method: "POST", path: "/v1/payments" },
  retrieveRoute: { method: "GET", path: /^\/v1\/payments\// },
  providerObjectsFor: (paymentId) => [...fake.transactions.values()].filter((t) => t.reference === paymentId).length,
  pay: (reference) => fake.approve(reference),
  payByPaymentId: (paymentId) => fake.approve(transactionOf(paymentId).transaction_id),
  decline: (reference) => ({ delivery: fake.reject(reference), status: "FAILED" }),
  failureOf(success) {
    const body = JSON.parse(success.payload);
    return fake.sign({ ...body, event_id: fakeId("avp_evt_", 20), type: "payment.failed", failure_reason: "rejected_by_payer", failure_message: "The subscriber rejected the payment request." });
  },
  unknownPayment: () =>
    fake.sign({
      event_id: fakeId("avp_evt_", 20),
      type: "payment.succeeded",
      transaction_id: fakeId("avp_tx_", 20),
      reference: "pay_not_ours",
      amount: "145000.00",
      currency: "CDF",
      phone: "243812345678",
      operator: "MPESA",
      occurred_at: new Date().toISOString(),
    }),
  resign: (delivery, secret) => fake.sign(JSON.parse(delivery.payload), secret),
  refundedAtProvider: (reference) =>
    [...fake.refunds.values()].filter((r) => r.transaction_id === reference && r.status === "SUCCEEDED").reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0),
  declineSavedMethod: () => undefined,
  renewalFailure: (paymentId) => fake.reject(transactionOf(paymentId).transaction_id),
});

describe("AVADAPAY: a pharmacy in the DRC", () => {
  let token: string;
  beforeAll(async () => {
    token = (await createAdminWithToken("SUPER_ADMIN")).token;
    await ensurePaymentPlans();
  });

  it("is created in CDF when CDF_PER_EUR is configured and pays the derived CDF price by mobile money", async () => {
    const instance = await makeInstance({ country: "CD", planType: "trial", ownerPhone: approvingPhone() });
    expect(instance.settings?.currency).toBe("CDF");
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "mobile_money", planType: "monthly", phone: instance.ownerPhone, amount: 145_000 });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ provider: "AVADAPAY", currency: "CDF", amountMinor: 50 * CDF_PER_EUR * 100, status: "PENDING", nextAction: { type: "approve_on_phone", phone: instance.ownerPhone } });
    const push = transactionOf(res.json.paymentId);
    expect(push).toMatchObject({ amount: "145000.00", currency: "CDF", phone: instance.ownerPhone!.slice(1), operator: "MPESA" });
    expect((await deliverWebhook("AVADAPAY", fake.approve(push.transaction_id))).status).toBe(200);
    const { payment, subscription } = await paymentState(res.json.paymentId);
    expect(payment.invoice).toMatchObject({ amountMinor: 14_500_000, currency: "CDF", paymentMethod: "AvadaPay (mobile money)" });
    expect(payment.paymentMethod).toMatchObject({ type: "mobile_money", phone: instance.ownerPhone, brand: "MPESA" });
    expect(subscription).toMatchObject({ status: "ACTIVE", currency: "CDF", amountMinor: 14_500_000 });
  });

  it("fails a push the operator refuses at once (insufficient funds) without counting it against the owner", async () => {
    const instance = await billableInstance({ country: "CD" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "avadapay", planType: "monthly", phone: "+243812341111" });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ status: "FAILED", failure: { code: "insufficient_funds" }, nextAction: { type: "none" } });
    const { payment, subscription } = await paymentState(res.json.paymentId);
    expect(payment).toMatchObject({ status: "FAILED", failureCode: "insufficient_funds", payerPhone: "+243812341111" });
    expect(subscription.failedPaymentCount).toBe(0);
  });

  it("keeps one saved phone per pharmacy when two pharmacies pay from the same phone", async () => {
    const phone = approvingPhone();
    const paid: Array<{ instanceId: string; methodId: string | null }> = [];
    for (const instance of [await billableInstance({ country: "CD", phone }), await billableInstance({ country: "CD", phone })]) {
      const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "avadapay", planType: "monthly", phone });
      expect(res.status, res.text).toBe(201);
      expect((await deliverWebhook("AVADAPAY", fake.approve(transactionOf(res.json.paymentId).transaction_id))).status).toBe(200);
      const { subscription } = await paymentState(res.json.paymentId);
      paid.push({ instanceId: instance.id, methodId: subscription.defaultPaymentMethodId });
    }
    const methods = await prisma.paymentMethod.findMany({ where: { id: { in: paid.map((p) => p.methodId!) } } });
    expect(methods).toHaveLength(2);
    for (const p of paid) expect(methods.find((m) => m.id === p.methodId)).toMatchObject({ instanceId: p.instanceId, phone, type: "mobile_money" });

  });

  it("asks for a phone for mobile money (422) and writes nothing", async () => {
    const instance = await billableInstance({ country: "CD" });
    const before = await prisma.payment.count();
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "avadapay", planType: "monthly" });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "validation_failed", details: [{ path: "phone", message: "required" }] });
    expect(await prisma.payment.count()).toBe(before);
  });

  it("does not settle a success reported in another currency than the payment's, and records why", async () => {
    const instance = await billableInstance({ country: "CD" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "avadapay", planType: "monthly", phone: instance.ownerPhone });
    expect(res.status, res.text).toBe(201);
    const push = transactionOf(res.json.paymentId);
    const genuine = fake.approve(push.transaction_id);
    const otherCurrency = fake.sign({ ...JSON.parse(genuine.payload), event_id: fakeId("avp_evt_", 20), currency: "USD" });
    const res2 = await deliverWebhook("AVADAPAY", otherCurrency);
    expect(res2.status, res2.text).toBe(200);
    expect(res2.json).toMatchObject({ ignored: true, amountMismatch: true });
    expect((await paymentState(res.json.paymentId)).payment.status).toBe("PENDING");
    const recorded = await prisma.webhookEvent.findFirstOrThrow({ where: { provider: "avadapay", eventId: JSON.parse(otherCurrency.payload).event_id } });
    expect(recorded).toMatchObject({ status: "IGNORED" });
    expect(recorded.error).toContain("USD");
    expect((await deliverWebhook("AVADAPAY", genuine)).json).toMatchObject({ processed: true });
    expect((await paymentState(res.json.paymentId)).payment.status).toBe("SUCCEEDED");
  });
});
