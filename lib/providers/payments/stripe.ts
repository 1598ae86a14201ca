/**
 * Stripe, through the real `stripe` SDK (v23; the API version is the one the SDK pins).
 *
 * Choices and assumptions:
 *  - A payment link (first payment, plan change, a renewal the owner pays by hand) is a hosted
 *    Checkout Session in `payment` mode with one `price_data` line in the payment's currency and
 *    amount. Stripe treats XOF and XAF as zero-decimal and EUR/CDF in cents, exactly our minor units,
 *    so `amountMinor` is sent unchanged. providerReference = the session id (`cs_…`).
 *  - `customer_creation: "always"` gives every payer a Customer; with `saveMethod` the session's
 *    PaymentIntent gets `setup_future_usage: "off_session"`, so Stripe attaches the card to that
 *    Customer and a renewal can be charged without the payer (chargeSaved).
 *  - `metadata.paymentId` (our id) is on the session AND on the PaymentIntent, so every event —
 *    checkout.session.* (providerReference cs_…) and payment_intent.* (providerReference pi_…) —
 *    names our payment. The service should match events by paymentId first.
 *  - A PaymentIntent made by a Checkout Session also carries `metadata.afpFlow = "checkout"`: a
 *    failed card attempt on the hosted page is not final (the payer may try another card), so its
 *    payment_intent.payment_failed maps to `payment_pending` with the failure; the session's
 *    completion or expiry is the final word. Off-session charges carry `afpFlow = "off_session"`.
 *  - Our idempotency key is Stripe's Idempotency-Key on every create (session, PaymentIntent,
 *    refund). The SDK retries at most `maxNetworkRetries` (default 0) — it also retries a closed
 *    connection once on its own — always with the same key, so a retry can never charge twice.
 *  - A card decline (StripeCardError, HTTP 402), including `authentication_required` off-session,
 *    is an outcome `failed` with { code: decline_code ?? code, message }, not an exception. Other
 *    4xx (invalid request, missing object) are `failed` too: the request can never succeed as sent.
 *    An idempotency-key reuse with different parameters, or an error that is not an answer from
 *    Stripe (a bug), is thrown as is.
 *  - No answer, a timeout, 5xx, 429, or rejected credentials (401/403) → ProviderUnavailableError.
 *  - Webhooks are verified with `webhooks.constructEvent` on the raw body and the `stripe-signature`
 *    header (default tolerance of 300 s). checkout.session.completed / async_payment_succeeded fetch
 *    the PaymentIntent (expanded payment method) to report the saved card; that call failing makes
 *    the delivery a ProviderUnavailableError (the route answers 5xx and Stripe redelivers).
 *  - Refund webhooks: refund.created / refund.updated / refund.failed map by the refund's status
 *    (pending ones are ignored); charge.refunded maps to the charge's latest refund (from the event
 *    when listed, otherwise one `GET /v1/refunds?charge=` call).
 *  - apiUrl (STRIPE_API_URL) points the SDK at another host, e.g. the loopback fake in tests.
 */
import Stripe from "stripe";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
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

export type StripeAdapterConfig = {
  secretKey: string;
  webhookSecret: string;
  /** Another API host (STRIPE_API_URL), e.g. http://127.0.0.1:port for the loopback fake. */
  apiUrl?: string;
  /** Per request, in ms (default 20 000). */
  timeoutMs?: number;
  /** SDK retries of a failed request, with the same idempotency key (default 0). */
  maxNetworkRetries?: number;
};

const PROVIDER: PaymentProvider = "STRIPE";
type StripeErrorLike = { type?: string; rawType?: string; statusCode?: number; code?: string; decline_code?: string; message?: string; payment_intent?: Stripe.PaymentIntent };

function hostOptions(apiUrl: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!apiUrl) return {};
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  typeof value === "string" ? value : (value?.id ?? undefined);

