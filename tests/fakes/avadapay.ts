/**
 * A loopback stand-in for AvadaPay (DRC mobile money), speaking the contract written at the top of
 * lib/providers/payments/avadapay.ts: Bearer key, JSON, Idempotency-Key, decimal major-unit
 * amounts, MSISDN phones without "+", callbacks signed with HMAC-SHA256 hex in X-AvadaPay-Signature.
 *
 * Phone rules (on 243 + 9 digits; prefixes 81/82/83 → MPESA, 80/84/85/89 → ORANGE, 97/98/99 → AIRTEL):
 *   anything else         → 422 invalid_phone at once
 *   …1111                 → 402 insufficient_funds at once (no push)
 *   …2222                 → 422 subscriber_not_found at once
 *   …0000                 → the push is rejected by the payer when settled (payment.failed, rejected_by_payer)
 *   …3333                 → the push expires when settled (payment.expired)
 *   otherwise             → the payer approves when settled (payment.succeeded)
 *
 * Driving it from a test:
 *   const fake = await startAvadapayFake();
 *   const adapter = createAvadapayAdapter({ apiKey: fake.apiKey, merchantId: fake.merchantId, webhookSecret: fake.webhookSecret, apiUrl: fake.url });
 *   const { providerReference } = await adapter.initiate(...);
 *   const callback = fake.settle(providerReference!);         // or approve / reject / expire
 *   await adapter.parseWebhook(callback.payload, new Headers(callback.headers));
 */
import crypto from "node:crypto";
import { fakeId, startLoopback, type FakeRequest, type FakeResponse, type Loopback, type SignedDelivery } from "./loopback";

type Status = "PENDING" | "SUCCEEDED" | "FAILED" | "CANCELED" | "EXPIRED";
export type AvadapayTransaction = {
  transaction_id: string;
  reference: string;
  status: Status;
  amount: string;
  currency: string;
  phone: string;
  operator: "MPESA" | "ORANGE" | "AIRTEL";
  description: string | null;
  callback_url: string | null;
  failure_reason: string | null;
  failure_message: string | null;
  refunded_amount: string;
  created_at: string;
  updated_at: string;
};
export type AvadapayRefund = {
  refund_id: string;
  transaction_id: string;
  reference: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
  amount: string;
  currency: string;
  failure_reason: string | null;
  created_at: string;
};

export type AvadapayFake = Loopback & {
  readonly apiKey: string;
  readonly merchantId: string;
  readonly webhookSecret: string;
  readonly transactions: Map<string, AvadapayTransaction>;
  readonly refunds: Map<string, AvadapayRefund>;
  /** The transaction of one of our payments (by the `reference` we sent). */
  transactionFor(paymentId: string): AvadapayTransaction | undefined;
  /** Ends a pending push as the phone-number rules say, and returns the signed callback. */
  settle(transactionId: string): SignedDelivery;
  approve(transactionId: string): SignedDelivery;
  reject(transactionId: string, reason?: string, message?: string): SignedDelivery;
  expire(transactionId: string): SignedDelivery;
  /** Refunds are created SUCCEEDED unless this is "PENDING"; settleRefund then finishes them. */
  setRefundStatus(status: "SUCCEEDED" | "PENDING"): void;
  settleRefund(refundId: string, status: "SUCCEEDED" | "FAILED"): SignedDelivery;
  /** The signed refund.succeeded / refund.failed callback of a finished refund. */
  refundCallbackFor(refundId: string): SignedDelivery;
  /** The signed callback for the current state of a transaction (e.g. to deliver it again). */
  callbackFor(transactionId: string): SignedDelivery;
  /** Signs any body (an unrelated event type, a tampered copy …), with another secret if given. */
  sign(body: unknown, secret?: string): SignedDelivery;
  reset(): void;
};

const OPERATORS: Array<[RegExp, AvadapayTransaction["operator"]]> = [
  [/^2438[123]/, "MPESA"],
  [/^2438[0459]/, "ORANGE"],
  [/^2439[789]/, "AIRTEL"],
];
const MESSAGES: Record<string, string> = {
  rejected_by_payer: "The subscriber rejected the payment request.",
  expired: "The subscriber did not answer the payment request in time.",
  insufficient_funds: "The subscriber's balance is insufficient.",
};
const CURRENCY_DECIMALS: Record<string, number> = { CDF: 2, USD: 2 };

const json = (status: number, body: unknown): FakeResponse => ({ status, body });
const fail = (status: number, code: string, message: string) => json(status, { error: { code, message } });

