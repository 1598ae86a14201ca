/**
 * The Stripe fake's in-memory objects, in Stripe's shapes (the fields the console reads, plus the
 * usual neighbours), and the events their changes emit — as Stripe records them before delivery.
 *
 * Test payment methods follow Stripe's: pm_card_visa / pm_card_mastercard succeed,
 * pm_card_chargeDeclined declines (generic_decline), pm_card_chargeDeclinedInsufficientFunds
 * declines (insufficient_funds), pm_card_authenticationRequired needs 3-D Secure (off-session: a 402
 * authentication_required; on-session: status requires_action).
 */
import Stripe from "stripe";
import { fakeId } from "../loopback";

export type CardBehavior = "succeed" | "decline" | "insufficient_funds" | "authentication_required";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const TEST_CARDS: Record<string, { behavior: CardBehavior; brand: string; last4: string }> = {
  pm_card_visa: { behavior: "succeed", brand: "visa", last4: "4242" },
  pm_card_mastercard: { behavior: "succeed", brand: "mastercard", last4: "4444" },
  pm_card_chargeDeclined: { behavior: "decline", brand: "visa", last4: "0002" },
  pm_card_chargeDeclinedInsufficientFunds: { behavior: "insufficient_funds", brand: "visa", last4: "9995" },
  pm_card_authenticationRequired: { behavior: "authentication_required", brand: "visa", last4: "3184" },
};

const DECLINES: Record<Exclude<CardBehavior, "succeed">, { code: string; decline_code: string; message: string }> = {
  decline: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  insufficient_funds: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
  authentication_required: {
    code: "authentication_required",
    decline_code: "authentication_required",
    message: "Your card was declined. This transaction requires authentication.",
  },
};

const now = () => Math.floor(Date.now() / 1000);
const clone = <T>(value: T): T => structuredClone(value);

export class StripeStore {
  readonly sessions = new Map<string, Obj>();
  readonly intents = new Map<string, Obj>();
  readonly methods = new Map<string, Obj>();
  readonly customers = new Map<string, Obj>();
  readonly charges = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  readonly events: Stripe.Event[] = [];
  /** What each PaymentMethod does when charged (changeable from a test). */
  readonly behavior = new Map<string, CardBehavior>();
  /** payment_intent_data of each session, applied to the PaymentIntent it creates on payment. */
  readonly sessionIntentData = new Map<string, Obj>();
  refundStatus: "succeeded" | "pending" = "succeeded";

  constructor(private readonly baseUrl: () => string) {}

  clear(): void {
    for (const map of [this.sessions, this.intents, this.methods, this.customers, this.charges, this.refunds, this.behavior, this.sessionIntentData]) map.clear();
    this.events.length = 0;
    this.refundStatus = "succeeded";
  }

  lookup(id: string): Obj | undefined {
    const maps: Array<[string, Map<string, Obj>]> = [["cs_", this.sessions], ["pi_", this.intents], ["pm_", this.methods], ["cus_", this.customers], ["ch_", this.charges], ["re_", this.refunds]];
    return maps.find(([prefix]) => id.startsWith(prefix))?.[1].get(id);
  }

