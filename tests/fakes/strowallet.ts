/**
 * A loopback stand-in for Strowallet card payments, speaking the contract written at the top of
 * lib/providers/payments/strowallet.ts: Bearer secret key + public_key, JSON envelopes
 * `{ success, message, data }` / `{ success: false, message, error_code }`, Idempotency-Key,
 * decimal major-unit amounts, webhooks signed with HMAC-SHA256 hex in X-Strowallet-Signature.
 *
 * Card rules on the hosted page (payCheckout) and for saved-card behaviour:
 *   …0002 → declined (card_declined)        …9995 → insufficient_funds
 *   …3184 → 3-D Secure: passes on the hosted page; a saved card then answers requires_action
 *   anything else → succeeds (4… visa, 5… mastercard)
 *
 * Driving it from a test:
 *   const fake = await startStrowalletFake();
 *   const adapter = createStrowalletAdapter({ publicKey: fake.publicKey, secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url });
 *   const { providerReference } = await adapter.initiate(...);
 *   const webhook = fake.payCheckout(providerReference!, { card: "4242424242424242" });
 *   await adapter.parseWebhook(webhook.payload, new Headers(webhook.headers));
 */
import crypto from "node:crypto";
import { fakeId, startLoopback, type FakeRequest, type FakeResponse, type Loopback, type SignedDelivery } from "./loopback";

export type CardBehavior = "succeed" | "card_declined" | "insufficient_funds" | "requires_action";
type Status = "pending" | "succeeded" | "failed" | "canceled" | "expired" | "requires_action";
export type StrowalletCard = { token: string; brand: string; last4: string; exp_month: number; exp_year: number };
export type StrowalletPayment = {
  reference: string;
  merchant_reference: string;
  status: Status;
  amount: string;
  currency: string;
  description: string | null;
  customer_email: string | null;
  customer_id: string | null;
  save_card: boolean;
  card: StrowalletCard | null;
  checkout_url: string | null;
  callback_url: string | null;
  metadata: Record<string, unknown>;
  failure_code: string | null;
  failure_message: string | null;
  amount_refunded: string;
  created_at: string;
  updated_at: string;
};
export type StrowalletRefund = {
  refund_reference: string;
  payment_reference: string;
  status: "pending" | "succeeded" | "failed";
  amount: string;
  currency: string;
  failure_code: string | null;
  created_at: string;
};

export type StrowalletFake = Loopback & {
  readonly publicKey: string;
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly payments: Map<string, StrowalletPayment>;
  readonly refunds: Map<string, StrowalletRefund>;
  paymentFor(paymentId: string): StrowalletPayment | undefined;
  /** The payer pays on the hosted page with a card number (default 4242424242424242); signed webhook. */
  payCheckout(reference: string, options?: { card?: string }): SignedDelivery;
  /** The payer leaves the hosted page (payment.canceled). */
  cancelCheckout(reference: string): SignedDelivery;
  setCardBehavior(token: string, behavior: CardBehavior): void;
  setRefundStatus(status: "succeeded" | "pending"): void;
  settleRefund(refundReference: string, status: "succeeded" | "failed"): SignedDelivery;
  /** The signed webhook for the current state of a payment / a finished refund. */
  webhookFor(reference: string): SignedDelivery;
  refundWebhookFor(refundReference: string): SignedDelivery;
  sign(body: unknown, secret?: string): SignedDelivery;
  reset(): void;
};

const DECIMALS: Record<string, number> = { EUR: 2, USD: 2, XOF: 0, XAF: 0 };
const MESSAGES: Record<string, string> = {
  card_declined: "The card was declined by the issuer.",
  insufficient_funds: "The card has insufficient funds.",
};
const toMinor = (amount: string, currency: string) => Math.round(Number(amount) * 10 ** (DECIMALS[currency] ?? 2));
const fromMinor = (minor: number, currency: string) => (minor / 10 ** (DECIMALS[currency] ?? 2)).toFixed(DECIMALS[currency] ?? 2);
const ok = (status: number, data: unknown, message = "Request successful"): FakeResponse => ({ status, body: { success: true, message, data } });
const fail = (status: number, code: string, message: string): FakeResponse => ({ status, body: { success: false, message, error_code: code } });

