import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAvadapayAdapter } from "@/lib/providers/payments/avadapay";
import { ProviderUnavailableError, WebhookSignatureError, type InitiatePaymentInput, type PaymentAdapter } from "@/lib/providers/payments/types";
import { startAvadapayFake, type AvadapayFake } from "@/tests/fakes/avadapay";
import type { SignedDelivery } from "@/tests/fakes/loopback";

let fake: AvadapayFake;
let adapter: PaymentAdapter;
let seq = 0;

const CALLBACK = "http://localhost:3001/api/webhooks/avadapay";
const input = (over: Partial<InitiatePaymentInput> = {}): InitiatePaymentInput => {
  seq += 1;
  return {
    paymentId: `pay_avp${seq}`,
    amountMinor: 14_500_000, // 145 000.00 CDF
    currency: "CDF",
    description: "AfrikaPharma — abonnement mensuel",
    payer: { email: "owner@pharmacie.example", phone: "+243 99 000 0001", locale: "fr" },
    phone: "+243812345678",
    successUrl: "http://localhost:3001/pay/ok",
    cancelUrl: "http://localhost:3001/pay/cancel",
    idempotencyKey: `avp_idem_${seq}_${Date.now()}`,
    saveMethod: true,
    metadata: {},
    ...over,
  };
};
const parse = (d: SignedDelivery) => adapter.parseWebhook(d.payload, new Headers(d.headers));