  emit(type: string, object: Obj, previous?: Obj): Stripe.Event {
    const event = {
      id: fakeId("evt_"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: now(),
      data: { object: clone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    } as unknown as Stripe.Event;
    this.events.push(event);
    return event;
  }

  createCustomer(email: string | undefined): Obj {
    const customer = { id: fakeId("cus_", 14), object: "customer", created: now(), email: email ?? null, livemode: false, metadata: {}, name: null };
    this.customers.set(customer.id, customer);
    this.emit("customer.created", customer);
    return customer;
  }

  /** A PaymentMethod from a test token (pm_card_visa → a new pm_…), or an existing one. */
  resolveMethod(idOrToken: string): Obj | undefined {
    const existing = this.methods.get(idOrToken);
    if (existing) return existing;
    const card = TEST_CARDS[idOrToken];
    if (!card) return undefined;
    const method = {
      id: fakeId("pm_"),
      object: "payment_method",
      billing_details: { address: null, email: null, name: null, phone: null },
      card: { brand: card.brand, display_brand: card.brand, country: "FR", exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, funding: "credit", last4: card.last4, checks: null, networks: null, generated_from: null },
      created: now(),
      customer: null,
      livemode: false,
      metadata: {},
      type: "card",
    };
    this.methods.set(method.id, method);
    this.behavior.set(method.id, card.behavior);
    return method;
  }

  createSession(params: { amount: number; currency: string; name: string; metadata: Obj; intentData: Obj; customerEmail?: string; customerCreation?: string; clientReferenceId?: string; locale?: string; successUrl: string; cancelUrl?: string }): Obj {
    const id = fakeId("cs_test_", 40);
    const session = {
      id,
      object: "checkout.session",
      amount_subtotal: params.amount,
      amount_total: params.amount,
      cancel_url: params.cancelUrl ?? null,
      client_reference_id: params.clientReferenceId ?? null,
      created: now(),
      currency: params.currency,
      customer: null,
      customer_creation: params.customerCreation ?? "if_required",
      customer_details: params.customerEmail ? { email: params.customerEmail } : null,
      customer_email: params.customerEmail ?? null,
      expires_at: now() + 24 * 3600,
      livemode: false,
      locale: params.locale ?? null,
      metadata: params.metadata,
      mode: "payment",
      payment_intent: null,
      payment_method_types: ["card"],
      payment_status: "unpaid",
      status: "open",
      success_url: params.successUrl,
      ui_mode: "hosted",
      url: `${this.baseUrl()}/c/pay/${id}`,
      line_items_preview: [{ description: params.name, amount_total: params.amount, currency: params.currency, quantity: 1 }],
    };
    this.sessions.set(id, session);
    this.sessionIntentData.set(id, params.intentData);
    return session;
  }

  /**
   * Creates and confirms a PaymentIntent with a method. Returns the intent, and the decline when
   * the card refused (the intent then holds last_payment_error, as Stripe's does).
   */
  confirmIntent(params: { amount: number; currency: string; customer: string | null; method: Obj; offSession: boolean; metadata: Obj; description?: string | null; setupFutureUsage?: string | null; existing?: Obj }): { intent: Obj; decline?: Obj } {
    const intent = params.existing ?? {
      id: fakeId("pi_"),
      object: "payment_intent",
      amount: params.amount,
      amount_capturable: 0,
      amount_received: 0,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: "automatic_async",
      client_secret: null,
      confirmation_method: "automatic",
      created: now(),
      currency: params.currency,
      customer: params.customer,
      description: params.description ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: params.metadata,
      next_action: null,
      payment_method: null,
      payment_method_types: ["card"],
      setup_future_usage: params.setupFutureUsage ?? null,
      status: "requires_payment_method",
    };
    intent.client_secret ??= `${intent.id}_secret_${fakeId("", 12)}`;
    intent.payment_method = params.method.id;
    this.intents.set(intent.id, intent);
    if (!params.existing) this.emit("payment_intent.created", intent);

    const behavior = this.behavior.get(params.method.id) ?? "succeed";
    if (behavior === "authentication_required" && !params.offSession) {
      intent.status = "requires_action";
      intent.next_action = { type: "use_stripe_sdk", use_stripe_sdk: {} };
      this.emit("payment_intent.requires_action", intent);
      return { intent };
    }
    if (behavior !== "succeed") {
      const charge = this.createCharge(intent, params.method, false);
      const decline = { type: "card_error", ...DECLINES[behavior], charge: charge.id, payment_method: clone(params.method), doc_url: "https://docs.stripe.com/error-codes" };
      intent.status = "requires_payment_method";
      intent.last_payment_error = { ...decline };
      intent.latest_charge = charge.id;
      this.emit("payment_intent.payment_failed", intent);
      return { intent, decline: { ...decline, payment_intent: clone(intent) } };
    }
    if (params.customer && params.setupFutureUsage) params.method.customer = params.customer;
    const charge = this.createCharge(intent, params.method, true);
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.latest_charge = charge.id;
    intent.next_action = null;
    this.emit("payment_intent.succeeded", intent);
    return { intent };
  }

  private createCharge(intent: Obj, method: Obj, paid: boolean): Obj {
    const charge = {
      id: fakeId("ch_"),
      object: "charge",
      amount: intent.amount,
      amount_captured: paid ? intent.amount : 0,
      amount_refunded: 0,
      captured: paid,
      created: now(),
      currency: intent.currency,
      customer: intent.customer,
      description: intent.description,
      failure_code: paid ? null : "card_declined",
      failure_message: paid ? null : "Your card was declined.",
      livemode: false,
      metadata: {},
      paid,
      payment_intent: intent.id,
      payment_method: method.id,
      payment_method_details: { type: "card", card: { brand: method.card.brand, last4: method.card.last4, exp_month: method.card.exp_month, exp_year: method.card.exp_year } },
      refunded: false,
      status: paid ? "succeeded" : "failed",
    };
    this.charges.set(charge.id, charge);
    this.emit(paid ? "charge.succeeded" : "charge.failed", charge);
    return charge;
  }

  /** A refund of a succeeded charge; Stripe's errors for the impossible ones. */
  createRefund(params: { intentId?: string; chargeId?: string; amount?: number; metadata: Obj }): { status: number; body: Obj } {
    const intent = params.intentId ? this.intents.get(params.intentId) : undefined;
    const chargeId = params.chargeId ?? intent?.latest_charge;
    const charge = chargeId ? this.charges.get(chargeId) : undefined;
    if (!charge || (params.intentId && !intent)) {
      return { status: 404, body: { error: { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${params.intentId ?? params.chargeId}'` } } };
    }
    if (!charge.paid) {
      return { status: 400, body: { error: { type: "invalid_request_error", code: "charge_not_refundable", message: "This PaymentIntent does not have a successful charge to refund." } } };
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      return { status: 400, body: { error: { type: "invalid_request_error", code: "charge_already_refunded", message: `Charge ${charge.id} has already been refunded.` } } };
    }
    const amount = params.amount ?? remaining;
    if (amount <= 0 || amount > remaining) {
      return { status: 400, body: { error: { type: "invalid_request_error", code: "amount_too_large", message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, param: "amount" } } };
    }
    const refund = {
      id: fakeId("re_"),
      object: "refund",
      amount,
      balance_transaction: null,
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata: params.metadata,
      payment_intent: charge.payment_intent,
      reason: null,
      receipt_number: null,
      status: this.refundStatus,
    };
    this.refunds.set(refund.id, refund);
    this.emit("refund.created", refund);
    if (refund.status === "succeeded") this.applyRefund(charge, refund);
    return { status: 200, body: refund };
  }

  /** Moves a pending refund to its final status (as the bank would), with Stripe's events. */
  settleRefund(id: string, status: "succeeded" | "failed"): Stripe.Event[] {
    const refund = this.refunds.get(id);
    if (!refund) throw new Error(`No refund ${id} in the Stripe fake`);
    if (refund.status !== "pending") throw new Error(`Refund ${id} is ${refund.status}, not pending`);
    const start = this.events.length;
    refund.status = status;
    if (status === "failed") {
      refund.failure_reason = "expired_or_canceled_card";
      this.emit("refund.failed", refund, { status: "pending" });
    } else {
      this.applyRefund(this.charges.get(refund.charge)!, refund);
    }
    this.emit("refund.updated", refund, { status: "pending" });
    return this.events.slice(start);
  }

  private applyRefund(charge: Obj, refund: Obj): void {
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += refund.amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    // Since API 2022-11-15 a charge no longer embeds its refunds: the console lists them.
    this.emit("charge.refunded", charge, previous);
  }

  /** A copy of `object` with `paths` (e.g. "payment_intent.payment_method") expanded. */
  expand(object: Obj, paths: string[]): Obj {
    const out = clone(object);
    for (const path of paths) {
      let targets: Obj[] = [out];
      for (const segment of path.split(".")) {
        const next: Obj[] = [];
        for (const target of targets) {
          const value = target[segment];
          if (typeof value === "string") {
            const found = this.lookup(value);
            if (found) {
              target[segment] = clone(found);
              next.push(target[segment]);
            }
          } else if (value && typeof value === "object") {
            next.push(value);
          }
        }
        targets = next;
      }
    }
    return out;
  }
}