function behaviorOfNumber(card: string): CardBehavior {
  if (card.endsWith("0002")) return "card_declined";
  if (card.endsWith("9995")) return "insufficient_funds";
  if (card.endsWith("3184")) return "requires_action";
  return "succeed";
}

export async function startStrowalletFake(options: { publicKey?: string; secretKey?: string; webhookSecret?: string } = {}): Promise<StrowalletFake> {
  const publicKey = options.publicKey ?? "pub_test_strowallet";
  const secretKey = options.secretKey ?? "sec_test_strowallet";
  const webhookSecret = options.webhookSecret ?? "stw_whsec_test";
  const payments = new Map<string, StrowalletPayment>();
  const refunds = new Map<string, StrowalletRefund>();
  const cards = new Map<string, { card: StrowalletCard; customerId: string; behavior: CardBehavior }>();
  const idempotency = new Map<string, { fingerprint: string; response: FakeResponse }>();
  let refundStatus: "succeeded" | "pending" = "succeeded";
  let baseUrl = "";

  function validAmount(amount: unknown, currency: string): amount is string {
    const decimals = DECIMALS[currency];
    if (decimals === undefined || typeof amount !== "string") return false;
    const pattern = decimals === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`);
    return pattern.test(amount) && Number(amount) > 0;
  }

  function newPayment(body: Record<string, unknown>, extra: Partial<StrowalletPayment>): { payment: StrowalletPayment } | { refused: FakeResponse } {
    const currency = typeof body.currency === "string" ? body.currency : "";
    if (DECIMALS[currency] === undefined) return { refused: fail(422, "unsupported_currency", `Currency ${currency || "(none)"} is not supported.`) };
    if (!validAmount(body.amount, currency)) return { refused: fail(400, "invalid_amount", `amount must be a positive decimal string with at most ${DECIMALS[currency]} decimals.`) };
    if (typeof body.merchant_reference !== "string" || !body.merchant_reference) return { refused: fail(400, "validation_error", "merchant_reference is required.") };
    const at = new Date().toISOString();
    const payment: StrowalletPayment = {
      reference: fakeId("stw_pay_", 20),
      merchant_reference: body.merchant_reference,
      status: "pending",
      amount: body.amount,
      currency,
      description: typeof body.description === "string" ? body.description : null,
      customer_email: typeof body.customer_email === "string" ? body.customer_email : null,
      customer_id: null,
      save_card: body.save_card === true,
      card: null,
      checkout_url: null,
      callback_url: typeof body.callback_url === "string" ? body.callback_url : null,
      metadata: (body.metadata as Record<string, unknown>) ?? {},
      failure_code: null,
      failure_message: null,
      amount_refunded: fromMinor(0, currency),
      created_at: at,
      updated_at: at,
      ...extra,
    };
    payments.set(payment.reference, payment);
    return { payment };
  }

  function settle(payment: StrowalletPayment, behavior: CardBehavior): void {
    payment.updated_at = new Date().toISOString();
    if (behavior === "succeed") {
      payment.status = "succeeded";
      return;
    }
    if (behavior === "requires_action") {
      payment.status = "requires_action";
      return;
    }
    payment.status = "failed";
    payment.failure_code = behavior;
    payment.failure_message = MESSAGES[behavior] ?? "The card payment failed.";
  }

  function route(req: FakeRequest, body: Record<string, unknown>): FakeResponse {
    if (req.method === "POST" && req.path === "/api/v1/card-payments") {
      if (typeof body.redirect_url !== "string") return fail(400, "validation_error", "redirect_url is required.");
      const created = newPayment(body, {});
      if ("refused" in created) return created.refused;
      const { payment } = created;
      payment.checkout_url = `${baseUrl}/checkout/${payment.reference}`;
      return ok(201, { reference: payment.reference, checkout_url: payment.checkout_url, status: payment.status, merchant_reference: payment.merchant_reference });
    }
    if (req.method === "POST" && req.path === "/api/v1/card-payments/charge") {
      const saved = typeof body.card_token === "string" ? cards.get(body.card_token) : undefined;
      if (!saved) return fail(404, "card_not_found", "No saved card for this token.");
      if (body.customer_id !== undefined && body.customer_id !== saved.customerId) return fail(422, "card_customer_mismatch", "The card belongs to another customer.");
      const created = newPayment(body, { customer_id: saved.customerId, card: saved.card });
      if ("refused" in created) return created.refused;
      const { payment } = created;
      settle(payment, saved.behavior);
      return ok(201, payment);
    }
    if (req.method === "POST" && req.path === "/api/v1/refunds") {
      const payment = typeof body.payment_reference === "string" ? payments.get(body.payment_reference) : undefined;
      if (!payment) return fail(404, "payment_not_found", `No payment ${String(body.payment_reference)}.`);
      if (payment.status !== "succeeded") return fail(422, "not_refundable", `Payment ${payment.reference} is ${payment.status}.`);
      if (!validAmount(body.amount, payment.currency)) return fail(400, "invalid_amount", "amount must be a positive decimal string.");
      const remaining = toMinor(payment.amount, payment.currency) - toMinor(payment.amount_refunded, payment.currency);
      const amount = toMinor(body.amount, payment.currency);
      if (amount > remaining) return fail(422, "amount_exceeds_refundable", `At most ${fromMinor(remaining, payment.currency)} ${payment.currency} can be refunded.`);
      const refund: StrowalletRefund = {
        refund_reference: fakeId("stw_ref_", 20),
        payment_reference: payment.reference,
        status: refundStatus,
        amount: body.amount,
        currency: payment.currency,
        failure_code: null,
        created_at: new Date().toISOString(),
      };
      refunds.set(refund.refund_reference, refund);
      payment.amount_refunded = fromMinor(toMinor(payment.amount_refunded, payment.currency) + amount, payment.currency);
      return ok(201, refund);
    }
    const match = /^\/api\/v1\/card-payments\/([^/]+)$/.exec(req.path);
    if (req.method === "GET" && match) {
      if (req.query.get("public_key") !== publicKey) return fail(401, "invalid_public_key", "public_key is missing or wrong.");
      const payment = payments.get(decodeURIComponent(match[1]!));
      return payment ? ok(200, payment) : fail(404, "payment_not_found", `No payment ${match[1]}.`);
    }
    return fail(404, "not_found", `No route ${req.method} ${req.path}.`);
  }

  function handle(req: FakeRequest, parsed: unknown): FakeResponse {
    if (req.headers.authorization !== `Bearer ${secretKey}`) return fail(401, "unauthorized", "Invalid secret key.");
    if (req.method !== "POST") return route(req, {});
    if (parsed === undefined) return fail(400, "invalid_json", "The body must be JSON.");
    const body = parsed as Record<string, unknown>;
    if (body.public_key !== publicKey) return fail(401, "invalid_public_key", "public_key is missing or wrong.");
    const key = req.headers["idempotency-key"] as string | undefined;
    const fingerprint = `${req.path} ${req.rawBody}`;
    const seen = key ? idempotency.get(key) : undefined;
    if (seen && seen.fingerprint !== fingerprint) return fail(409, "idempotency_conflict", "This Idempotency-Key was used with a different request.");
    if (seen) return seen.response;
    const response = route(req, body);
    if (key && response.status < 300) idempotency.set(key, { fingerprint, response });
    return response;
  }

  const loopback = await startLoopback({
    parseBody: (req) => (req.rawBody ? JSON.parse(req.rawBody) : req.method === "POST" ? undefined : {}),
    handle,
  });
  baseUrl = loopback.url;

  const sign = (body: unknown, secret = webhookSecret): SignedDelivery => {
    const payload = JSON.stringify(body);
    return { payload, headers: { "content-type": "application/json", "x-strowallet-signature": crypto.createHmac("sha256", secret).update(payload).digest("hex") } };
  };
  const get = (reference: string) => {
    const payment = payments.get(reference);
    if (!payment) throw new Error(`No Strowallet payment ${reference} in the fake`);
    return payment;
  };
  const webhookFor = (reference: string): SignedDelivery => {
    const payment = get(reference);
    const event = payment.status === "succeeded" ? "payment.succeeded" : payment.status === "canceled" || payment.status === "expired" ? "payment.canceled" : payment.status === "pending" ? "payment.pending" : "payment.failed";
    const { checkout_url: _url, callback_url: _cb, ...data } = payment;
    return sign({ id: fakeId("stw_evt_", 20), event, created_at: payment.updated_at, data });
  };
  const refundWebhookFor = (refundReference: string): SignedDelivery => {
    const refund = refunds.get(refundReference);
    if (!refund) throw new Error(`No Strowallet refund ${refundReference} in the fake`);
    if (refund.status === "pending") throw new Error(`Strowallet refund ${refundReference} is still pending: settle it first`);
    const payment = get(refund.payment_reference);
    const data = { ...refund, merchant_reference: payment.merchant_reference, ...(refund.failure_code ? { failure_message: "The issuer refused the refund." } : {}) };
    return sign({ id: fakeId("stw_evt_", 20), event: `refund.${refund.status}`, created_at: new Date().toISOString(), data });
  };

  return {
    ...loopback,
    publicKey,
    secretKey,
    webhookSecret,
    payments,
    refunds,
    paymentFor: (paymentId) => [...payments.values()].find((p) => p.merchant_reference === paymentId),
    payCheckout(reference, payOptions = {}) {
      const payment = get(reference);
      if (payment.status !== "pending") throw new Error(`Strowallet payment ${reference} is already ${payment.status}`);
      const number = (payOptions.card ?? "4242424242424242").replace(/\s/g, "");
      const behavior = behaviorOfNumber(number);
      // 3-D Secure happens on the hosted page, so that card passes there.
      settle(payment, behavior === "requires_action" ? "succeed" : behavior);
      if ((payment.status as Status) === "succeeded" && payment.save_card) {
        const card: StrowalletCard = { token: fakeId("stw_card_", 20), brand: number.startsWith("5") ? "mastercard" : "visa", last4: number.slice(-4), exp_month: 12, exp_year: new Date().getUTCFullYear() + 3 };
        const customerId = fakeId("stw_cus_", 14);
        cards.set(card.token, { card, customerId, behavior });
        payment.card = card;
        payment.customer_id = customerId;
      }
      return webhookFor(reference);
    },
    cancelCheckout(reference) {
      const payment = get(reference);
      if (payment.status !== "pending") throw new Error(`Strowallet payment ${reference} is already ${payment.status}`);
      payment.status = "canceled";
      payment.updated_at = new Date().toISOString();
      return webhookFor(reference);
    },
    setCardBehavior(token, behavior) {
      const saved = cards.get(token);
      if (!saved) throw new Error(`No saved Strowallet card ${token} in the fake`);
      saved.behavior = behavior;
    },
    setRefundStatus(status) {
      refundStatus = status;
    },
    settleRefund(refundReference, status) {
      const refund = refunds.get(refundReference);
      if (!refund) throw new Error(`No Strowallet refund ${refundReference} in the fake`);
      if (refund.status !== "pending") throw new Error(`Strowallet refund ${refundReference} is already ${refund.status}`);
      refund.status = status;
      if (status === "failed") {
        const payment = get(refund.payment_reference);
        refund.failure_code = "issuer_refused";
        payment.amount_refunded = fromMinor(toMinor(payment.amount_refunded, payment.currency) - toMinor(refund.amount, refund.currency), payment.currency);
      }
      return refundWebhookFor(refundReference);
    },
    webhookFor,
    refundWebhookFor,
    sign,
    reset() {
      payments.clear();
      refunds.clear();
      cards.clear();
      idempotency.clear();
      refundStatus = "succeeded";
      loopback.resetLog();
    },
  };
}