/** Errors that mean "we do not know / cannot reach Stripe now" become ProviderUnavailableError. */
function unavailable(error: unknown): ProviderUnavailableError | undefined {
  const e = error as StripeErrorLike;
  const status = e.statusCode ?? 0;
  if (e.type === "StripeConnectionError" || e.type === "StripeAPIError" || e.type === "StripeRateLimitError" ||
      e.type === "StripeAuthenticationError" || e.type === "StripePermissionError" || status >= 500 || status === 429 || status === 409) {
    return new ProviderUnavailableError("stripe", `Stripe is unavailable: ${e.message ?? "no answer"}`, error);
  }
  return undefined;
}

/** A 4xx that is an answer about this payment (decline, invalid request) → a failure; else throws. */
function failureOrThrow(error: unknown): ProviderFailure {
  const down = unavailable(error);
  if (down) throw down;
  const e = error as StripeErrorLike;
  // Not an answer from Stripe (a bug of ours or of the SDK's arguments), or a key reused with other
  // parameters: these must surface, not become a failed payment.
  if (!e.type?.startsWith("Stripe") || e.type === "StripeIdempotencyError") throw error;
  return { code: e.decline_code || e.code || "invalid_request", message: e.message || "Stripe refused the request." };
}

function cardMethod(intent: Stripe.PaymentIntent): SavedMethod | undefined {
  if (!intent.setup_future_usage) return undefined;
  const pm = intent.payment_method;
  const customer = idOf(intent.customer);
  if (!pm || !customer) return undefined;
  const card = typeof pm === "string" ? undefined : pm.card;
  return {
    type: "card",
    externalCustomerId: customer,
    externalMethodId: idOf(pm),
    brand: card?.brand,
    last4: card?.last4,
    expMonth: card?.exp_month,
    expYear: card?.exp_year,
  };
}

function intentFailure(intent: Stripe.PaymentIntent): ProviderFailure | undefined {
  const err = intent.last_payment_error;
  if (!err) return undefined;
  return { code: err.decline_code || err.code || "payment_failed", message: err.message || "The payment failed." };
}

/** The state of a PaymentIntent, as our outcome. */
function intentResult(intent: Stripe.PaymentIntent): Omit<PaymentResult, "nextAction"> {
  const base = { providerReference: intent.id };
  const checkout = intent.metadata?.afpFlow === "checkout";
  switch (intent.status) {
    case "succeeded":
      return { ...base, outcome: "succeeded", savedMethod: cardMethod(intent) };
    case "canceled":
      return { ...base, outcome: "canceled", failure: intentFailure(intent) };
    case "requires_action":
      return checkout
        ? { ...base, outcome: "pending" }
        : { ...base, outcome: "failed", failure: { code: "authentication_required", message: "The bank asks the cardholder to authenticate this payment." } };
    case "requires_payment_method": {
      const failure = intentFailure(intent);
      return failure && !checkout ? { ...base, outcome: "failed", failure } : { ...base, outcome: "pending", failure };
    }
    default:
      return { ...base, outcome: "pending" };
  }
}

/** The state of a Checkout Session (its PaymentIntent expanded when it has one). */
function sessionResult(session: Stripe.Checkout.Session): Omit<PaymentResult, "nextAction"> {
  const base = { providerReference: session.id };
  const intent = typeof session.payment_intent === "object" ? session.payment_intent : null;
  if (session.status === "expired") return { ...base, outcome: "canceled" };
  if (session.status === "complete" && session.payment_status === "paid") {
    return { ...base, outcome: "succeeded", savedMethod: intent ? cardMethod(intent) : undefined };
  }
  if (session.status === "complete" && intent) {
    // A delayed method (e.g. a bank debit): the session is complete, its PaymentIntent decides.
    if (intent.status === "succeeded") return { ...base, outcome: "succeeded", savedMethod: cardMethod(intent) };
    if (intent.status === "requires_payment_method" || intent.status === "canceled") {
      return { ...base, outcome: "failed", failure: intentFailure(intent) ?? { code: "async_payment_failed", message: "The delayed payment failed." } };
    }
  }
  return { ...base, outcome: "pending", failure: intent ? intentFailure(intent) : undefined };
}

const upper = (currency: string | null | undefined) => (currency ? currency.toUpperCase() : undefined);

