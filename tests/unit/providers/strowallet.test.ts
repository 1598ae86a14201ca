import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createStrowalletAdapter } from "@/lib/providers/payments/strowallet";
import { ProviderUnavailableError, WebhookSignatureError, type InitiatePaymentInput, type PaymentAdapter, type SavedMethod } from "@/lib/providers/payments/types";
import { startStrowalletFake, type StrowalletFake } from "@/tests/fakes/strowallet";
import type { SignedDelivery } from "@/tests/fakes/loopback";

let fake: StrowalletFake;
let adapter: PaymentAdapter;
let seq = 0;

const CALLBACK = "http://localhost:3001/api/webhooks/strowallet";
const input = (over: Partial<InitiatePaymentInput> = {}): InitiatePaymentInput => {
  seq += 1;
  return {
    paymentId: `pay_stw${seq}`,
    amountMinor: 45_000,
    currency: "EUR",
    description: "AfrikaPharma — abonnement annuel",
    payer: { email: "owner@pharmacie.example", name: "Koffi Mensah", locale: "fr" },
    successUrl: "http://localhost:3001/pay/ok",
    cancelUrl: "http://localhost:3001/pay/cancel",
    idempotencyKey: `stw_idem_${seq}_${Date.now()}`,
    saveMethod: true,
    metadata: { instanceId: "inst_9" },
    ...over,
  };
};
const parse = (d: SignedDelivery) => adapter.parseWebhook(d.payload, new Headers(d.headers));

async function paidCard(card = "4242424242424242") {
  const payment = input();
  const started = await adapter.initiate(payment);
  const event = await parse(fake.payCheckout(started.providerReference!, { card }));
  return { payment, started, event, method: event.savedMethod as SavedMethod };
}

const renewal = (method: SavedMethod, key: string, over: Record<string, unknown> = {}) => ({
  paymentId: `pay_renew_${key}`, amountMinor: 45_000, currency: "EUR", description: "Renouvellement", method, idempotencyKey: key, metadata: {}, ...over,
});

