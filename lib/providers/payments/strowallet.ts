/**
 * Strowallet — card payments (hosted card checkout, saved-card renewals, refunds).
 *
 * Strowallet's public documentation covers its card-issuing API, not card acquiring, so this adapter
 * is written against the contract below. Every item is an ASSUMPTION to check against the merchant
 * documentation; correcting one should touch only this file and its mirror, the loopback fake in
 * tests/fakes/strowallet.ts.
 *
 *  S1  Base URL from config.apiUrl (STROWALLET_API_URL), default https://strowallet.com; routes under
 *      /api/v1; JSON bodies.
 *  S2  Auth: `Authorization: Bearer <STROWALLET_SECRET_KEY>`, and the merchant's `public_key`
 *      (STROWALLET_PUBLIC_KEY) in every request — in the JSON body of a POST, in the query of a GET
 *      (Strowallet's published API identifies merchants by public_key this way).
 *  S3  Idempotency: every POST carries `Idempotency-Key: <our key>`; a repeat returns the original
 *      answer and creates nothing; the same key with another body → 409 idempotency_conflict.
 *  S4  Answers are `{ success: true, message, data: {…} }`; errors `{ success: false, message,
 *      error_code }` with a 4xx status.
 *  S5  Amounts: `amount` is a decimal string in major units ("50.00" EUR, "32798" XOF); `currency`
 *      is ISO 4217 (EUR, USD, XOF, XAF accepted; others 422 unsupported_currency).
 *  S6  POST /api/v1/card-payments { public_key, amount, currency, merchant_reference (our payment
 *      id), description, customer_email, customer_name?, redirect_url, cancel_url, callback_url?,
 *      save_card, metadata } → 201 { data: { reference (Strowallet's, "stw_pay_…"), checkout_url,
 *      status: "pending" } }. The payer enters the card on Strowallet's page (3-D Secure there).
 *      One attempt per checkout: a decline ends the payment as failed.
 *  S7  A payment made with save_card that succeeds carries `card: { token, brand, last4, exp_month,
 *      exp_year }` and `customer_id`. POST /api/v1/card-payments/charge { public_key, card_token,
 *      customer_id?, amount, currency, merchant_reference, description, metadata } charges it
 *      without the payer → 201 { data: { reference, status, failure_code?, failure_message? } }.
 *      A decline is status "failed" in a 2xx answer (a 402 card_declined is read the same way);
 *      "requires_action" (the bank wants 3-D Secure) is a failure: authentication_required.
 *  S8  GET /api/v1/card-payments/{reference}?public_key=… → { data: { reference, merchant_reference,
 *      status: pending | succeeded | failed | canceled | expired, amount, currency, card?, customer_id?,
 *      failure_code?, failure_message?, amount_refunded } }.
 *  S9  POST /api/v1/refunds { public_key, payment_reference, amount, reason? } → 201 { data: {
 *      refund_reference, payment_reference, status: pending | succeeded | failed, amount, currency } }.
 *  S10 4xx answers (400/402/404/409/422) are about the request: outcome failed with
 *      { code: error_code, message } (409 idempotency_conflict, our bug, is thrown). 401/403/429/5xx,
 *      timeouts and resets are ProviderUnavailableError (lib/providers/payments/rest.ts).
 *  S11 Webhooks are POSTed to callback_url with `X-Strowallet-Signature: <hex HMAC-SHA256(raw body,
 *      STROWALLET_WEBHOOK_SECRET)>` (a "sha256=" prefix is accepted). Body: { id, event, created_at
 *      (ISO 8601), data } where event is payment.succeeded | payment.failed | payment.canceled |
 *      refund.succeeded | refund.failed and data is the S8 payment (or the S9 refund plus
 *      merchant_reference). No timestamp is signed; replays are harmless (one event id, once).
 */
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { decimalToMinor, hmacSignatureMatches, int, minorToDecimal, obj, requestJson, str } from "./rest";
import {
  ProviderUnavailableError,
  WebhookSignatureError,
  type PaymentAdapter,
  type PaymentResult,
  type ProviderEvent,
  type ProviderFailure,
  type RefundResult,
  type SavedMethod,
} from "./types";

export type StrowalletAdapterConfig = {
  publicKey: string;
  secretKey: string;
  webhookSecret: string;
  /** STROWALLET_API_URL; default https://strowallet.com. */
  apiUrl?: string;
  /** Sent with each checkout (e.g. `${APP_URL}/api/webhooks/strowallet`). */
  callbackUrl?: string;
  /** Per request, in ms (default 15 000). */
  timeoutMs?: number;
};

