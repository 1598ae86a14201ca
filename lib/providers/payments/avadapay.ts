/**
 * AvadaPay — mobile money in the DRC (M-Pesa/Vodacom, Orange Money, Airtel Money).
 *
 * AvadaPay's public documentation is thin, so this adapter is written against the contract below.
 * Every item is an ASSUMPTION to check against their merchant documentation; correcting one should
 * touch only this file and its mirror, the loopback fake in tests/fakes/avadapay.ts.
 *
 *  A1  Base URL from config.apiUrl (AVADAPAY_API_URL), default https://api.avadapay.com; JSON bodies.
 *  A2  Auth: `Authorization: Bearer <AVADAPAY_API_KEY>`; each POST body names the merchant as
 *      `merchant_id` (AVADAPAY_MERCHANT_ID).
 *  A3  Idempotency: every POST carries `Idempotency-Key: <our key>`; a repeat with the same key
 *      returns the original transaction and sends no second push. Same key with another body → 409.
 *  A4  Phones: `phone` is the MSISDN in digits with its country code and no "+" (243812345678).
 *      AvadaPay picks the network from the number and reports it as `operator` (MPESA | ORANGE |
 *      AIRTEL) in answers and callbacks.
 *  A5  Amounts: `amount` is a decimal string in major units ("150000.00" CDF, "50.00" USD);
 *      `currency` is ISO 4217. DRC wallets hold CDF and USD; the API refuses others (422).
 *  A6  POST /v1/payments { merchant_id, amount, currency, phone, reference (our payment id),
 *      description, callback_url? } → 201 { transaction_id, status: "PENDING", … }. It is a push to
 *      the payer's phone, approved with their PIN; the outcome comes later by callback.
 *  A7  GET /v1/payments/{transaction_id} → 200 { transaction_id, reference, status, amount, currency,
 *      phone, operator, failure_reason, failure_message, updated_at }; status is one of
 *      PENDING | SUCCEEDED | FAILED | CANCELED | EXPIRED (the push was not answered in time).
 *  A8  POST /v1/refunds { merchant_id, transaction_id, amount, reference (our refund idempotency
 *      key), reason? } → 201 { refund_id, transaction_id, status: PENDING | SUCCEEDED | FAILED,
 *      amount, currency }. A refund is a transfer back to the wallet; it may end later by callback.
 *  A9  Errors are `{ error: { code, message } }`. 400/402/404/409/422 answer the request itself
 *      (invalid_phone, insufficient_funds, subscriber_not_found, unsupported_currency,
 *      amount_exceeds_refundable, not_found …) and become outcome `failed` with that code — except
 *      409 idempotency_conflict, our own bug, which is thrown. 401/403/429/5xx, timeouts and resets
 *      are ProviderUnavailableError (lib/providers/payments/rest.ts): the payment stays pending.
 *  A10 Callbacks are POSTed to callback_url (or the URL set in AvadaPay's dashboard). The raw body
 *      is signed: `X-AvadaPay-Signature: <hex HMAC-SHA256(raw body, AVADAPAY_WEBHOOK_SECRET)>` (a
 *      "sha256=" prefix is accepted). No timestamp is signed, so a replay verifies; it is harmless
 *      because the service processes each event_id once. Body: { event_id, type, transaction_id,
 *      reference (our payment id), amount, currency, phone, operator, failure_reason?,
 *      failure_message?, occurred_at (ISO 8601) } with type payment.succeeded | payment.failed |
 *      payment.canceled | payment.expired | refund.succeeded | refund.failed; a refund callback
 *      also has refund_id and refund_reference (our refund key), and its amount is the refund's.
 *  A11 Mobile money cannot be charged without the payer: chargeSaved sends a new push to the saved
 *      phone and stays pending (approve_on_phone), like initiate.
 *
 * The saved method of a mobile-money payer is { type: "mobile_money", phone (E.164), brand: operator };
 * it has no externalMethodId (a phone is not a provider token).
 */
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { logger, maskPhone } from "@/lib/logger";
import { decimalToMinor, hmacSignatureMatches, minorToDecimal, obj, requestJson, str } from "./rest";
import {
  ProviderUnavailableError,
  WebhookSignatureError,
  type PaymentAdapter,
  type PaymentResult,
  type ProviderEvent,
  type ProviderFailure,
  type RefundResult,
} from "./types";

