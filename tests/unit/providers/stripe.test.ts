import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStripeAdapter } from "@/lib/providers/payments/stripe";
import { ProviderUnavailableError, WebhookSignatureError, type InitiatePaymentInput, type PaymentAdapter, type SavedMethod } from "@/lib/providers/payments/types";
import { startStripeFake, type StripeFake } from "@/tests/fakes/stripe";
import type { SignedDelivery } from "@/tests/fakes/loopback";

let fake: StripeFake;
let adapter: PaymentAdapter;
let seq = 0;

const input = (over: Partial<InitiatePaymentInput> = {}): InitiatePaymentInput => {
  seq += 1;
  return {
    paymentId: `pay_test${seq}`,
    amountMinor: 5000,
    currency: "EUR",
    description: "AfrikaPharma — abonnement mensuel",
    payer: { email: "owner@pharmacie.example", name: "Awa Diop", locale: "fr" },
    successUrl: "http://localhost:3001/pay/ok",
    cancelUrl: "http://localhost:3001/pay/cancel",
    idempotencyKey: `idem_${seq}_${Date.now()}`,
    saveMethod: true,
    metadata: { instanceId: "inst_1", purpose: "renewal" },
    ...over,
  };
};

const parse = (d: SignedDelivery, a: PaymentAdapter = adapter) => a.parseWebhook(d.payload, new Headers(d.headers));

async function paidCheckout(paymentMethod = "pm_card_visa") {
  const payment = input();
  const started = await adapter.initiate(payment);
  const paid = fake.completeCheckout(started.providerReference!, { paymentMethod });
  const event = await parse(paid.delivery("checkout.session.completed"));
  return { payment, started, paid, event, method: event.savedMethod as SavedMethod };
}

