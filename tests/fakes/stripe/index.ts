/**
 * A loopback stand-in for api.stripe.com that the real `stripe` SDK talks to
 * (`new Stripe(key, { host: "127.0.0.1", port, protocol: "http" })`, or STRIPE_API_URL=fake.url).
 *
 * Wire format: form-encoded bodies with nested keys, JSON objects in Stripe's shapes, Stripe's error
 * envelope `{ error: { type, code, message, decline_code, param } }` with its statuses (400, 401,
 * 402 card_error, 404), `Idempotency-Key` honoured (same key + same body → the same answer replayed
 * with `Idempotent-Replayed: true` and no second object; same key + other body → 400
 * idempotency_error), `expand[]`, and webhook deliveries signed with
 * `Stripe.webhooks.generateTestHeaderString` and the fake's webhook secret.
 *
 * Driving it from a test:
 *   const fake = await startStripeFake();
 *   const adapter = createStripeAdapter({ secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, apiUrl: fake.url });
 *   const { providerReference } = await adapter.initiate(...);             // a cs_test_… session
 *   const paid = fake.completeCheckout(providerReference!, { paymentMethod: "pm_card_visa" });
 *   await adapter.parseWebhook(paid.delivery("checkout.session.completed").payload, new Headers(...headers));
 *   fake.injectFault({ method: "POST", path: "/v1/payment_intents" }, "500");
 */
import Stripe from "stripe";
import { startLoopback, type FakeRequest, type FakeResponse, type Loopback, type SignedDelivery } from "../loopback";
import { decodeForm, form, type FormObject } from "./form";
import { StripeStore, type CardBehavior } from "./store";

export { TEST_CARDS, type CardBehavior } from "./store";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Events a fake action produced, each with its signed delivery. */
export type Emitted = {
  events: Stripe.Event[];
  deliveries: SignedDelivery[];
  /** The delivery of the (last) event of this type; throws when there is none. */
  delivery(type: string): SignedDelivery;
};

export type StripeFake = Loopback & {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly store: StripeStore;
  /** The payer pays on the hosted page with a test method (default pm_card_visa). */
  completeCheckout(sessionId: string, options?: { paymentMethod?: string }): Emitted & { session: Obj; paymentIntent: Obj };
  /** The session expires unpaid (checkout.session.expired). */
  expireCheckout(sessionId: string): Emitted & { session: Obj };
  /** What a saved PaymentMethod does on its next charges (e.g. a card that starts to decline). */
  setCardBehavior(paymentMethodId: string, behavior: CardBehavior): void;
  /** Refunds are created `succeeded` unless this is "pending"; settleRefund then finishes them. */
  setRefundStatus(status: "succeeded" | "pending"): void;
  settleRefund(refundId: string, status: "succeeded" | "failed"): Emitted;
  /** A signed delivery of an event (any type, e.g. an unrelated `customer.updated`). */
  signEvent(event: Stripe.Event | { type: string; object: Obj }, options?: { timestamp?: number; secret?: string }): SignedDelivery;
  /** Every event the fake recorded, oldest first, optionally of one type. */
  eventsOf(type?: string): Stripe.Event[];
  /** Clears objects, events, idempotency keys, the request log and the faults. */
  reset(): void;
};

const CURRENCIES = new Set(["eur", "usd", "xof", "xaf", "cdf"]);
const error = (status: number, body: Obj): FakeResponse => ({ status, body: { error: body } });
const missing = (kind: string, id: string) => error(404, { type: "invalid_request_error", code: "resource_missing", param: "id", message: `No such ${kind}: '${id}'` });
const invalid = (message: string, param?: string, code = "parameter_invalid") => error(400, { type: "invalid_request_error", code, param, message });