export type AvadapayAdapterConfig = {
  apiKey: string;
  merchantId: string;
  webhookSecret: string;
  /** AVADAPAY_API_URL; default https://api.avadapay.com. */
  apiUrl?: string;
  /** Sent with each push so AvadaPay calls back there (e.g. `${APP_URL}/api/webhooks/avadapay`). */
  callbackUrl?: string;
  /** Per request, in ms (default 15 000). */
  timeoutMs?: number;
};

const PROVIDER: PaymentProvider = "AVADAPAY";
const SIGNATURE_HEADER = "x-avadapay-signature";
const log = logger.child({ provider: "avadapay" });

/** "+243812345678" → "243812345678"; undefined when it is not an international number. */
function toMsisdn(phone: string | null | undefined): string | undefined {
  const compact = phone?.replace(/[\s().-]/g, "") ?? "";
  return /^\+?[1-9]\d{7,14}$/.test(compact) ? compact.replace(/^\+/, "") : undefined;
}

const toE164 = (msisdn: string | undefined) => (msisdn ? `+${msisdn.replace(/^\+/, "")}` : undefined);

function errorFailure(body: unknown, status: number): ProviderFailure {
  const error = obj(body, "error");
  return { code: str(error, "code") ?? `http_${status}`, message: str(error, "message") ?? `AvadaPay refused the request (${status}).` };
}

function statusFailure(body: unknown): ProviderFailure | undefined {
  const code = str(body, "failure_reason");
  return code ? { code, message: str(body, "failure_message") ?? "The mobile-money payment did not go through." } : undefined;
}

/** A transaction (POST answer, GET answer or callback) as our outcome. */
function transactionResult(body: unknown): Omit<PaymentResult, "nextAction"> {
  const providerReference = str(body, "transaction_id");
  switch (str(body, "status")?.toUpperCase()) {
    case "SUCCEEDED":
      return { outcome: "succeeded", providerReference, savedMethod: savedPhone(body) };
    case "FAILED":
      return { outcome: "failed", providerReference, failure: statusFailure(body) ?? { code: "failed", message: "The mobile-money payment failed." } };
    case "CANCELED":
    case "EXPIRED":
      return { outcome: "canceled", providerReference, failure: statusFailure(body) };
    default:
      return { outcome: "pending", providerReference };
  }
}

function savedPhone(body: unknown) {
  const phone = toE164(str(body, "phone"));
  return phone ? { type: "mobile_money" as const, phone, brand: str(body, "operator") } : undefined;
}