function amountValid(amount: unknown, currency: string): amount is string {
  const decimals = CURRENCY_DECIMALS[currency] ?? 2;
  return typeof amount === "string" && new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`).test(amount) && Number(amount) > 0;
}

const cents = (amount: string) => Math.round(Number(amount) * 100);
const fromCents = (value: number) => (value / 100).toFixed(2);

export async function startAvadapayFake(options: { apiKey?: string; merchantId?: string; webhookSecret?: string } = {}): Promise<AvadapayFake> {
  const apiKey = options.apiKey ?? "avp_test_key";
  const merchantId = options.merchantId ?? "MERCHANT-TEST-1";
  const webhookSecret = options.webhookSecret ?? "avp_whsec_test";
  const transactions = new Map<string, AvadapayTransaction>();
  const refunds = new Map<string, AvadapayRefund>();
  const idempotency = new Map<string, { fingerprint: string; response: FakeResponse }>();
  let refundStatus: "SUCCEEDED" | "PENDING" = "SUCCEEDED";

  function createPayment(body: Record<string, unknown>): FakeResponse {
    const currency = typeof body.currency === "string" ? body.currency : "";
    if (!["CDF", "USD"].includes(currency)) return fail(422, "unsupported_currency", `Currency ${currency || "(none)"} is not supported; use CDF or USD.`);
    if (!amountValid(body.amount, currency)) return fail(400, "invalid_amount", "amount must be a positive decimal string in major units.");
    if (typeof body.reference !== "string" || body.reference === "") return fail(400, "invalid_request", "reference is required.");
    const phone = typeof body.phone === "string" ? body.phone : "";
    const operator = /^243\d{9}$/.test(phone) ? OPERATORS.find(([re]) => re.test(phone))?.[1] : undefined;
    if (!operator) return fail(422, "invalid_phone", "phone must be a DRC mobile number (243 followed by 9 digits) on M-Pesa, Orange or Airtel.");
    if (phone.endsWith("1111")) return fail(402, "insufficient_funds", MESSAGES.insufficient_funds!);
    if (phone.endsWith("2222")) return fail(422, "subscriber_not_found", "No mobile-money account for this number.");
    const at = new Date().toISOString();
    const tx: AvadapayTransaction = {
      transaction_id: fakeId("avp_tx_", 20),
      reference: body.reference,
      status: "PENDING",
      amount: body.amount,
      currency,
      phone,
      operator,
      description: typeof body.description === "string" ? body.description : null,
      callback_url: typeof body.callback_url === "string" ? body.callback_url : null,
      failure_reason: null,
      failure_message: null,
      refunded_amount: "0.00",
      created_at: at,
      updated_at: at,
    };
    transactions.set(tx.transaction_id, tx);
    return json(201, tx);
  }

  function createRefund(body: Record<string, unknown>): FakeResponse {
    const tx = typeof body.transaction_id === "string" ? transactions.get(body.transaction_id) : undefined;
    if (!tx) return fail(404, "not_found", `No transaction ${String(body.transaction_id)}.`);
    if (tx.status !== "SUCCEEDED") return fail(422, "not_refundable", `Transaction ${tx.transaction_id} is ${tx.status}.`);
    if (!amountValid(body.amount, tx.currency)) return fail(400, "invalid_amount", "amount must be a positive decimal string in major units.");
    const remaining = cents(tx.amount) - cents(tx.refunded_amount);
    if (cents(body.amount) > remaining) return fail(422, "amount_exceeds_refundable", `At most ${fromCents(remaining)} ${tx.currency} can still be refunded.`);
    const refund: AvadapayRefund = {
      refund_id: fakeId("avp_rf_", 20),
      transaction_id: tx.transaction_id,
      reference: typeof body.reference === "string" ? body.reference : "",
      status: refundStatus,
      amount: body.amount,
      currency: tx.currency,
      failure_reason: null,
      created_at: new Date().toISOString(),
    };
    refunds.set(refund.refund_id, refund);
    // The amount is reserved at once, so two refunds can never exceed the payment.
    tx.refunded_amount = fromCents(cents(tx.refunded_amount) + cents(refund.amount));
    return json(201, refund);
  }

  function handle(req: FakeRequest, parsed: unknown): FakeResponse {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return fail(401, "unauthorized", "Invalid API key.");
    const body = (parsed ?? {}) as Record<string, unknown>;
    if (req.method === "GET") {
      const match = /^\/v1\/payments\/([^/]+)$/.exec(req.path);
      const tx = match ? transactions.get(decodeURIComponent(match[1]!)) : undefined;
      if (match) return tx ? json(200, tx) : fail(404, "not_found", `No transaction ${match[1]}.`);
      return fail(404, "not_found", `No route GET ${req.path}.`);
    }
    if (req.method !== "POST") return fail(405, "method_not_allowed", "Method not allowed.");
    if (parsed === undefined) return fail(400, "invalid_json", "The body must be JSON.");
    if (body.merchant_id !== merchantId) return fail(403, "unknown_merchant", "merchant_id does not match this API key.");
    const key = req.headers["idempotency-key"] as string | undefined;
    const fingerprint = `${req.path} ${req.rawBody}`;
    const seen = key ? idempotency.get(key) : undefined;
    if (seen && seen.fingerprint !== fingerprint) return fail(409, "idempotency_conflict", "This Idempotency-Key was used with a different request.");
    if (seen) return { ...seen.response, status: 200 };
    let response: FakeResponse;
    if (req.path === "/v1/payments") response = createPayment(body);
    else if (req.path === "/v1/refunds") response = createRefund(body);
    else return fail(404, "not_found", `No route POST ${req.path}.`);
    if (key && response.status < 300) idempotency.set(key, { fingerprint, response });
    return response;
  }

  const loopback = await startLoopback({
    parseBody: (req) => (req.rawBody ? JSON.parse(req.rawBody) : req.method === "POST" ? undefined : {}),
    handle,
  });

  const sign = (body: unknown, secret = webhookSecret): SignedDelivery => {
    const payload = JSON.stringify(body);
    const signature = crypto.createHmac("sha256", secret).update(payload).digest("hex");
    return { payload, headers: { "content-type": "application/json", "x-avadapay-signature": signature, "user-agent": "AvadaPay-Webhooks/1.0" } };
  };

  const get = (id: string) => {
    const tx = transactions.get(id);
    if (!tx) throw new Error(`No AvadaPay transaction ${id} in the fake`);
    return tx;
  };

  const callbackFor = (id: string): SignedDelivery => {
    const tx = get(id);
    const type = { PENDING: "payment.pending", SUCCEEDED: "payment.succeeded", FAILED: "payment.failed", CANCELED: "payment.canceled", EXPIRED: "payment.expired" }[tx.status];
    return sign({
      event_id: fakeId("avp_evt_", 20),
      type,
      transaction_id: tx.transaction_id,
      reference: tx.reference,
      amount: tx.amount,
      currency: tx.currency,
      phone: tx.phone,
      operator: tx.operator,
      ...(tx.failure_reason ? { failure_reason: tx.failure_reason, failure_message: tx.failure_message } : {}),
      occurred_at: tx.updated_at,
    });
  };

  const refundCallbackFor = (refundId: string): SignedDelivery => {
    const refund = refunds.get(refundId);
    if (!refund) throw new Error(`No AvadaPay refund ${refundId} in the fake`);
    if (refund.status === "PENDING") throw new Error(`AvadaPay refund ${refundId} is still pending: settle it first`);
    const tx = get(refund.transaction_id);
    return sign({
      event_id: fakeId("avp_evt_", 20),
      type: refund.status === "SUCCEEDED" ? "refund.succeeded" : "refund.failed",
      transaction_id: tx.transaction_id,
      reference: tx.reference,
      refund_id: refund.refund_id,
      refund_reference: refund.reference,
      amount: refund.amount,
      currency: refund.currency,
      phone: tx.phone,
      operator: tx.operator,
      ...(refund.failure_reason ? { failure_reason: refund.failure_reason, failure_message: "The wallet could not be credited." } : {}),
      occurred_at: new Date().toISOString(),
    });
  };

  const finish = (id: string, status: Status, reason?: string, message?: string): SignedDelivery => {
    const tx = get(id);
    if (tx.status !== "PENDING") throw new Error(`AvadaPay transaction ${id} is already ${tx.status}`);
    tx.status = status;
    tx.failure_reason = reason ?? null;
    tx.failure_message = reason ? (message ?? MESSAGES[reason] ?? "The payment failed.") : null;
    tx.updated_at = new Date().toISOString();
    return callbackFor(id);
  };

  return {
    ...loopback,
    apiKey,
    merchantId,
    webhookSecret,
    transactions,
    refunds,
    transactionFor: (paymentId) => [...transactions.values()].find((t) => t.reference === paymentId),
    settle(id) {
      const { phone } = get(id);
      if (phone.endsWith("0000")) return finish(id, "FAILED", "rejected_by_payer");
      if (phone.endsWith("3333")) return finish(id, "EXPIRED", "expired");
      return finish(id, "SUCCEEDED");
    },
    approve: (id) => finish(id, "SUCCEEDED"),
    reject: (id, reason = "rejected_by_payer", message) => finish(id, "FAILED", reason, message),
    expire: (id) => finish(id, "EXPIRED", "expired"),
    setRefundStatus(status) {
      refundStatus = status;
    },
    settleRefund(refundId, status) {
      const refund = refunds.get(refundId);
      if (!refund) throw new Error(`No AvadaPay refund ${refundId} in the fake`);
      if (refund.status !== "PENDING") throw new Error(`AvadaPay refund ${refundId} is already ${refund.status}`);
      refund.status = status;
      if (status === "FAILED") {
        const tx = get(refund.transaction_id);
        refund.failure_reason = "wallet_unreachable";
        tx.refunded_amount = fromCents(cents(tx.refunded_amount) - cents(refund.amount));
      }
      return refundCallbackFor(refundId);
    },
    refundCallbackFor,
    callbackFor,
    sign,
    reset() {
      transactions.clear();
      refunds.clear();
      idempotency.clear();
      refundStatus = "SUCCEEDED";
      loopback.resetLog();
    },
  };
}
