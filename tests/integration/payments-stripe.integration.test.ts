/**
 * Stripe end to end: the real `stripe` SDK aimed at the loopback fake, Checkout Sessions for
 * payments, off-session PaymentIntents for renewals, webhooks signed like Stripe's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { addDays, addMonths, isoDate } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createStripeAdapter } from "@/lib/providers/payments/stripe";
import { fakeId } from "../fakes/loopback";
import { startStripeFake, type StripeFake } from "../fakes/stripe";
import { renewSubscriptions } from "@/lib/services/jobs/renewals";
import { reconcilePayments } from "@/lib/services/reconcile.service";
import { createAdminWithToken } from "../helpers/factories";
import { testActor } from "../helpers/instances";
import { describePaymentProviderContract } from "../helpers/payment-contract";
import * as initiateRoute from "@/app/api/payments/initiate/route";
import * as paymentsRoute from "@/app/api/admin/payments/route";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { call } from "../helpers/http";
import { billableInstance, configureEnv, deliverWebhook, initiateViaApi, paymentState, paymentViaApi, refundViaApi, writeCounts } from "../helpers/payments";

let fake: StripeFake;

function sessionOf(paymentId: string) {
  return [...fake.store.sessions.values()].find((s) => s.metadata?.paymentId === paymentId);
}

describePaymentProviderContract({
  provider: "STRIPE",
  paymentMethod: "stripe",
  country: "FR",
  currency: "EUR",
  signatureHeader: "stripe-signature",
  async start() {
    fake = await startStripeFake();
    configureEnv({ PAYMENT_PROVIDERS: "sandbox,stripe", STRIPE_SECRET_KEY: fake.secretKey, STRIPE_WEBHOOK_SECRET: fake.webhookSecret, STRIPE_API_URL: fake.url });
    setPaymentAdapterForTests("STRIPE", createStripeAdapter({ secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url, timeoutMs: 700 }));
    return fake;
  },
  stop: () => fake.close(),
  initiateExtras: () => ({}),
  initiationRoute: { method: "POST", path: "/v1/checkout/sessions" },
  retrieveRoute: { method: "GET", path: /^\/v1\/checkout\/sessions\/cs_/ },
  providerObjectsFor: (paymentId) => [...fake.store.sessions.values()].filter((s) => s.metadata?.paymentId === paymentId).length,
  pay: (reference) => fake.completeCheckout(reference).delivery("checkout.session.completed"),
  payByPaymentId(paymentId) {
    const session = sessionOf(paymentId);
    if (!session) throw new Error(`no session for ${paymentId}`);
    return fake.completeCheckout(session.id).delivery("checkout.session.completed");
  },
  decline(reference) {
    // A declined card on the hosted page is not final; the session's expiry is.
    fake.completeCheckout(reference, { paymentMethod: "pm_card_chargeDeclined" });
    return { delivery: fake.expireCheckout(reference).delivery("checkout.session.expired"), status: "CANCELED" };
  },
  failureOf(success) {
    const event = JSON.parse(success.payload);
    return fake.signEvent({ type: "checkout.session.async_payment_failed", object: { ...event.data.object, payment_status: "unpaid" } });
  },
  unknownPayment: () =>
    fake.signEvent({
      type: "checkout.session.completed",
      object: { id: fakeId("cs_test_", 40), object: "checkout.session", status: "complete", payment_status: "paid", amount_total: 5000, currency: "eur", metadata: {}, client_reference_id: null, payment_intent: null },
    }),
  resign: (delivery, secret) => fake.signEvent(JSON.parse(delivery.payload), { secret }),
  refundedAtProvider(reference) {
    const intent = fake.store.sessions.get(reference)?.payment_intent;
    return [...fake.store.refunds.values()].filter((r) => r.payment_intent === intent && r.status === "succeeded").reduce((sum, r) => sum + r.amount, 0);
  },
  declineSavedMethod: (pm) => fake.setCardBehavior(pm, "decline"),
});

describe("STRIPE: specifics", () => {
  let token: string;
  beforeAll(async () => {
    token = (await createAdminWithToken("SUPER_ADMIN")).token;
  });

  async function pending(createdAt?: Date) {
    const instance = await billableInstance({ country: "FR", now: createdAt });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "stripe", planType: "monthly" });
    expect(res.status, res.text).toBe(201);
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: res.json.paymentId } });
    return { instance, payment, reference: payment.providerReference! };
  }

  it("refuses the seed's 49.99 for the 50 EUR monthly plan with 422 amount_mismatch and calls nobody", async () => {
    const instance = await billableInstance({ country: "FR" });
    const before = await writeCounts();
    const calls = fake.requests.length;
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "stripe", planType: "monthly", amount: 49.99 });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "amount_mismatch", details: [{ path: "amount", expected: 50, currency: "EUR", message: "expected 50" }] });
    expect(await writeCounts()).toEqual(before);
    expect(fake.requests.length).toBe(calls);
    const exact = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "stripe", planType: "monthly", amount: 50 });
    expect(exact.status, exact.text).toBe(201);
  });

  it("sends the session in the payment's currency and amount, with the card saved for renewals", async () => {
    const { payment, reference } = await pending();
    const session = fake.store.sessions.get(reference)!;
    expect(session).toMatchObject({ amount_total: 5000, currency: "eur", mode: "payment", client_reference_id: payment.id, metadata: { paymentId: payment.id } });
    expect(fake.store.sessionIntentData.get(reference)).toMatchObject({ setup_future_usage: "off_session", metadata: { paymentId: payment.id, afpFlow: "checkout" } });
    const [request] = fake.requestsTo({ method: "POST", path: "/v1/checkout/sessions" }).filter((r) => (r.body as { client_reference_id?: string }).client_reference_id === payment.id);
    expect(request!.headers["idempotency-key"]).toBe(payment.idempotencyKey);
  });

  it("treats a declined card on the hosted page as not final: the payer's next card settles the payment once", async () => {
    const { payment, reference } = await pending();
    const declined = fake.completeCheckout(reference, { paymentMethod: "pm_card_chargeDeclined" });
    const paid = fake.completeCheckout(reference, { paymentMethod: "pm_card_visa" });
    const all = [...declined.deliveries, ...paid.deliveries];
    for (const delivery of [...all].reverse()) expect((await deliverWebhook("STRIPE", delivery)).status).toBe(200);
    for (const delivery of all) expect((await deliverWebhook("STRIPE", delivery)).json).toMatchObject({ duplicate: true });
    const { payment: after } = await paymentState(payment.id);
    expect(after.status).toBe("SUCCEEDED");
    expect(after.events.map((e) => e.type).sort()).toEqual(["attempt_failed", "initiated", "succeeded"]);
    expect(after.events.map((e) => e.toStatus).filter(Boolean)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(after.paymentMethod).toMatchObject({ provider: "STRIPE", type: "card", brand: "visa", last4: "4242" });
    expect(after.paymentMethod!.externalCustomerId).toMatch(/^cus_/);
  });

  it("charges the saved card off-session at renewal with the payment's idempotency key; Stripe's own events change nothing after", async () => {
    const { payment, reference } = await pending();
    expect((await deliverWebhook("STRIPE", fake.completeCheckout(reference).delivery("checkout.session.completed"))).status).toBe(200);
    const { subscription } = await paymentState(payment.id);
    const now = new Date(subscription.currentPeriodEnd!.getTime() - 6 * 3_600_000);
    const step = await renewSubscriptions({ runDate: isoDate(now), now, actor: testActor, batchSize: 100, deadline: Date.now() + 60_000, reminderWindowDays: 2, clock: Date.now });
    expect(step.report.succeeded).toBeGreaterThanOrEqual(1);
    const renewal = await prisma.payment.findFirstOrThrow({ where: { subscriptionId: subscription.id, purpose: "RENEWAL" } });
    expect(renewal).toMatchObject({ status: "SUCCEEDED", initiatedBy: "system", amountMinor: 5000 });
    const intent = fake.store.intents.get(renewal.providerReference!)!;
    expect(intent).toMatchObject({ status: "succeeded", amount: 5000, currency: "eur", metadata: { paymentId: renewal.id, afpFlow: "off_session" } });
    const [charge] = fake.requestsTo({ method: "POST", path: "/v1/payment_intents" }).filter((r) => (r.body as { metadata?: { paymentId?: string } }).metadata?.paymentId === renewal.id);
    expect(charge!.headers["idempotency-key"]).toBe(renewal.idempotencyKey);
    expect(charge!.body).toMatchObject({ off_session: "true", confirm: "true" });

    const settled = await paymentState(renewal.id);
    expect(settled.subscription.currentPeriodEnd!.toISOString()).toBe(addMonths(subscription.currentPeriodEnd!, 1).toISOString());
    const events = fake.eventsOf().filter((e) => [intent.id, intent.latest_charge].includes((e.data.object as { id?: string }).id));
    expect(events.map((e) => e.type)).toContain("payment_intent.succeeded");
    for (const event of events) expect((await deliverWebhook("STRIPE", fake.signEvent(event))).status).toBe(200);
    const after = await paymentState(renewal.id);
    expect(after.payment.status).toBe("SUCCEEDED");
    expect(after.subscription.currentPeriodEnd).toEqual(settled.subscription.currentPeriodEnd);
    expect(after.subscription.paidPeriods).toBe(2);
    expect(await prisma.invoice.count({ where: { paymentId: renewal.id } })).toBe(1);
  });

  it("finishes a refund Stripe leaves pending when its webhook arrives, once, whatever the order of refund events", async () => {
    const { payment, reference } = await pending();
    expect((await deliverWebhook("STRIPE", fake.completeCheckout(reference).delivery("checkout.session.completed"))).status).toBe(200);
    fake.setRefundStatus("pending");
    const res = await refundViaApi(token, payment.id, { amountMinor: 1500, reason: "Erreur de facturation" });
    fake.setRefundStatus("succeeded");
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ status: "PENDING", amountMinor: 1500 });
    expect((await paymentState(payment.id)).payment).toMatchObject({ status: "SUCCEEDED", amountRefundedMinor: 0 });

    const overPending = await refundViaApi(token, payment.id, { amountMinor: 3501, reason: "Trop" });
    expect(overPending.status).toBe(422);

    const settled = fake.settleRefund(res.json.providerReference, "succeeded");
    for (const delivery of [...settled.deliveries].reverse()) expect((await deliverWebhook("STRIPE", delivery)).status).toBe(200);
    for (const delivery of settled.deliveries) expect((await deliverWebhook("STRIPE", delivery)).status).toBe(200);
    const { payment: after } = await paymentState(payment.id);
    expect(after).toMatchObject({ status: "PARTIALLY_REFUNDED", amountRefundedMinor: 1500 });
    expect(after.refunds.map((r) => r.status)).toEqual(["SUCCEEDED"]);
    expect(after.events.filter((e) => e.type === "refunded")).toHaveLength(1);
  });

  it("never refunds twice when Stripe's answer to a refund is lost: the retry reuses the pending refund and its key", async () => {
    const { payment, reference } = await pending();
    expect((await deliverWebhook("STRIPE", fake.completeCheckout(reference).delivery("checkout.session.completed"))).status).toBe(200);
    const intent = fake.store.sessions.get(reference)!.payment_intent as string;
    const refundedAtStripe = () => [...fake.store.refunds.values()].filter((r) => r.payment_intent === intent).reduce((sum, r) => sum + r.amount, 0);

    fake.injectFault({ method: "POST", path: "/v1/refunds" }, { kind: "hang", afterProcessing: true });
    const lost = await refundViaApi(token, payment.id, { amountMinor: 2000, reason: "Erreur de prix" });
    expect(lost.status, lost.text).toBe(503);
    expect(lost.json.error.code).toBe("provider_unavailable");
    const refundId = lost.json.error.details[0].refundId as string;
    expect(await prisma.refund.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({ status: "PENDING", providerReference: null, amountMinor: 2000 });
    expect(refundedAtStripe()).toBe(2000);

    const other = await refundViaApi(token, payment.id, { amountMinor: 1000, reason: "Autre montant" });
    expect(other.status).toBe(409);
    expect(other.json.error.details[0]).toMatchObject({ refundId });

    const retry = await refundViaApi(token, payment.id, { amountMinor: 2000, reason: "Erreur de prix" });
    expect(retry.status, retry.text).toBe(201);
    expect(retry.json).toMatchObject({ id: refundId, status: "SUCCEEDED", amountMinor: 2000 });
    expect(retry.json.providerReference).toMatch(/^re_/);
    expect(refundedAtStripe()).toBe(2000);
    const { payment: after } = await paymentState(payment.id);
    expect(after).toMatchObject({ status: "PARTIALLY_REFUNDED", amountRefundedMinor: 2000 });
    expect(after.refunds).toHaveLength(1);
  });

  it("never charges a renewal twice when Stripe's answer was lost: reconciliation asks again with the same key", async () => {
    // Created months ahead, so that its renewal is the only one due when the step runs (the fault hits it).
    const { payment, reference } = await pending(addDays(new Date(), 200));
    expect((await deliverWebhook("STRIPE", fake.completeCheckout(reference).delivery("checkout.session.completed"))).status).toBe(200);
    const { subscription, payment: paid } = await paymentState(payment.id);
    const customer = paid.paymentMethod!.externalCustomerId!;
    const offSession = () => [...fake.store.intents.values()].filter((i) => i.customer === customer && i.metadata?.afpFlow === "off_session");
    const now = new Date(subscription.currentPeriodEnd!.getTime() - 6 * 3_600_000);
    const ctx = (at: Date) => ({ runDate: isoDate(at), now: at, actor: testActor, batchSize: 100, deadline: Date.now() + 60_000, reminderWindowDays: 2, clock: Date.now });

    fake.injectFault({ method: "POST", path: "/v1/payment_intents" }, { kind: "hang", afterProcessing: true });
    const step = await renewSubscriptions(ctx(now));
    expect(step.report.unavailable).toBeGreaterThanOrEqual(1);
    const renewal = await prisma.payment.findFirstOrThrow({ where: { subscriptionId: subscription.id, purpose: "RENEWAL" } });
    expect(renewal).toMatchObject({ status: "PENDING", providerReference: null });
    expect(offSession().map((i) => i.status)).toEqual(["succeeded"]); // charged at Stripe; our answer and the webhook are lost

    const later = new Date(now.getTime() + 31 * 60_000);
    const report = await reconcilePayments({ now: later, actor: testActor, paymentIds: [renewal.id] });
    expect(report).toMatchObject({ succeeded: 1, unreached: 0 });
    const settled = await paymentState(renewal.id);
    expect(settled.payment).toMatchObject({ status: "SUCCEEDED", providerReference: offSession()[0]!.id });
    expect(settled.subscription.currentPeriodEnd!.toISOString()).toBe(addMonths(subscription.currentPeriodEnd!, 1).toISOString());

    await renewSubscriptions(ctx(addDays(now, 1)));
    expect(offSession()).toHaveLength(1);
    expect(await prisma.payment.count({ where: { subscriptionId: subscription.id, purpose: "RENEWAL" } })).toBe(1);
  });

  it("lets an owner pay through a payment link (no credentials): the link is spent by the success, and the admin API shows the payment", async () => {
    const instance = await billableInstance({ country: "FR" });
    const [link] = await createPaymentLinks(prisma, [{ instanceId: instance.id }], new Date());
    const paymentLinkToken = link!.url.split("/pay/")[1]!;
    const res = await call(initiateRoute.POST, "POST", "/api/payments/initiate", { body: { paymentLinkToken, paymentMethod: "stripe" }, headers: { "x-forwarded-for": "10.1.2.3" } });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ provider: "STRIPE", planCode: "MONTHLY", status: "PENDING", nextAction: { type: "redirect" } });
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: res.json.paymentId } });
    expect(payment).toMatchObject({ initiatedBy: "owner", paymentLinkId: link!.id, instanceId: instance.id });
    expect((await deliverWebhook("STRIPE", fake.completeCheckout(payment.providerReference!).delivery("checkout.session.completed"))).status).toBe(200);
    expect((await prisma.paymentLink.findUniqueOrThrow({ where: { id: link!.id } })).usedAt).not.toBeNull();
    const again = await call(initiateRoute.POST, "POST", "/api/payments/initiate", { body: { paymentLinkToken, paymentMethod: "stripe" } });
    expect(again.status).toBe(410);

    const one = await paymentViaApi(token, payment.id);
    expect(one.status, one.text).toBe(200);
    expect(one.json).toMatchObject({ id: payment.id, status: "SUCCEEDED", provider: "STRIPE", invoice: { number: expect.stringMatching(/^AFP-/) } });
    expect(one.json.events.map((e: { type: string }) => e.type)).toEqual(["initiated", "succeeded"]);
    const list = await call(paymentsRoute.GET, "GET", `/api/admin/payments?provider=STRIPE&status=SUCCEEDED&instanceId=${instance.id}`, { token });
    expect(list.status, list.text).toBe(200);
    expect(list.json.data.map((p: { id: string }) => p.id)).toEqual([payment.id]);
  });
});