const PROVIDER: PaymentProvider = "STROWALLET";
const SIGNATURE_HEADER = "x-strowallet-signature";
const log = logger.child({ provider: "strowallet" });

function errorFailure(body: unknown, status: number): ProviderFailure {
  return { code: str(body, "error_code") ?? `http_${status}`, message: str(body, "message") ?? `Strowallet refused the request (${status}).` };
}

function paymentFailure(data: unknown): ProviderFailure | undefined {
  const code = str(data, "failure_code");
  return code ? { code, message: str(data, "failure_message") ?? "The card payment did not go through." } : undefined;
}

function savedCard(data: unknown): SavedMethod | undefined {
  const card = obj(data, "card");
  const token = str(card, "token");
  if (!token) return undefined;
  return {
    type: "card",
    externalMethodId: token,
    externalCustomerId: str(data, "customer_id"),
    brand: str(card, "brand"),
    last4: str(card, "last4"),
    expMonth: int(card, "exp_month"),
    expYear: int(card, "exp_year"),
  };
}

/** A payment object (answer or webhook data) as our outcome. */
function paymentResult(data: unknown): Omit<PaymentResult, "nextAction"> {
  const providerReference = str(data, "reference");
  switch (str(data, "status")?.toLowerCase()) {
    case "succeeded":
      return { outcome: "succeeded", providerReference, savedMethod: savedCard(data) };
    case "failed":
      return { outcome: "failed", providerReference, failure: paymentFailure(data) ?? { code: "card_declined", message: "The card payment failed." } };
    case "requires_action":
      return { outcome: "failed", providerReference, failure: { code: "authentication_required", message: "The bank asks the cardholder to authenticate this payment." } };
    case "canceled":
    case "expired":
      return { outcome: "canceled", providerReference, failure: paymentFailure(data) };
    default:
      return { outcome: "pending", providerReference };
  }
}