beforeAll(async () => {
  fake = await startStrowalletFake();
  adapter = createStrowalletAdapter({ publicKey: fake.publicKey, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url, callbackUrl: CALLBACK, timeoutMs: 300 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe("Strowallet adapter: hosted checkout", () => {
  it("creates a hosted checkout and sends the payer to it", async () => {
    const payment = input();
    const result = await adapter.initiate(payment);
    expect(result).toEqual({ outcome: "pending", providerReference: expect.stringMatching(/^stw_pay_/), nextAction: { type: "redirect", url: `${fake.url}/checkout/${result.providerReference}` } });
    const [request] = fake.requestsTo({ method: "POST", path: "/api/v1/card-payments" });
    expect(request?.headers.authorization).toBe(`Bearer ${fake.secretKey}`);
    expect(request?.headers["idempotency-key"]).toBe(payment.idempotencyKey);
    expect(request?.body).toEqual({
      public_key: fake.publicKey,
      amount: "450.00",
      currency: "EUR",
      merchant_reference: payment.paymentId,
      description: payment.description,
      customer_email: "owner@pharmacie.example",
      customer_name: "Koffi Mensah",
      redirect_url: payment.successUrl,
      cancel_url: payment.cancelUrl,
      callback_url: CALLBACK,
      save_card: true,
      metadata: { instanceId: "inst_9", paymentId: payment.paymentId },
    });
  });

  it("sends XOF without decimals and replays a repeated key", async () => {
    const payment = input({ currency: "XOF", amountMinor: 295_181, saveMethod: false });
    const first = await adapter.initiate(payment);
    expect(fake.payments.get(first.providerReference!)).toMatchObject({ amount: "295181", currency: "XOF", save_card: false });
    expect((await adapter.initiate(payment)).providerReference).toBe(first.providerReference);
    expect(fake.payments.size).toBe(1);
    await expect(adapter.initiate({ ...payment, amountMinor: 1 })).rejects.toThrow(/idempotency key/);
  });

  it("reports a refused checkout as failed", async () => {
    expect(await adapter.initiate(input({ currency: "GBP" }))).toMatchObject({ outcome: "failed", failure: { code: "unsupported_currency" }, nextAction: { type: "none" } });
  });
});

describe("Strowallet adapter: webhooks", () => {
  it("parses a paid checkout into payment_succeeded with the saved card token", async () => {
    const { payment, started, event } = await paidCard("5555555555554444");
    expect(event).toMatchObject({
      kind: "payment_succeeded",
      type: "payment.succeeded",
      eventId: expect.stringMatching(/^stw_evt_/),
      providerReference: started.providerReference,
      paymentId: payment.paymentId,
      amountMinor: 45_000,
      currency: "EUR",
      savedMethod: { type: "card", brand: "mastercard", last4: "4444", expMonth: 12, externalMethodId: expect.stringMatching(/^stw_card_/), externalCustomerId: expect.stringMatching(/^stw_cus_/) },
    });
    expect(event.savedMethod?.expYear).toBeGreaterThan(2025);
    expect(event.occurredAt).toBeInstanceOf(Date);
  });

  it("maps a declined card to payment_failed with the reason and a left page to payment_canceled", async () => {
    const declined = await adapter.initiate(input());
    expect(await parse(fake.payCheckout(declined.providerReference!, { card: "4000000000000002" }))).toMatchObject({ kind: "payment_failed", failure: { code: "card_declined" }, savedMethod: undefined });
    const poor = await adapter.initiate(input());
    expect(await parse(fake.payCheckout(poor.providerReference!, { card: "4000000000009995" }))).toMatchObject({ kind: "payment_failed", failure: { code: "insufficient_funds" } });
    const left = await adapter.initiate(input());
    expect(await parse(fake.cancelCheckout(left.providerReference!))).toMatchObject({ kind: "payment_canceled", providerReference: left.providerReference });
  });

  it("refuses a tampered, unsigned or foreign webhook", async () => {
    const started = await adapter.initiate(input());
    const good = fake.payCheckout(started.providerReference!);
    await expect(adapter.parseWebhook(good.payload.replace('"450.00"', '"1.00"'), new Headers(good.headers))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(adapter.parseWebhook(good.payload, new Headers())).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(parse(fake.sign(JSON.parse(good.payload), "not-our-secret"))).rejects.toBeInstanceOf(WebhookSignatureError);
    expect((await parse(good)).kind).toBe("payment_succeeded");
  });

  it("ignores event types it does not handle", async () => {
    expect(await parse(fake.sign({ id: "stw_evt_x", event: "card.frozen", created_at: new Date().toISOString(), data: {} }))).toMatchObject({ kind: "ignored", type: "card.frozen" });
  });
});

describe("Strowallet adapter: saved cards", () => {
  it("charges a saved card without the payer, once per key", async () => {
    const { method } = await paidCard();
    const result = await adapter.chargeSaved(renewal(method, "stw-renew-1"));
    expect(result).toMatchObject({ outcome: "succeeded", providerReference: expect.stringMatching(/^stw_pay_/), nextAction: { type: "none" } });
    expect(fake.requestsTo({ method: "POST", path: "/api/v1/card-payments/charge" })[0]?.body).toMatchObject({
      card_token: method.externalMethodId, customer_id: method.externalCustomerId, amount: "450.00", currency: "EUR", merchant_reference: "pay_renew_stw-renew-1",
    });
    expect((await adapter.chargeSaved(renewal(method, "stw-renew-1"))).providerReference).toBe(result.providerReference);
    expect([...fake.payments.values()].filter((p) => p.merchant_reference === "pay_renew_stw-renew-1")).toHaveLength(1);
  });

  it("returns a decline and a 3-D Secure demand as failed, not as exceptions", async () => {
    const { method } = await paidCard();
    fake.setCardBehavior(method.externalMethodId!, "insufficient_funds");
    expect(await adapter.chargeSaved(renewal(method, "stw-d1"))).toMatchObject({ outcome: "failed", providerReference: expect.stringMatching(/^stw_pay_/), failure: { code: "insufficient_funds" } });
    const { method: strong } = await paidCard("4000002760003184");
    expect(await adapter.chargeSaved(renewal(strong, "stw-d2"))).toMatchObject({ outcome: "failed", failure: { code: "authentication_required" } });
    expect(await adapter.chargeSaved(renewal({ ...method, externalMethodId: "stw_card_gone" }, "stw-d3"))).toMatchObject({ outcome: "failed", failure: { code: "card_not_found" } });
    expect(await adapter.chargeSaved(renewal({ type: "mobile_money", phone: "+243812345678" }, "stw-d4"))).toMatchObject({ outcome: "failed", failure: { code: "no_saved_card" } });
  });
});

describe("Strowallet adapter: retrieve and refunds", () => {
  it("retrieves the state of a payment", async () => {
    const started = await adapter.initiate(input());
    expect(await adapter.retrieve(started.providerReference!)).toMatchObject({ outcome: "pending", providerReference: started.providerReference });
    fake.payCheckout(started.providerReference!);
    expect(await adapter.retrieve(started.providerReference!)).toMatchObject({ outcome: "succeeded", savedMethod: { last4: "4242" } });
    expect(fake.requestsTo({ method: "GET", path: `/api/v1/card-payments/${started.providerReference}` })[0]?.query.get("public_key")).toBe(fake.publicKey);
    expect(await adapter.retrieve("stw_pay_unknown")).toMatchObject({ outcome: "failed", failure: { code: "payment_not_found" } });
  });

  it("refunds partially and fully, once per key, never above what was paid", async () => {
    const { started } = await paidCard();
    const ref = started.providerReference!;
    const partial = { providerReference: ref, amountMinor: 15_000, currency: "EUR", idempotencyKey: "stw-ref-1", reason: "prorata" };
    const first = await adapter.refund(partial);
    expect(first).toMatchObject({ outcome: "succeeded", providerReference: expect.stringMatching(/^stw_ref_/) });
    expect((await adapter.refund(partial)).providerReference).toBe(first.providerReference);
    expect(fake.payments.get(ref)?.amount_refunded).toBe("150.00");
    expect(await adapter.refund({ providerReference: ref, amountMinor: 30_001, currency: "EUR", idempotencyKey: "stw-ref-2" })).toMatchObject({ outcome: "failed", failure: { code: "amount_exceeds_refundable" } });
    expect((await adapter.refund({ providerReference: ref, amountMinor: 30_000, currency: "EUR", idempotencyKey: "stw-ref-3" })).outcome).toBe("succeeded");
    expect(fake.payments.get(ref)?.amount_refunded).toBe("450.00");
    expect(await parse(fake.refundWebhookFor(first.providerReference!))).toMatchObject({ kind: "refund_succeeded", refundReference: first.providerReference, providerReference: ref, amountMinor: 15_000 });
  });

  it("reports a pending refund and its failure webhook", async () => {
    const { started, payment } = await paidCard();
    fake.setRefundStatus("pending");
    const refund = await adapter.refund({ providerReference: started.providerReference!, amountMinor: 45_000, currency: "EUR", idempotencyKey: "stw-ref-p" });
    expect(refund.outcome).toBe("pending");
    expect(await parse(fake.settleRefund(refund.providerReference!, "failed"))).toMatchObject({ kind: "refund_failed", paymentId: payment.paymentId, failure: { code: "issuer_refused" } });
  });
});

describe("Strowallet adapter: outages", () => {
  it("turns a 500, a hang and a reset into ProviderUnavailableError", async () => {
    fake.injectFault({ method: "POST", path: "/api/v1/card-payments" }, "500");
    await expect(adapter.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.injectFault({ method: "POST", path: "/api/v1/card-payments" }, "hang");
    await expect(adapter.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.injectFault({ method: "POST", path: "/api/v1/refunds" }, "reset");
    await expect(adapter.refund({ providerReference: "stw_pay_x", amountMinor: 100, currency: "EUR", idempotencyKey: "r" })).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.injectFault({ path: /^\/api\/v1\/card-payments\/stw/ }, "503");
    await expect(adapter.retrieve("stw_pay_x")).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(fake.payments.size).toBe(0);
  });

  it("leaves a saved-card charge whose answer was lost to reconciliation, then replays it", async () => {
    const { method } = await paidCard();
    fake.injectFault({ method: "POST", path: "/api/v1/card-payments/charge" }, { kind: "hang", afterProcessing: true });
    await expect(adapter.chargeSaved(renewal(method, "stw-lost"))).rejects.toBeInstanceOf(ProviderUnavailableError);
    const charged = fake.paymentFor("pay_renew_stw-lost")!;
    expect(await adapter.retrieve(charged.reference)).toMatchObject({ outcome: "succeeded" });
    expect((await adapter.chargeSaved(renewal(method, "stw-lost"))).providerReference).toBe(charged.reference);
  });

  it("treats rejected credentials as unavailable", async () => {
    const wrong = createStrowalletAdapter({ publicKey: fake.publicKey, secretKey: "nope", webhookSecret: "s", apiUrl: fake.url, timeoutMs: 300 });
    await expect(wrong.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});
