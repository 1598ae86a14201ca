/**
 * The boundary between the payment service (state, money, idempotency) and each provider
 * (stripe, avadapay, strowallet, sandbox). An adapter translates; it never writes to the database
 * and never decides an amount: the service passes the amount it took from the plan price.
 */
import type { PaymentProvider } from "@/lib/generated/prisma/enums";

export type ProviderOutcome = "pending" | "succeeded" | "failed" | "canceled";

export type ProviderFailure = { code: string; message: string };

/** A reusable method the provider saved (card on file, mobile-money phone). */
export type SavedMethod = {
  type: "card" | "mobile_money";
  externalCustomerId?: string;
  externalMethodId?: string;
  brand?: string;
  last4?: string;
  expMonth?: number;
  expYear?: number;
  phone?: string;
};

/** What the payer must do next. */
export type NextAction =
  | { type: "redirect"; url: string }
  | { type: "approve_on_phone"; phone: string }
  | { type: "none" };

export type PaymentResult = {
  outcome: ProviderOutcome;
  /** The provider's id for this payment (PaymentIntent / Checkout Session id, transaction ref …). */
  providerReference?: string;
  nextAction: NextAction;
  failure?: ProviderFailure;
  savedMethod?: SavedMethod;
};

export type Payer = { email: string; name?: string | null; phone?: string | null; locale: "fr" | "en" };

export type InitiatePaymentInput = {
  /** Our payment id: passed to the provider as metadata / merchant reference. */
  paymentId: string;
  amountMinor: number;
  currency: string;
  description: string;
  payer: Payer;
  /** Mobile money: the phone (E.164) that receives the push. */
  phone?: string;
  /** Where a redirect-based checkout returns the payer. */
  successUrl: string;
  cancelUrl: string;
  /** Our idempotency key: a repeat with the same key must not create a second charge. */
  idempotencyKey: string;
  /** Save the method for auto-renewal (Stripe: setup_future_usage=off_session). */
  saveMethod: boolean;
  /** Sandbox only: a test card number typed on the payment page (never sent to a real provider). */
  sandboxCardNumber?: string;
  metadata: Record<string, string>;
};

export type ChargeSavedInput = {
  paymentId: string;
  amountMinor: number;
  currency: string;
  description: string;
  method: SavedMethod;
  idempotencyKey: string;
  metadata: Record<string, string>;
};

export type RefundInput = {
  providerReference: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
  reason?: string;
};

export type RefundResult = { outcome: "pending" | "succeeded" | "failed"; providerReference?: string; failure?: ProviderFailure };

/** A verified, normalised webhook delivery. */
export type ProviderEvent = {
  /** Unique per provider: the key that makes a redelivery a no-op. */
  eventId: string;
  type: string;
  /** Which of our payments it concerns, by the provider's reference (or our payment id in metadata). */
  providerReference?: string;
  paymentId?: string;
  /** payment_* move a payment; refund_* a refund; ignored changes nothing. */
  kind: "payment_succeeded" | "payment_failed" | "payment_canceled" | "payment_pending" | "refund_succeeded" | "refund_failed" | "ignored";
  amountMinor?: number;
  currency?: string;
  failure?: ProviderFailure;
  savedMethod?: SavedMethod;
  refundReference?: string;
  /** When the provider says it happened (ordering of out-of-order deliveries). */
  occurredAt?: Date;
  raw: unknown;
};

export class WebhookSignatureError extends Error {
  constructor(message = "The webhook signature is missing or invalid.") {
    super(message);
    this.name = "WebhookSignatureError";
  }
}

/** The provider could not be reached or answered 5xx: the payment stays pending and is reconciled later. */
export class ProviderUnavailableError extends Error {
  constructor(readonly provider: string, message: string, override readonly cause?: unknown) {
    super(message);
    this.name = "ProviderUnavailableError";
  }
}

export interface PaymentAdapter {
  readonly provider: PaymentProvider;
  /** Methods a payer can choose on the payment page. */
  readonly methods: Array<"card" | "mobile_money" | "checkout">;
  /** ISO codes the provider accepts; undefined when it takes every currency the console bills in. */
  readonly currencies?: readonly string[];
  initiate(input: InitiatePaymentInput): Promise<PaymentResult>;
  /** Off-session charge of a saved method (auto-renewal). Mobile money sends a push instead. */
  chargeSaved(input: ChargeSavedInput): Promise<PaymentResult>;
  /** Asks the provider for the current state (reconciliation of a payment that heard nothing). */
  retrieve(providerReference: string): Promise<Omit<PaymentResult, "nextAction">>;
  refund(input: RefundInput): Promise<RefundResult>;
  /** Verifies the signature on the raw body; throws WebhookSignatureError. */
  parseWebhook(rawBody: string, headers: Headers): Promise<ProviderEvent>;
}