beforeAll(async () => {
  fake = await startStripeFake();
  adapter = createStripeAdapter({ secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url, timeoutMs: 400 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe("Stripe adapter: initiate", () => {
  it("creates a Checkout Session and sends the payer to its URL", async () => {
    const payment = input();
    const result = await adapter.initiate(payment);
    expect(result.outcome).toBe("pending");
    expect(result.providerReference).toMatch(/^cs_test_/);
    expect(result.nextAction).toEqual({ type: "redirect", url: `${fake.url}/c/pay/${result.providerReference}` });

    const [request] = fake.requestsTo({ method: "POST", path: "/v1/checkout/sessions" });
    expect(request?.headers["idempotency-key"]).toBe(payment.idempotencyKey);
    expect(request?.body).toMatchObject({
      mode: "payment",
      customer_creation: "always",
      customer_email: "owner@pharmacie.example",
      client_reference_id: payment.paymentId,
      locale: "fr",
      success_url: payment.successUrl,
      cancel_url: payment.cancelUrl,
      line_items: [{ quantity: "1", price_data: { currency: "eur", unit_amount: "5000", product_data: { name: payment.description } } }],
      metadata: { paymentId: payment.paymentId, instanceId: "inst_1", purpose: "renewal" },
      payment_intent_data: { setup_future_usage: "off_session", metadata: { paymentId: payment.paymentId, afpFlow: "checkout" } },
    });
  });

  it("sends XOF as a zero-decimal amount and does not save the card unless asked", async () => {
    await adapter.initiate(input({ amountMinor: 32_798, currency: "XOF", saveMethod: false, payer: { email: "a@b.example", locale: "en" } }));
    const body = fake.requestsTo({ method: "POST", path: "/v1/checkout/sessions" })[0]?.body as Record<string, any>;
    expect(body.line_items[0].price_data).toMatchObject({ currency: "xof", unit_amount: "32798" });
    expect(body.locale).toBe("en");
    expect(body.payment_intent_data.setup_future_usage).toBeUndefined();
  });

  it("replays the same session for a repeated idempotency key", async () => {
    const payment = input();
    const first = await adapter.initiate(payment);
    const second = await adapter.initiate(payment);
    expect(second.providerReference).toBe(first.providerReference);
    expect(fake.store.sessions.size).toBe(1);
  });

  it("throws a programming error when a key is reused with other parameters", async () => {
    const payment = input();
    await adapter.initiate(payment);
    await expect(adapter.initiate({ ...payment, amountMinor: 4999 })).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("reports an invalid request as a failed outcome", async () => {
    const result = await adapter.initiate(input({ currency: "GBP" }));
    expect(result).toMatchObject({ outcome: "failed", failure: { code: "parameter_invalid" }, nextAction: { type: "none" } });
  });
});

describe("Stripe adapter: webhooks", () => {
  it("parses a paid checkout into payment_succeeded with the saved card", async () => {
    const { payment, started, event, paid } = await paidCheckout();
    expect(event).toMatchObject({
      kind: "payment_succeeded",
      type: "checkout.session.completed",
      providerReference: started.providerReference,
      paymentId: payment.paymentId,
      amountMinor: 5000,
      currency: "EUR",
      savedMethod: { type: "card", brand: "visa", last4: "4242", expMonth: 12, externalCustomerId: paid.session.customer, externalMethodId: paid.paymentIntent.payment_method },
    });
    expect(event.eventId).toMatch(/^evt_/);
    expect(event.occurredAt).toBeInstanceOf(Date);
    expect(event.savedMethod?.externalCustomerId).toMatch(/^cus_/);

    const intentEvent = await parse(paid.delivery("payment_intent.succeeded"));
    expect(intentEvent).toMatchObject({ kind: "payment_succeeded", paymentId: payment.paymentId, providerReference: paid.paymentIntent.id });
  });

  it("reports no saved method when the payer was not asked to save it", async () => {
    const started = await adapter.initiate(input({ saveMethod: false }));
    const paid = fake.completeCheckout(started.providerReference!);
    const event = await parse(paid.delivery("checkout.session.completed"));
    expect(event.kind).toBe("payment_succeeded");
    expect(event.savedMethod).toBeUndefined();
  });

  it("keeps a checkout pending after a declined card, then cancels it when the session expires", async () => {
    const payment = input();
    const started = await adapter.initiate(payment);
    const declined = fake.completeCheckout(started.providerReference!, { paymentMethod: "pm_card_chargeDeclined" });
    const failedAttempt = await parse(declined.delivery("payment_intent.payment_failed"));
    expect(failedAttempt).toMatchObject({ kind: "payment_pending", paymentId: payment.paymentId, failure: { code: "generic_decline" } });
    expect((await adapter.retrieve(started.providerReference!)).outcome).toBe("pending");

    const expired = fake.expireCheckout(started.providerReference!);
    expect(await parse(expired.delivery("checkout.session.expired"))).toMatchObject({ kind: "payment_canceled", paymentId: payment.paymentId });
    expect((await adapter.retrieve(started.providerReference!)).outcome).toBe("canceled");
  });

  it("maps a failed delayed payment and a failed off-session intent to payment_failed", async () => {
    const started = await adapter.initiate(input());
    const session = fake.store.sessions.get(started.providerReference!)!;
    const asyncFailed = await parse(fake.signEvent({ type: "checkout.session.async_payment_failed", object: session }));
    expect(asyncFailed).toMatchObject({ kind: "payment_failed", failure: { code: "async_payment_failed" } });

    const { method } = await paidCheckout();
    fake.setCardBehavior(method.externalMethodId!, "insufficient_funds");
    await adapter.chargeSaved({ paymentId: "pay_renew", amountMinor: 5000, currency: "EUR", description: "Renouvellement", method, idempotencyKey: "renew-1", metadata: {} });
    const failed = await parse(fake.signEvent(fake.eventsOf("payment_intent.payment_failed").at(-1)!));
    expect(failed).toMatchObject({ kind: "payment_failed", paymentId: "pay_renew", failure: { code: "insufficient_funds" } });
  });

  it("refuses a bad, missing, foreign or stale signature", async () => {
    const { paid } = await paidCheckout();
    const good = paid.delivery("checkout.session.completed");
    await expect(adapter.parseWebhook(good.payload.replace('"paid"', '"unpaid"'), new Headers(good.headers))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(adapter.parseWebhook(good.payload, new Headers())).rejects.toBeInstanceOf(WebhookSignatureError);
    const foreign = fake.signEvent(paid.events[0]!, { secret: "whsec_someone_else" });
    await expect(parse(foreign)).rejects.toBeInstanceOf(WebhookSignatureError);
    const stale = fake.signEvent(paid.events[0]!, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    await expect(parse(stale)).rejects.toBeInstanceOf(WebhookSignatureError);
  });

  it("ignores an event type it does not handle", async () => {
    const event = await parse(fake.signEvent({ type: "customer.updated", object: { id: "cus_x", object: "customer" } }));
    expect(event).toMatchObject({ kind: "ignored", type: "customer.updated" });
  });

  it("answers ProviderUnavailableError when the saved card cannot be fetched for a completion", async () => {
    const started = await adapter.initiate(input());
    const paid = fake.completeCheckout(started.providerReference!);
    fake.injectFault({ method: "GET", path: `/v1/payment_intents/${paid.paymentIntent.id}` }, "500");
    await expect(parse(paid.delivery("checkout.session.completed"))).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe("Stripe adapter: saved cards", () => {
  it("charges the saved card off-session with our idempotency key", async () => {
    const { method } = await paidCheckout();
    const charge = { paymentId: "pay_renew1", amountMinor: 45_000, currency: "EUR", description: "Renouvellement annuel", method, idempotencyKey: "renew-a", metadata: { period: "2027" } };
    const result = await adapter.chargeSaved(charge);
    expect(result).toMatchObject({ outcome: "succeeded", providerReference: expect.stringMatching(/^pi_/), nextAction: { type: "none" } });
    const request = fake.requestsTo({ method: "POST", path: "/v1/payment_intents" })[0];
    expect(request?.headers["idempotency-key"]).toBe("renew-a");
    expect(request?.body).toMatchObject({
      amount: "45000", currency: "eur", customer: method.externalCustomerId, payment_method: method.externalMethodId,
      off_session: "true", confirm: "true", metadata: { paymentId: "pay_renew1", period: "2027", afpFlow: "off_session" },
    });

    const again = await adapter.chargeSaved(charge);
    expect(again.providerReference).toBe(result.providerReference);
    expect([...fake.store.intents.values()].filter((i) => i.metadata.paymentId === "pay_renew1")).toHaveLength(1);
  });

  it("returns a declined card as failed with the reason, not as an exception", async () => {
    const method: SavedMethod = { type: "card", externalMethodId: "pm_card_chargeDeclined" };
    const result = await adapter.chargeSaved({ paymentId: "pay_d", amountMinor: 5000, currency: "EUR", description: "x", method: { ...method, externalCustomerId: undefined }, idempotencyKey: "d0", metadata: {} });
    expect(result).toMatchObject({ outcome: "failed", failure: { code: "no_saved_card" } });

    const { method: saved } = await paidCheckout();
    const declined = await adapter.chargeSaved({ paymentId: "pay_d1", amountMinor: 5000, currency: "EUR", description: "x", method: { ...saved, externalMethodId: "pm_card_chargeDeclined" }, idempotencyKey: "d1", metadata: {} });
    expect(declined).toMatchObject({ outcome: "failed", providerReference: expect.stringMatching(/^pi_/), failure: { code: "generic_decline", message: "Your card was declined." } });

    const auth = await adapter.chargeSaved({ paymentId: "pay_d2", amountMinor: 5000, currency: "EUR", description: "x", method: { ...saved, externalMethodId: "pm_card_authenticationRequired" }, idempotencyKey: "d2", metadata: {} });
    expect(auth).toMatchObject({ outcome: "failed", failure: { code: "authentication_required" } });
    expect((await adapter.retrieve(auth.providerReference!)).outcome).toBe("failed");
  });
});

describe("Stripe adapter: retrieve", () => {
  it("reflects the session and its PaymentIntent", async () => {
    const started = await adapter.initiate(input());
    expect(await adapter.retrieve(started.providerReference!)).toMatchObject({ outcome: "pending", providerReference: started.providerReference });
    const paid = fake.completeCheckout(started.providerReference!);
    const bySession = await adapter.retrieve(started.providerReference!);
    expect(bySession).toMatchObject({ outcome: "succeeded", savedMethod: { type: "card", last4: "4242" } });
    expect(await adapter.retrieve(paid.paymentIntent.id)).toMatchObject({ outcome: "succeeded", providerReference: paid.paymentIntent.id });
  });

  it("reports an unknown reference as failed and an outage as ProviderUnavailableError", async () => {
    expect(await adapter.retrieve("pi_doesnotexist")).toMatchObject({ outcome: "failed", failure: { code: "resource_missing" } });
    fake.injectFault({ path: /^\/v1\/payment_intents\// }, "503");
    await expect(adapter.retrieve("pi_whatever")).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});

describe("Stripe adapter: refunds", () => {
  it("refunds partially then fully, and a repeated key does not refund twice", async () => {
    const { started, paid } = await paidCheckout();
    const first = { providerReference: started.providerReference!, amountMinor: 2000, currency: "EUR", idempotencyKey: "ref-1", reason: "geste commercial" };
    const partial = await adapter.refund(first);
    expect(partial).toMatchObject({ outcome: "succeeded", providerReference: expect.stringMatching(/^re_/) });
    const repeat = await adapter.refund(first);
    expect(repeat.providerReference).toBe(partial.providerReference);
    const charge = fake.store.charges.get(paid.paymentIntent.latest_charge)!;
    expect(charge.amount_refunded).toBe(2000);
    expect(fake.requestsTo({ method: "POST", path: "/v1/refunds" })[0]?.body).toMatchObject({ payment_intent: paid.paymentIntent.id, amount: "2000", metadata: { reason: "geste commercial" } });

    const tooMuch = await adapter.refund({ providerReference: paid.paymentIntent.id, amountMinor: 3001, currency: "EUR", idempotencyKey: "ref-2" });
    expect(tooMuch).toMatchObject({ outcome: "failed", failure: { code: "amount_too_large" } });
    const rest = await adapter.refund({ providerReference: paid.paymentIntent.id, amountMinor: 3000, currency: "EUR", idempotencyKey: "ref-3" });
    expect(rest.outcome).toBe("succeeded");
    expect(charge.amount_refunded).toBe(5000);
    expect(charge.refunded).toBe(true);

    const refunded = await parse(fake.signEvent(fake.eventsOf("charge.refunded").at(-1)!));
    expect(refunded).toMatchObject({ kind: "refund_succeeded", refundReference: rest.providerReference, amountMinor: 3000, providerReference: paid.paymentIntent.id });
    const created = await parse(fake.signEvent(fake.eventsOf("refund.created")[0]!));
    expect(created).toMatchObject({ kind: "refund_succeeded", refundReference: partial.providerReference, amountMinor: 2000, currency: "EUR" });
  });

  it("reports a pending refund, then its failure from refund.failed", async () => {
    const { started } = await paidCheckout();
    fake.setRefundStatus("pending");
    const refund = await adapter.refund({ providerReference: started.providerReference!, amountMinor: 5000, currency: "EUR", idempotencyKey: "ref-p" });
    expect(refund.outcome).toBe("pending");
    const settled = fake.settleRefund(refund.providerReference!, "failed");
    expect(await parse(settled.delivery("refund.failed"))).toMatchObject({ kind: "refund_failed", refundReference: refund.providerReference, failure: { code: "expired_or_canceled_card" } });
    expect(await parse(fake.signEvent(fake.eventsOf("refund.created")[0]!))).toMatchObject({ kind: "ignored" });
  });
});

describe("Stripe adapter: outages", () => {
  it("turns a 500 into ProviderUnavailableError and leaves nothing created", async () => {
    fake.injectFault({ method: "POST", path: "/v1/checkout/sessions" }, "500");
    await expect(adapter.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(fake.store.sessions.size).toBe(0);
  });

  it("turns a hang past the timeout into ProviderUnavailableError; the retry with the same key finds the session", async () => {
    const payment = input();
    fake.injectFault({ method: "POST", path: "/v1/checkout/sessions" }, { kind: "hang", afterProcessing: true });
    const started = Date.now();
    await expect(adapter.initiate(payment)).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(Date.now() - started).toBeLessThan(5_000);
    const retried = await adapter.initiate(payment);
    expect(fake.store.sessions.size).toBe(1);
    expect(retried.providerReference).toBe([...fake.store.sessions.keys()][0]);
  });

  it("turns connection resets into ProviderUnavailableError (the SDK's one retry reuses our key)", async () => {
    fake.injectFault({ method: "POST", path: "/v1/payment_intents" }, "reset", 2);
    const { method } = await paidCheckout();
    await expect(
      adapter.chargeSaved({ paymentId: "pay_r", amountMinor: 5000, currency: "EUR", description: "x", method, idempotencyKey: "reset-1", metadata: {} }),
    ).rejects.toBeInstanceOf(ProviderUnavailableError);
    const attempts = fake.requestsTo({ method: "POST", path: "/v1/payment_intents" });
    expect(attempts.map((r) => r.outcome)).toEqual(["reset", "reset"]);
    expect(new Set(attempts.map((r) => r.headers["idempotency-key"]))).toEqual(new Set(["reset-1"]));

    fake.injectFault({ method: "POST", path: "/v1/payment_intents" }, "reset", 1);
    const ok = await adapter.chargeSaved({ paymentId: "pay_r2", amountMinor: 5000, currency: "EUR", description: "x", method, idempotencyKey: "reset-2", metadata: {} });
    expect(ok.outcome).toBe("succeeded");
  });

  it("treats rejected credentials as unavailable, not as a failed payment", async () => {
    const wrong = createStripeAdapter({ secretKey: "sk_test_wrong", webhookSecret: fake.webhookSecret, apiUrl: fake.url, timeoutMs: 400 });
    await expect(wrong.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it("treats a closed port as unavailable", async () => {
    const closed = createStripeAdapter({ secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: "http://127.0.0.1:9", timeoutMs: 400 });
    await expect(closed.retrieve("pi_x")).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});