export function createStrowalletAdapter(config: StrowalletAdapterConfig): PaymentAdapter {
  const baseUrl = config.apiUrl ?? "https://strowallet.com";
  const timeoutMs = config.timeoutMs ?? 15_000;
  const auth = { authorization: `Bearer ${config.secretKey}` };

  async function post(path: string, body: Record<string, unknown>, idempotencyKey: string) {
    const response = await requestJson({
      provider: "strowallet",
      baseUrl,
      method: "POST",
      path,
      body: { public_key: config.publicKey, ...body },
      timeoutMs,
      headers: { ...auth, "idempotency-key": idempotencyKey },
    });
    if (response.status === 409 && str(response.body, "error_code") === "idempotency_conflict") {
      throw new Error(`Strowallet refused a reused idempotency key with different parameters: ${str(response.body, "message") ?? ""}`);
    }
    return response;
  }

  const dataOf = (body: unknown) => obj(body, "data");

  return {
    provider: PROVIDER,
    methods: ["card"],
    currencies: ["EUR", "USD", "XOF", "XAF"], // S5

    async initiate(input) {
      const { status, body } = await post(
        "api/v1/card-payments",
        {
          amount: minorToDecimal(input.amountMinor, input.currency),
          currency: input.currency.toUpperCase(),
          merchant_reference: input.paymentId,
          description: input.description.slice(0, 200),
          customer_email: input.payer.email,
          ...(input.payer.name ? { customer_name: input.payer.name } : {}),
          redirect_url: input.successUrl,
          cancel_url: input.cancelUrl,
          ...(config.callbackUrl ? { callback_url: config.callbackUrl } : {}),
          save_card: input.saveMethod,
          metadata: { ...input.metadata, paymentId: input.paymentId },
        },
        input.idempotencyKey,
      );
      if (status >= 400) return { outcome: "failed", nextAction: { type: "none" }, failure: errorFailure(body, status) };
      const data = dataOf(body);
      const reference = str(data, "reference");
      const url = str(data, "checkout_url");
      if (!reference || !url) throw new ProviderUnavailableError("strowallet", "Strowallet accepted the checkout without a reference or checkout_url");
      log.info({ paymentId: input.paymentId, reference }, "checkout created");
      return { outcome: "pending", providerReference: reference, nextAction: { type: "redirect", url } };
    },

    async chargeSaved(input) {
      const none = { type: "none" } as const;
      if (input.method.type !== "card" || !input.method.externalMethodId) {
        return { outcome: "failed", nextAction: none, failure: { code: "no_saved_card", message: "No saved Strowallet card for this payment." } };
      }
      const { status, body } = await post(
        "api/v1/card-payments/charge",
        {
          card_token: input.method.externalMethodId,
          ...(input.method.externalCustomerId ? { customer_id: input.method.externalCustomerId } : {}),
          amount: minorToDecimal(input.amountMinor, input.currency),
          currency: input.currency.toUpperCase(),
          merchant_reference: input.paymentId,
          description: input.description.slice(0, 200),
          metadata: { ...input.metadata, paymentId: input.paymentId },
        },
        input.idempotencyKey,
      );
      if (status >= 400) {
        return { outcome: "failed", providerReference: str(dataOf(body), "reference"), nextAction: none, failure: errorFailure(body, status) };
      }
      return { ...paymentResult(dataOf(body)), savedMethod: undefined, nextAction: none };
    },

    async retrieve(reference) {
      const path = `api/v1/card-payments/${encodeURIComponent(reference)}?public_key=${encodeURIComponent(config.publicKey)}`;
      const { status, body } = await requestJson({ provider: "strowallet", baseUrl, method: "GET", path, timeoutMs, headers: auth });
      if (status >= 400) return { outcome: "failed", providerReference: reference, failure: errorFailure(body, status) };
      return { ...paymentResult(dataOf(body)), providerReference: str(dataOf(body), "reference") ?? reference };
    },

    async refund(input): Promise<RefundResult> {
      const { status, body } = await post(
        "api/v1/refunds",
        { payment_reference: input.providerReference, amount: minorToDecimal(input.amountMinor, input.currency), ...(input.reason ? { reason: input.reason.slice(0, 200) } : {}) },
        input.idempotencyKey,
      );
      if (status >= 400) return { outcome: "failed", failure: errorFailure(body, status) };
      const data = dataOf(body);
      const providerReference = str(data, "refund_reference");
      switch (str(data, "status")?.toLowerCase()) {
        case "succeeded":
          return { outcome: "succeeded", providerReference };
        case "failed":
          return { outcome: "failed", providerReference, failure: paymentFailure(data) ?? { code: "refund_failed", message: "Strowallet could not refund." } };
        default:
          return { outcome: "pending", providerReference };
      }
    },

    async parseWebhook(rawBody, headers) {
      if (!hmacSignatureMatches(rawBody, headers.get(SIGNATURE_HEADER), config.webhookSecret)) throw new WebhookSignatureError();
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new WebhookSignatureError("The Strowallet webhook is not JSON.");
      }
      const eventId = str(body, "id");
      const type = str(body, "event");
      const data = obj(body, "data");
      if (!eventId || !type) throw new WebhookSignatureError("The Strowallet webhook has no id or event.");
      const currency = str(data, "currency")?.toUpperCase();
      const created = str(body, "created_at");
      const event: ProviderEvent = {
        eventId,
        type,
        kind: "ignored",
        paymentId: str(data, "merchant_reference"),
        amountMinor: currency ? decimalToMinor(data?.amount, currency) : undefined,
        currency,
        occurredAt: created && !Number.isNaN(Date.parse(created)) ? new Date(created) : undefined,
        raw: body,
      };
      switch (type) {
        case "payment.succeeded":
        case "payment.failed":
        case "payment.canceled": {
          const result = paymentResult(data);
          const kind = type === "payment.succeeded" ? "payment_succeeded" : type === "payment.failed" ? "payment_failed" : "payment_canceled";
          const failure = kind === "payment_failed" ? (result.failure ?? { code: "card_declined", message: "The card payment failed." }) : result.failure;
          return { ...event, kind, providerReference: result.providerReference, failure, savedMethod: kind === "payment_succeeded" ? savedCard(data) : undefined };
        }
        case "refund.succeeded":
        case "refund.failed":
          return {
            ...event,
            kind: type === "refund.succeeded" ? "refund_succeeded" : "refund_failed",
            providerReference: str(data, "payment_reference"),
            refundReference: str(data, "refund_reference"),
            failure: type === "refund.failed" ? (paymentFailure(data) ?? { code: "refund_failed", message: "The refund failed." }) : undefined,
          };
        default:
          return event;
      }
    },
  };
}