export async function startStripeFake(options: { secretKey?: string; webhookSecret?: string } = {}): Promise<StripeFake> {
  const secretKey = options.secretKey ?? "sk_test_fake_afrikapharma";
  const webhookSecret = options.webhookSecret ?? "whsec_fake_afrikapharma";
  let baseUrl = "";
  const store = new StripeStore(() => baseUrl);
  const idempotency = new Map<string, { fingerprint: string; response: FakeResponse }>();

  const list = (value: unknown) => form.list(value as FormObject[string]).filter((v): v is string => typeof v === "string");
  const expandOf = (req: FakeRequest, body: FormObject) => [...list(body.expand), ...list(decodeForm(req.query).expand)];

  function createSession(body: FormObject): FakeResponse {
    if (form.str(body.mode) !== "payment") return invalid("This fake supports mode=payment only.", "mode");
    const successUrl = form.str(body.success_url);
    if (!successUrl) return invalid("Missing required param: success_url.", "success_url", "parameter_missing");
    const items = form.list(body.line_items).map((item) => form.obj(item));
    if (items.length === 0) return invalid("Missing required param: line_items.", "line_items", "parameter_missing");
    let amount = 0;
    let currency: string | undefined;
    let name = "";
    for (const [index, item] of items.entries()) {
      const price = form.obj(item?.price_data);
      const unit = form.int(price?.unit_amount);
      const quantity = form.int(item?.quantity) ?? 1;
      const itemCurrency = form.str(price?.currency);
      if (!price || unit === undefined || unit < 0) return invalid("Invalid integer unit_amount.", `line_items[${index}][price_data][unit_amount]`);
      if (!itemCurrency || !CURRENCIES.has(itemCurrency)) return invalid(`Invalid currency: ${itemCurrency}.`, `line_items[${index}][price_data][currency]`);
      if (currency && currency !== itemCurrency) return invalid("All line items must share one currency.", "line_items");
      currency = itemCurrency;
      amount += unit * quantity;
      name ||= form.str(form.obj(price.product_data)?.name) ?? "";
    }
    const intentData = form.obj(body.payment_intent_data) ?? {};
    const sfu = form.str(intentData.setup_future_usage);
    if (sfu && sfu !== "off_session" && sfu !== "on_session") return invalid(`Invalid setup_future_usage: ${sfu}.`, "payment_intent_data[setup_future_usage]");
    const session = store.createSession({
      amount,
      currency: currency!,
      name,
      metadata: form.strings(body.metadata),
      intentData: { metadata: form.strings(intentData.metadata), setup_future_usage: sfu ?? null, description: form.str(intentData.description) ?? null },
      customerEmail: form.str(body.customer_email),
      customerCreation: form.str(body.customer_creation),
      clientReferenceId: form.str(body.client_reference_id),
      locale: form.str(body.locale),
      successUrl,
      cancelUrl: form.str(body.cancel_url),
    });
    return { status: 200, body: session };
  }

  function createIntent(body: FormObject): FakeResponse {
    const amount = form.int(body.amount);
    const currency = form.str(body.currency);
    if (amount === undefined || amount < 1) return invalid("Invalid positive integer amount.", "amount");
    if (!currency || !CURRENCIES.has(currency)) return invalid(`Invalid currency: ${currency}.`, "currency");
    const customerId = form.str(body.customer);
    if (customerId && !store.customers.has(customerId)) return missing("customer", customerId);
    const methodId = form.str(body.payment_method);
    const method = methodId ? store.resolveMethod(methodId) : undefined;
    if (methodId && !method) return missing("PaymentMethod", methodId);
    if (method?.customer && customerId && method.customer !== customerId) {
      return invalid(`The provided PaymentMethod belongs to a different Customer.`, "payment_method");
    }
    if (!form.bool(body.confirm) || !method) return invalid("This fake creates confirmed PaymentIntents only (confirm=true with a payment_method).", "confirm");
    const { intent, decline } = store.confirmIntent({
      amount,
      currency,
      customer: customerId ?? null,
      method,
      offSession: form.bool(body.off_session),
      metadata: form.strings(body.metadata),
      description: form.str(body.description),
      setupFutureUsage: form.str(body.setup_future_usage),
    });
    return decline ? { status: 402, body: { error: decline } } : { status: 200, body: intent };
  }

  function refundsList(req: FakeRequest): FakeResponse {
    const charge = req.query.get("charge");
    const intent = req.query.get("payment_intent");
    const limit = Math.min(Number(req.query.get("limit") ?? 10) || 10, 100);
    const all = [...store.refunds.values()].filter((r) => (!charge || r.charge === charge) && (!intent || r.payment_intent === intent)).reverse();
    return { status: 200, body: { object: "list", data: all.slice(0, limit), has_more: all.length > limit, url: "/v1/refunds" } };
  }

  function route(req: FakeRequest, body: FormObject): FakeResponse {
    const { method, path } = req;
    const [, v1, resource, id, action] = path.split("/");
    const get = (kind: string, found: Obj | undefined, key: string) => (found ? { status: 200, body: store.expand(found, expandOf(req, body)) } : missing(kind, key));
    if (v1 !== "v1") return invalid(`Unrecognized request URL (${method}: ${path}).`);
    if (resource === "checkout" && id === "sessions") {
      const sessionId = action;
      if (!sessionId && method === "POST") return createSession(body);
      if (sessionId && method === "GET" && path.split("/").length === 5) return get("checkout.session", store.sessions.get(sessionId), sessionId);
      if (sessionId && method === "POST" && path.endsWith("/expire")) {
        if (!store.sessions.has(sessionId)) return missing("checkout.session", sessionId);
        return { status: 200, body: fake.expireCheckout(sessionId).session };
      }
    }
    if (resource === "payment_intents" && !id && method === "POST") return createIntent(body);
    if (resource === "refunds" && !id && method === "POST") {
      const amount = body.amount === undefined ? undefined : form.int(body.amount);
      if (body.amount !== undefined && amount === undefined) return invalid("Invalid integer amount.", "amount");
      const intentId = form.str(body.payment_intent);
      const chargeId = form.str(body.charge);
      if (!intentId && !chargeId) return invalid("One of charge or payment_intent is required.", "payment_intent", "parameter_missing");
      return store.createRefund({ intentId, chargeId, amount, metadata: form.strings(body.metadata) });
    }
    if (resource === "refunds" && !id && method === "GET") return refundsList(req);
    if (method === "GET" && id && !action) {
      const kinds: Record<string, [string, Map<string, Obj>]> = {
        payment_intents: ["payment_intent", store.intents],
        payment_methods: ["PaymentMethod", store.methods],
        customers: ["customer", store.customers],
        charges: ["charge", store.charges],
        refunds: ["refund", store.refunds],
      };
      const kind = kinds[resource ?? ""];
      if (kind) return get(kind[0], kind[1].get(id), id);
      if (resource === "events") {
        const event = store.events.find((e) => e.id === id);
        return event ? { status: 200, body: event } : missing("event", id);
      }
    }
    return invalid(`Unrecognized request URL (${method}: ${path}).`);
  }

  function handle(req: FakeRequest, parsed: unknown): FakeResponse {
    const auth = req.headers.authorization ?? "";
    if (auth !== `Bearer ${secretKey}`) {
      return error(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${auth.replace(/^Bearer\s+/, "").slice(0, 8)}****` });
    }
    const body = (parsed ?? {}) as FormObject;
    const key = req.method === "POST" ? (req.headers["idempotency-key"] as string | undefined) : undefined;
    const fingerprint = `${req.method} ${req.path} ${req.rawBody}`;
    if (key) {
      const seen = idempotency.get(key);
      if (seen && seen.fingerprint !== fingerprint) {
        return error(400, {
          type: "idempotency_error",
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        });
      }
      if (seen) return { ...seen.response, headers: { ...seen.response.headers, "idempotent-replayed": "true" } };
    }
    const response = route(req, body);
    response.headers = { "request-id": `req_${Math.random().toString(36).slice(2, 16)}`, "stripe-version": Stripe.API_VERSION, ...(key ? { "idempotency-key": key } : {}) };
    // Stripe saves the result of a request that began executing (a decline included), not of one
    // that failed validation.
    if (key && (response.status < 400 || response.status === 402)) idempotency.set(key, { fingerprint, response });
    return response;
  }

  const loopback = await startLoopback({
    parseBody: (req) => (req.method === "POST" ? decodeForm(req.rawBody) : undefined),
    handle,
  });
  baseUrl = loopback.url;

  const sign: StripeFake["signEvent"] = (event, signOptions = {}) => {
    const full = "id" in event ? event : store.emit(event.type, event.object);
    const payload = JSON.stringify(full, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: signOptions.secret ?? webhookSecret, timestamp: signOptions.timestamp });
    return { payload, headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": header, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" } };
  };

  const emitted = (events: Stripe.Event[]): Emitted => {
    const deliveries = events.map((e) => sign(e));
    return {
      events,
      deliveries,
      delivery(type) {
        const index = events.map((e) => e.type).lastIndexOf(type as Stripe.Event["type"]);
        if (index < 0) throw new Error(`No ${type} event among ${events.map((e) => e.type).join(", ") || "none"}`);
        return deliveries[index]!;
      },
    };
  };
  const since = (start: number) => emitted(store.events.slice(start));

  const fake: StripeFake = {
    ...loopback,
    secretKey,
    webhookSecret,
    store,
    completeCheckout(sessionId: string, completeOptions: { paymentMethod?: string } = {}) {
      const session = store.sessions.get(sessionId);
      if (!session) throw new Error(`No checkout session ${sessionId} in the Stripe fake`);
      if (session.status !== "open") throw new Error(`Checkout session ${sessionId} is ${session.status}`);
      const start = store.events.length;
      const method = store.resolveMethod(completeOptions.paymentMethod ?? "pm_card_visa");
      if (!method) throw new Error(`Unknown test payment method ${completeOptions.paymentMethod}`);
      // On the hosted page the payer passes 3-D Secure: that card succeeds there.
      if (store.behavior.get(method.id) === "authentication_required") store.behavior.set(method.id, "succeed");
      if (!session.customer && session.customer_creation === "always") session.customer = store.createCustomer(session.customer_email ?? undefined).id;
      const data = store.sessionIntentData.get(sessionId) ?? {};
      const existing = session.payment_intent ? store.intents.get(session.payment_intent) : undefined;
      const { intent } = store.confirmIntent({
        amount: session.amount_total,
        currency: session.currency,
        customer: session.customer,
        method,
        offSession: false,
        metadata: data.metadata ?? {},
        description: data.description,
        setupFutureUsage: data.setup_future_usage,
        existing,
      });
      session.payment_intent = intent.id;
      if (intent.status === "succeeded") {
        session.status = "complete";
        session.payment_status = "paid";
        store.emit("checkout.session.completed", session);
      }
      return { ...since(start), session: structuredClone(session), paymentIntent: structuredClone(intent) };
    },
    expireCheckout(sessionId: string) {
      const session = store.sessions.get(sessionId);
      if (!session) throw new Error(`No checkout session ${sessionId} in the Stripe fake`);
      if (session.status !== "open") throw new Error(`Checkout session ${sessionId} is ${session.status}`);
      const start = store.events.length;
      session.status = "expired";
      session.url = null;
      const intent = session.payment_intent ? store.intents.get(session.payment_intent) : undefined;
      if (intent && intent.status !== "succeeded") {
        intent.status = "canceled";
        intent.cancellation_reason = "abandoned";
        intent.canceled_at = Math.floor(Date.now() / 1000);
        store.emit("payment_intent.canceled", intent);
      }
      store.emit("checkout.session.expired", session);
      return { ...since(start), session: structuredClone(session) };
    },
    setCardBehavior(paymentMethodId: string, behavior: CardBehavior) {
      if (!store.methods.has(paymentMethodId)) throw new Error(`No payment method ${paymentMethodId} in the Stripe fake`);
      store.behavior.set(paymentMethodId, behavior);
    },
    setRefundStatus(status: "succeeded" | "pending") {
      store.refundStatus = status;
    },
    settleRefund: (refundId: string, status: "succeeded" | "failed") => emitted(store.settleRefund(refundId, status)),
    signEvent: sign,
    eventsOf: (type?: string) => store.events.filter((e) => !type || e.type === type),
    reset() {
      store.clear();
      idempotency.clear();
      loopback.resetLog();
    },
  };
  return fake;
}
