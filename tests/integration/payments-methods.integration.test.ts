/**
 * Which provider takes a payment when all three are enabled (PAYMENT_PROVIDERS=stripe,avadapay,
 * strowallet, as in production), by method and by the pharmacy's currency: a DRC pharmacy pays in
 * CDF, which Strowallet does not take and AvadaPay does; AvadaPay takes only CDF and USD.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createAvadapayAdapter } from "@/lib/providers/payments/avadapay";
import { createStripeAdapter } from "@/lib/providers/payments/stripe";
import { createStrowalletAdapter } from "@/lib/providers/payments/strowallet";
import { startAvadapayFake, type AvadapayFake } from "../fakes/avadapay";
import { startStripeFake, type StripeFake } from "../fakes/stripe";
import { startStrowalletFake, type StrowalletFake } from "../fakes/strowallet";
import { createAdminWithToken } from "../helpers/factories";
import { billableInstance, configureEnv, initiateViaApi, writeCounts } from "../helpers/payments";

let stripe: StripeFake;
let avadapay: AvadapayFake;
let strowallet: StrowalletFake;
let token: string;

beforeAll(async () => {
  [stripe, avadapay, strowallet] = await Promise.all([startStripeFake(), startAvadapayFake(), startStrowalletFake()]);
  configureEnv({
    PAYMENT_PROVIDERS: "stripe,avadapay,strowallet",
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_URL: stripe.url,
    AVADAPAY_API_KEY: avadapay.apiKey,
    AVADAPAY_MERCHANT_ID: avadapay.merchantId,
    AVADAPAY_WEBHOOK_SECRET: avadapay.webhookSecret,
    AVADAPAY_API_URL: avadapay.url,
    STROWALLET_PUBLIC_KEY: strowallet.publicKey,
    STROWALLET_SECRET_KEY: strowallet.secretKey,
    STROWALLET_WEBHOOK_SECRET: strowallet.webhookSecret,
    STROWALLET_API_URL: strowallet.url,
    CDF_PER_EUR: "2900",
  });
  setPaymentAdapterForTests("STRIPE", createStripeAdapter({ secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiUrl: stripe.url, timeoutMs: 1_000 }));
  setPaymentAdapterForTests("AVADAPAY", createAvadapayAdapter({ apiKey: avadapay.apiKey, merchantId: avadapay.merchantId, webhookSecret: avadapay.webhookSecret, apiUrl: avadapay.url, timeoutMs: 1_000 }));
  setPaymentAdapterForTests("STROWALLET", createStrowalletAdapter({ publicKey: strowallet.publicKey, secretKey: strowallet.secretKey, webhookSecret: strowallet.webhookSecret, apiUrl: strowallet.url, timeoutMs: 1_000 }));
  token = (await createAdminWithToken("SUPER_ADMIN")).token;
});
afterAll(async () => {
  await Promise.all([stripe.close(), avadapay.close(), strowallet.close()]);
});

const calls = () => stripe.requests.length + avadapay.requests.length + strowallet.requests.length;

describe("choosing the provider of a payment", () => {
  it("sends a DRC pharmacy's card payment to Stripe, since Strowallet takes no CDF", async () => {
    const instance = await billableInstance({ country: "CD" });
    expect(instance.currency).toBe("CDF");
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "card", planType: "monthly" });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ provider: "STRIPE", currency: "CDF", amountMinor: 14_500_000, status: "PENDING", nextAction: { type: "redirect" } });
    expect(strowallet.requestsTo({ method: "POST", path: "/api/v1/card-payments" })).toHaveLength(0);
    expect([...stripe.store.sessions.values()].find((s) => s.metadata?.paymentId === res.json.paymentId)).toMatchObject({ currency: "cdf", amount_total: 14_500_000 });
  });

  it("sends a Senegalese pharmacy's card payment to Strowallet, in XOF", async () => {
    const instance = await billableInstance({ country: "SN" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "card", planType: "monthly" });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ provider: "STROWALLET", currency: "XOF", amountMinor: 32_798 });
  });

  it("sends a DRC pharmacy's mobile money to AvadaPay, in CDF", async () => {
    const instance = await billableInstance({ country: "CD" });
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "mobile_money", planType: "monthly", phone: instance.ownerPhone });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ provider: "AVADAPAY", currency: "CDF", nextAction: { type: "approve_on_phone" } });
    expect(avadapay.transactionFor(res.json.paymentId)).toMatchObject({ currency: "CDF", amount: "145000.00" });
  });

  it.each([
    ["mobile_money", "FR", "EUR"],
    ["avadapay", "SN", "XOF"],
    ["strowallet", "CD", "CDF"],
  ])("refuses %s for a pharmacy in %s, which pays in %s, with 422 before writing or calling anything", async (paymentMethod, country, currency) => {
    const instance = await billableInstance({ country });
    expect(instance.currency).toBe(currency);
    const before = await writeCounts();
    const sent = calls();
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod, planType: "monthly", phone: instance.ownerPhone });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: "validation_failed", details: [{ path: "paymentMethod", message: `not available in ${currency}` }] });
    expect(res.json.error.message).toContain(currency);
    expect(await writeCounts()).toEqual(before);
    expect(calls()).toBe(sent);
  });
});