export function createAvadapayAdapter(config: AvadapayAdapterConfig): PaymentAdapter {
  const baseUrl = config.apiUrl ?? "https://api.avadapay.com";
  const timeoutMs = config.timeoutMs ?? 15_000;
  const auth = { authorization: `Bearer ${config.apiKey}` };

  const post = (path: string, body: Record<string, unknown>, idempotencyKey: string) =>
    requestJson({ provider: "avadapay", baseUrl, method: "POST", path, body, timeoutMs, headers: { ...auth, "idempotency-key": idempotencyKey } });

  function conflict(status: number, body: unknown): void {
    if (status === 409 && str(obj(body, "error"), "code") === "idempotency_conflict") {
      throw new Error(`AvadaPay refused a reused idempotency key with different parameters: ${str(obj(body, "error"), "message") ?? ""}`);
    }
  }

  async function push(args: { paymentId: string; amountMinor: number; currency: string; description: string; phone: string | null | undefined; idempotencyKey: string }): Promise<PaymentResult> {
    const msisdn = toMsisdn(args.phone);
    if (!msisdn) {
      return { outcome: "failed", nextAction: { type: "none" }, failure: { code: "invalid_phone", message: "A mobile-money phone number in international format is required." } };
    }
    const { status, body } = await post(
      "v1/payments",
      {
        merchant_id: config.merchantId,
        amount: minorToDecimal(args.amountMinor, args.currency),
        currency: args.currency.toUpperCase(),
        phone: msisdn,
        reference: args.paymentId,
        description: args.description.slice(0, 140),
        ...(config.callbackUrl ? { callback_url: config.callbackUrl } : {}),
      },
      args.idempotencyKey,
    );
    conflict(status, body);
    if (status >= 400) {
      log.info({ paymentId: args.paymentId, phone: maskPhone(msisdn), status, code: str(obj(body, "error"), "code") }, "push refused");
      return { outcome: "failed", nextAction: { type: "none" }, failure: errorFailure(body, status) };
    }
    const result = transactionResult(body);
    if (!result.providerReference) {
      throw new ProviderUnavailableError("avadapay", "AvadaPay accepted the push without a transaction_id");
    }
    log.info({ paymentId: args.paymentId, phone: maskPhone(msisdn), transactionId: result.providerReference }, "push sent");
    const phone = toE164(msisdn)!;
    return { ...result, savedMethod: undefined, nextAction: result.outcome === "pending" ? { type: "approve_on_phone", phone } : { type: "none" } };
  }

  return {
    provider: PROVIDER,
    methods: ["mobile_money"],
    currencies: ["CDF", "USD"], // A5

    initiate(input) {
      return push({ ...input, phone: input.phone ?? input.payer.phone });
    },

    chargeSaved(input) {
      return push({ ...input, phone: input.method.type === "mobile_money" ? input.method.phone : undefined });
    },

    async retrieve(reference) {
      const { status, body } = await requestJson({ provider: "avadapay", baseUrl, method: "GET", path: `v1/payments/${encodeURIComponent(reference)}`, timeoutMs, headers: auth });
      if (status >= 400) return { outcome: "failed", providerReference: reference, failure: errorFailure(body, status) };
      return { ...transactionResult(body), providerReference: str(body, "transaction_id") ?? reference };
    },

    async refund(input): Promise<RefundResult> {
      const { status, body } = await post(
        "v1/refunds",
        {
          merchant_id: config.merchantId,
          transaction_id: input.providerReference,
          amount: minorToDecimal(input.amountMinor, input.currency),
          reference: input.idempotencyKey,
          ...(input.reason ? { reason: input.reason.slice(0, 140) } : {}),
        },
        input.idempotencyKey,
      );
      conflict(status, body);
      if (status >= 400) return { outcome: "failed", failure: errorFailure(body, status) };
      const refundId = str(body, "refund_id");
      switch (str(body, "status")?.toUpperCase()) {
        case "SUCCEEDED":
          return { outcome: "succeeded", providerReference: refundId };
        case "FAILED":
          return { outcome: "failed", providerReference: refundId, failure: statusFailure(body) ?? { code: "refund_failed", message: "AvadaPay could not refund." } };
        default:
          return { outcome: "pending", providerReference: refundId };
      }
    },

    async parseWebhook(rawBody, headers) {
      if (!hmacSignatureMatches(rawBody, headers.get(SIGNATURE_HEADER), config.webhookSecret)) throw new WebhookSignatureError();
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new WebhookSignatureError("The AvadaPay callback is not JSON.");
      }
      const eventId = str(body, "event_id");
      const type = str(body, "type");
      if (!eventId || !type) throw new WebhookSignatureError("The AvadaPay callback has no event_id or type.");
      const currency = str(body, "currency")?.toUpperCase();
      const amount = currency ? decimalToMinor((body as Record<string, unknown>).amount, currency) : undefined;
      const occurred = str(body, "occurred_at");
      const event: ProviderEvent = {
        eventId,
        type,
        kind: "ignored",
        providerReference: str(body, "transaction_id"),
        paymentId: str(body, "reference"),
        amountMinor: amount,
        currency,
        occurredAt: occurred && !Number.isNaN(Date.parse(occurred)) ? new Date(occurred) : undefined,
        raw: body,
      };
      switch (type) {
        case "payment.succeeded":
          return { ...event, kind: "payment_succeeded", savedMethod: savedPhone(body) };
        case "payment.failed":
          return { ...event, kind: "payment_failed", failure: statusFailure(body) ?? { code: "failed", message: "The mobile-money payment failed." } };
        case "payment.canceled":
        case "payment.expired":
          return { ...event, kind: "payment_canceled", failure: statusFailure(body) ?? { code: type === "payment.expired" ? "expired" : "canceled", message: "The payer did not approve the payment." } };
        case "refund.succeeded":
        case "refund.failed":
          return {
            ...event,
            kind: type === "refund.succeeded" ? "refund_succeeded" : "refund_failed",
            refundReference: str(body, "refund_id"),
            failure: type === "refund.failed" ? (statusFailure(body) ?? { code: "refund_failed", message: "The refund failed." }) : undefined,
          };
        default:
          return event;
      }
    },
  };
}