export function createStripeAdapter(config: StripeAdapterConfig): PaymentAdapter {
  const stripe = new Stripe(config.secretKey, {
    ...hostOptions(config.apiUrl),
    timeout: config.timeoutMs ?? 20_000,
    maxNetworkRetries: config.maxNetworkRetries ?? 0,
    telemetry: false,
    appInfo: { name: "afrikapharma-console" },
  });

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw unavailable(error) ?? error;
    }
  }

  const retrieveIntent = (id: string) => call(() => stripe.paymentIntents.retrieve(id, { expand: ["payment_method"] }));

  async function paymentIntentIdOf(reference: string): Promise<string | undefined> {
    if (!reference.startsWith("cs_")) return reference;
    const session = await call(() => stripe.checkout.sessions.retrieve(reference));
    return idOf(session.payment_intent);
  }

  async function latestRefund(charge: Stripe.Charge): Promise<Stripe.Refund | undefined> {
    const listed = charge.refunds?.data?.[0];
    if (listed) return listed;
    const page = await call(() => stripe.refunds.list({ charge: charge.id, limit: 1 }));
    return page.data[0];
  }

  async function sessionEvent(event: Stripe.Event, session: Stripe.Checkout.Session, base: ProviderEvent): Promise<ProviderEvent> {
    const common = {
      ...base,
      providerReference: session.id,
      paymentId: session.metadata?.paymentId ?? session.client_reference_id ?? undefined,
      amountMinor: session.amount_total ?? undefined,
      currency: upper(session.currency),
    };
    const paid = event.type === "checkout.session.async_payment_succeeded" || (event.type === "checkout.session.completed" && session.payment_status === "paid");
    if (paid) {
      const intentId = idOf(session.payment_intent);
      const intent = intentId ? await retrieveIntent(intentId) : undefined;
      return { ...common, kind: "payment_succeeded", savedMethod: intent ? cardMethod(intent) : undefined };
    }
    if (event.type === "checkout.session.completed") return { ...common, kind: session.payment_status === "unpaid" ? "payment_pending" : "ignored" };
    if (event.type === "checkout.session.async_payment_failed") {
      return { ...common, kind: "payment_failed", failure: { code: "async_payment_failed", message: "The delayed payment failed." } };
    }
    return { ...common, kind: "payment_canceled" };
  }

  async function toProviderEvent(event: Stripe.Event): Promise<ProviderEvent> {
    const base: ProviderEvent = { eventId: event.id, type: event.type, kind: "ignored", occurredAt: new Date(event.created * 1000), raw: event };
    switch (event.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded":
      case "checkout.session.async_payment_failed":
      case "checkout.session.expired":
        return sessionEvent(event, event.data.object, base);
      case "payment_intent.succeeded":
      case "payment_intent.payment_failed": {
        const intent = event.data.object;
        const common = { ...base, providerReference: intent.id, paymentId: intent.metadata?.paymentId, amountMinor: intent.amount, currency: upper(intent.currency) };
        if (event.type === "payment_intent.payment_failed") {
          const failure = intentFailure(intent) ?? { code: "payment_failed", message: "The payment failed." };
          return { ...common, kind: intent.metadata?.afpFlow === "checkout" ? "payment_pending" : "payment_failed", failure };
        }
        const saved = intent.setup_future_usage && typeof intent.payment_method === "string" ? cardMethod(await retrieveIntent(intent.id)) : cardMethod(intent);
        return { ...common, kind: "payment_succeeded", savedMethod: saved };
      }
      case "refund.created":
      case "refund.updated":
      case "refund.failed": {
        const refund = event.data.object;
        return { ...base, ...refundEvent(refund) };
      }
      case "charge.refunded": {
        const refund = await latestRefund(event.data.object);
        return refund ? { ...base, ...refundEvent(refund) } : base;
      }
      default:
        return base;
    }
  }

  function refundEvent(refund: Stripe.Refund): Partial<ProviderEvent> {
    const common = { providerReference: idOf(refund.payment_intent), refundReference: refund.id, amountMinor: refund.amount, currency: upper(refund.currency) };
    if (refund.status === "succeeded") return { ...common, kind: "refund_succeeded" };
    if (refund.status === "failed" || refund.status === "canceled") {
      return { ...common, kind: "refund_failed", failure: { code: refund.failure_reason ?? "refund_failed", message: "The refund failed." } };
    }
    return { ...common, kind: "ignored" };
  }

  return {
    provider: PROVIDER,
    methods: ["checkout"],

    async initiate(input) {
      const metadata = { ...input.metadata, paymentId: input.paymentId };
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create(
          {
            mode: "payment",
            line_items: [{ quantity: 1, price_data: { currency: input.currency.toLowerCase(), unit_amount: input.amountMinor, product_data: { name: input.description } } }],
            customer_creation: "always",
            customer_email: input.payer.email,
            client_reference_id: input.paymentId,
            locale: input.payer.locale,
            success_url: input.successUrl,
            cancel_url: input.cancelUrl,
            metadata,
            payment_intent_data: {
              description: input.description,
              metadata: { ...metadata, afpFlow: "checkout" },
              ...(input.saveMethod ? { setup_future_usage: "off_session" as const } : {}),
            },
          },
          { idempotencyKey: input.idempotencyKey },
        );
      } catch (error) {
        return { outcome: "failed", nextAction: { type: "none" }, failure: failureOrThrow(error) };
      }
      if (!session.url) throw new ProviderUnavailableError("stripe", `Stripe returned Checkout Session ${session.id} without a URL`);
      return { outcome: "pending", providerReference: session.id, nextAction: { type: "redirect", url: session.url } };
    },

    async chargeSaved(input) {
      const none = { type: "none" } as const;
      if (input.method.type !== "card" || !input.method.externalCustomerId || !input.method.externalMethodId) {
        return { outcome: "failed", nextAction: none, failure: { code: "no_saved_card", message: "No saved Stripe card for this payment." } };
      }
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: input.amountMinor,
            currency: input.currency.toLowerCase(),
            customer: input.method.externalCustomerId,
            payment_method: input.method.externalMethodId,
            off_session: true,
            confirm: true,
            description: input.description,
            metadata: { ...input.metadata, paymentId: input.paymentId, afpFlow: "off_session" },
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return { ...intentResult(intent), savedMethod: undefined, nextAction: none };
      } catch (error) {
        const failure = failureOrThrow(error);
        return { outcome: "failed", providerReference: (error as StripeErrorLike).payment_intent?.id, nextAction: none, failure };
      }
    },

    async retrieve(reference) {
      try {
        if (reference.startsWith("cs_")) {
          return sessionResult(await stripe.checkout.sessions.retrieve(reference, { expand: ["payment_intent", "payment_intent.payment_method"] }));
        }
        return intentResult(await stripe.paymentIntents.retrieve(reference, { expand: ["payment_method"] }));
      } catch (error) {
        return { outcome: "failed", providerReference: reference, failure: failureOrThrow(error) };
      }
    },

    async refund(input): Promise<RefundResult> {
      const paymentIntent = await paymentIntentIdOf(input.providerReference).catch((error: unknown) => {
        if (error instanceof ProviderUnavailableError) throw error;
        return undefined;
      });
      if (!paymentIntent) return { outcome: "failed", failure: { code: "not_refundable", message: `No captured payment behind ${input.providerReference}.` } };
      try {
        const refund = await stripe.refunds.create(
          { payment_intent: paymentIntent, amount: input.amountMinor, ...(input.reason ? { metadata: { reason: input.reason.slice(0, 500) } } : {}) },
          { idempotencyKey: input.idempotencyKey },
        );
        if (refund.status === "succeeded") return { outcome: "succeeded", providerReference: refund.id };
        if (refund.status === "failed" || refund.status === "canceled") {
          return { outcome: "failed", providerReference: refund.id, failure: { code: refund.failure_reason ?? "refund_failed", message: "Stripe could not refund." } };
        }
        return { outcome: "pending", providerReference: refund.id };
      } catch (error) {
        return { outcome: "failed", failure: failureOrThrow(error) };
      }
    },

    async parseWebhook(rawBody, headers) {
      const signature = headers.get("stripe-signature");
      if (!signature) throw new WebhookSignatureError("The stripe-signature header is missing.");
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret);
      } catch {
        throw new WebhookSignatureError();
      }
      return toProviderEvent(event);
    },
  };
}