beforeAll(async () => {
  fake = await startAvadapayFake();
  adapter = createAvadapayAdapter({ apiKey: fake.apiKey, merchantId: fake.merchantId, webhookSecret: fake.webhookSecret, apiUrl: fake.url, callbackUrl: CALLBACK, timeoutMs: 300 });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe("AvadaPay adapter: pushes", () => {
  it("sends a push to the payer's phone and asks them to approve it", async () => {
    const payment = input();
    const result = await adapter.initiate(payment);
    expect(result).toEqual({ outcome: "pending", providerReference: expect.stringMatching(/^avp_tx_/), nextAction: { type: "approve_on_phone", phone: "+243812345678" } });
    const [request] = fake.requestsTo({ method: "POST", path: "/v1/payments" });
    expect(request?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request?.headers["idempotency-key"]).toBe(payment.idempotencyKey);
    expect(request?.body).toEqual({
      merchant_id: fake.merchantId,
      amount: "145000.00",
      currency: "CDF",
      phone: "243812345678",
      reference: payment.paymentId,
      description: payment.description,
      callback_url: CALLBACK,
    });
  });

  it("falls back to the payer's phone and refuses a number that is not international, without calling", async () => {
    const fallback = await adapter.initiate(input({ phone: undefined, payer: { email: "a@b.example", phone: "+243970000001", locale: "fr" } }));
    expect(fallback.nextAction).toEqual({ type: "approve_on_phone", phone: "+243970000001" });
    expect(fake.transactions.get(fallback.providerReference!)?.operator).toBe("AIRTEL");
    fake.resetLog();
    const invalid = await adapter.initiate(input({ phone: "0812345678", payer: { email: "a@b.example", locale: "fr" } }));
    expect(invalid).toMatchObject({ outcome: "failed", failure: { code: "invalid_phone" }, nextAction: { type: "none" } });
    expect(fake.requests).toHaveLength(0);
  });

  it("does not push twice for a repeated idempotency key, and throws on a key reused for another body", async () => {
    const payment = input();
    const first = await adapter.initiate(payment);
    const second = await adapter.initiate(payment);
    expect(second.providerReference).toBe(first.providerReference);
    expect(fake.transactions.size).toBe(1);
    await expect(adapter.initiate({ ...payment, amountMinor: 100 })).rejects.toThrow(/idempotency key/);
  });

  it("returns refusals at once as failed with the provider's reason", async () => {
    expect(await adapter.initiate(input({ phone: "+243811111111" }))).toMatchObject({ outcome: "failed", failure: { code: "insufficient_funds" } });
    expect(await adapter.initiate(input({ phone: "+243812222222" }))).toMatchObject({ outcome: "failed", failure: { code: "subscriber_not_found" } });
    expect(await adapter.initiate(input({ phone: "+22507000000" }))).toMatchObject({ outcome: "failed", failure: { code: "invalid_phone" } });
    expect(await adapter.initiate(input({ currency: "EUR", amountMinor: 5000 }))).toMatchObject({ outcome: "failed", failure: { code: "unsupported_currency" } });
    const usd = await adapter.initiate(input({ currency: "USD", amountMinor: 5400 }));
    expect(usd.outcome).toBe("pending");
    expect(fake.transactions.get(usd.providerReference!)?.amount).toBe("54.00");
  });

  it("charges a saved phone with a new push, which stays pending", async () => {
    const result = await adapter.chargeSaved({
      paymentId: "pay_renew", amountMinor: 14_500_000, currency: "CDF", description: "Renouvellement",
      method: { type: "mobile_money", phone: "+243850000001", brand: "ORANGE" }, idempotencyKey: "avp-renew-1", metadata: {},
    });
    expect(result).toMatchObject({ outcome: "pending", nextAction: { type: "approve_on_phone", phone: "+243850000001" } });
    expect(fake.transactionFor("pay_renew")?.phone).toBe("243850000001");
    const noPhone = await adapter.chargeSaved({ paymentId: "pay_x", amountMinor: 1, currency: "CDF", description: "x", method: { type: "card" }, idempotencyKey: "k", metadata: {} });
    expect(noPhone).toMatchObject({ outcome: "failed", failure: { code: "invalid_phone" } });
  });
});

describe("AvadaPay adapter: callbacks", () => {
  it("parses an approved push into payment_succeeded with the phone to reuse", async () => {
    const payment = input();
    const started = await adapter.initiate(payment);
    const event = await parse(fake.approve(started.providerReference!));
    expect(event).toMatchObject({
      kind: "payment_succeeded",
      type: "payment.succeeded",
      eventId: expect.stringMatching(/^avp_evt_/),
      providerReference: started.providerReference,
      paymentId: payment.paymentId,
      amountMinor: 14_500_000,
      currency: "CDF",
      savedMethod: { type: "mobile_money", phone: "+243812345678", brand: "MPESA" },
    });
    expect(event.occurredAt).toBeInstanceOf(Date);
  });

  it("maps a rejected push to payment_failed and an unanswered one to payment_canceled", async () => {
    const rejected = await adapter.initiate(input({ phone: "+243820000000" }));
    expect(await parse(fake.settle(rejected.providerReference!))).toMatchObject({ kind: "payment_failed", failure: { code: "rejected_by_payer" } });
    const expired = await adapter.initiate(input({ phone: "+243813333333" }));
    expect(await parse(fake.settle(expired.providerReference!))).toMatchObject({ kind: "payment_canceled", failure: { code: "expired" } });
    const poor = await adapter.initiate(input());
    expect(await parse(fake.reject(poor.providerReference!, "insufficient_funds"))).toMatchObject({ kind: "payment_failed", failure: { code: "insufficient_funds", message: expect.any(String) } });
  });

  it("refuses a tampered, unsigned or foreign callback and accepts a sha256= prefix", async () => {
    const started = await adapter.initiate(input());
    const good = fake.approve(started.providerReference!);
    await expect(adapter.parseWebhook(good.payload.replace("SUCCEEDED", "X").replace("payment.succeeded", "payment.failed"), new Headers(good.headers))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(adapter.parseWebhook(good.payload, new Headers({ "content-type": "application/json" }))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(parse(fake.sign(JSON.parse(good.payload), "another-secret"))).rejects.toBeInstanceOf(WebhookSignatureError);
    await expect(adapter.parseWebhook(good.payload, new Headers({ "x-avadapay-signature": "not-hex" }))).rejects.toBeInstanceOf(WebhookSignatureError);
    const prefixed = new Headers({ "x-avadapay-signature": `sha256=${good.headers["x-avadapay-signature"]}` });
    expect((await adapter.parseWebhook(good.payload, prefixed)).kind).toBe("payment_succeeded");
  });

  it("ignores event types it does not handle", async () => {
    expect(await parse(fake.sign({ event_id: "avp_evt_1", type: "merchant.settlement.paid", amount: "10.00", currency: "USD" }))).toMatchObject({ kind: "ignored", type: "merchant.settlement.paid" });
    const started = await adapter.initiate(input());
    expect((await parse(fake.callbackFor(started.providerReference!))).kind).toBe("ignored");
  });
});

describe("AvadaPay adapter: retrieve and refunds", () => {
  it("retrieves the state of a push", async () => {
    const started = await adapter.initiate(input());
    expect(await adapter.retrieve(started.providerReference!)).toMatchObject({ outcome: "pending", providerReference: started.providerReference });
    fake.approve(started.providerReference!);
    expect(await adapter.retrieve(started.providerReference!)).toMatchObject({ outcome: "succeeded", savedMethod: { phone: "+243812345678" } });
    const rejected = await adapter.initiate(input({ phone: "+243810000000" }));
    fake.settle(rejected.providerReference!);
    expect(await adapter.retrieve(rejected.providerReference!)).toMatchObject({ outcome: "failed", failure: { code: "rejected_by_payer" } });
    expect(await adapter.retrieve("avp_tx_unknown")).toMatchObject({ outcome: "failed", failure: { code: "not_found" } });
  });

  it("refunds partially and fully, once per key, never above what was paid", async () => {
    const started = await adapter.initiate(input());
    fake.approve(started.providerReference!);
    const ref = started.providerReference!;
    const partial = { providerReference: ref, amountMinor: 4_500_000, currency: "CDF", idempotencyKey: "avp-ref-1", reason: "erreur de plan" };
    const first = await adapter.refund(partial);
    expect(first).toMatchObject({ outcome: "succeeded", providerReference: expect.stringMatching(/^avp_rf_/) });
    expect((await adapter.refund(partial)).providerReference).toBe(first.providerReference);
    expect(fake.transactions.get(ref)?.refunded_amount).toBe("45000.00");
    expect(fake.requestsTo({ method: "POST", path: "/v1/refunds" })[0]?.body).toMatchObject({ transaction_id: ref, amount: "45000.00", reference: "avp-ref-1", reason: "erreur de plan" });

    expect(await adapter.refund({ providerReference: ref, amountMinor: 10_000_001, currency: "CDF", idempotencyKey: "avp-ref-2" })).toMatchObject({ outcome: "failed", failure: { code: "amount_exceeds_refundable" } });
    expect((await adapter.refund({ providerReference: ref, amountMinor: 10_000_000, currency: "CDF", idempotencyKey: "avp-ref-3" })).outcome).toBe("succeeded");
    expect(fake.transactions.get(ref)?.refunded_amount).toBe("145000.00");
    const callback = await parse(fake.refundCallbackFor(first.providerReference!));
    expect(callback).toMatchObject({ kind: "refund_succeeded", refundReference: first.providerReference, providerReference: ref, amountMinor: 4_500_000 });
  });

  it("reports a pending refund and its failure callback", async () => {
    const started = await adapter.initiate(input());
    fake.approve(started.providerReference!);
    fake.setRefundStatus("PENDING");
    const refund = await adapter.refund({ providerReference: started.providerReference!, amountMinor: 14_500_000, currency: "CDF", idempotencyKey: "avp-ref-p" });
    expect(refund.outcome).toBe("pending");
    expect(await parse(fake.settleRefund(refund.providerReference!, "FAILED"))).toMatchObject({ kind: "refund_failed", refundReference: refund.providerReference, failure: { code: "wallet_unreachable" } });
    expect(fake.transactions.get(started.providerReference!)?.refunded_amount).toBe("0.00");
  });
});

describe("AvadaPay adapter: outages", () => {
  it("turns a 500, a hang and a reset into ProviderUnavailableError", async () => {
    fake.injectFault({ method: "POST", path: "/v1/payments" }, "500");
    await expect(adapter.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.injectFault({ method: "POST", path: "/v1/payments" }, "hang");
    const started = Date.now();
    await expect(adapter.initiate(input())).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
    fake.injectFault({ path: /^\/v1\/payments\// }, "reset");
    await expect(adapter.retrieve("avp_tx_x")).rejects.toBeInstanceOf(ProviderUnavailableError);
    fake.injectFault({ path: "/v1/refunds" }, { kind: "status", status: 502, body: "<html>Bad gateway</html>" });
    await expect(adapter.refund({ providerReference: "avp_tx_x", amountMinor: 100, currency: "CDF", idempotencyKey: "r" })).rejects.toBeInstanceOf(ProviderUnavailableError);
    expect(fake.transactions.size).toBe(0);
  });

  it("recovers a push whose answer was lost by retrying with the same key", async () => {
    const payment = input();
    fake.injectFault({ method: "POST", path: "/v1/payments" }, { kind: "hang", afterProcessing: true });
    await expect(adapter.initiate(payment)).rejects.toBeInstanceOf(ProviderUnavailableError);
    const retried = await adapter.initiate(payment);
    expect(fake.transactions.size).toBe(1);
    expect(retried.providerReference).toBe(fake.transactionFor(payment.paymentId)?.transaction_id);
  });

  it("treats rejected credentials and a closed port as unavailable", async () => {
    const wrongKey = createAvadapayAdapter({ apiKey: "nope", merchantId: fake.merchantId, webhookSecret: "s", apiUrl: fake.url, timeoutMs: 300 });
    await expect(wrongKey.initiate(input())).rejects.toBeInstanceOf(ProviderUnavailableError);
    const closed = createAvadapayAdapter({ apiKey: "k", merchantId: "m", webhookSecret: "s", apiUrl: "http://127.0.0.1:9", timeoutMs: 300 });
    await expect(closed.retrieve("avp_tx_x")).rejects.toBeInstanceOf(ProviderUnavailableError);
  });
});
