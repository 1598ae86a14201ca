/**
 * A webhook storm: 200 signed deliveries — successes, duplicates, Stripe's sibling events, failures
 * arriving before or after the success of the same payment, genuine declines — for 50 payments on
 * 40 pharmacies (some with two payments racing on one subscription), across Stripe, AvadaPay and
 * Strowallet, delivered 16 at a time to the real route handlers in a shuffled order. Afterwards the
 * whole database must read as if each event had been applied once, in a sensible order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createAvadapayAdapter } from "@/lib/providers/payments/avadapay";
import { createStripeAdapter } from "@/lib/providers/payments/stripe";
import { createStrowalletAdapter } from "@/lib/providers/payments/strowallet";
import { mapLimited } from "@/lib/services/jobs/context";
import { startAvadapayFake, type AvadapayFake } from "../fakes/avadapay";
import { fakeId, type SignedDelivery } from "../fakes/loopback";
import { startStripeFake, type StripeFake } from "../fakes/stripe";
import { startStrowalletFake, type StrowalletFake } from "../fakes/strowallet";
import { createAdminWithToken } from "../helpers/factories";
import { billableInstance, configureEnv, deliverWebhook, initiateViaApi, invoiceNumberingProblems, regressions, type WebhookProvider } from "../helpers/payments";

const SEED = 20_261_201;
const CONCURRENCY = 16;

/** A small deterministic PRNG (mulberry32), so a failing order can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Planned = { paymentId: string; instanceId: string; provider: WebhookProvider; kind: "paid" | "paid_then_contradicted" | "declined" };
type Delivery = { provider: WebhookProvider; paymentId: string; kind: "success" | "failure" | "sibling"; delivery: SignedDelivery };

let stripe: StripeFake;
let avadapay: AvadapayFake;
let strowallet: StrowalletFake;

beforeAll(async () => {
  if (process.env.STORM_LOG) logger.level = process.env.STORM_LOG;
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
  setPaymentAdapterForTests("STRIPE", createStripeAdapter({ secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiUrl: stripe.url, timeoutMs: 5_000 }));
  setPaymentAdapterForTests("AVADAPAY", createAvadapayAdapter({ apiKey: avadapay.apiKey, merchantId: avadapay.merchantId, webhookSecret: avadapay.webhookSecret, apiUrl: avadapay.url, timeoutMs: 5_000 }));
  setPaymentAdapterForTests("STROWALLET", createStrowalletAdapter({ publicKey: strowallet.publicKey, secretKey: strowallet.secretKey, webhookSecret: strowallet.webhookSecret, apiUrl: strowallet.url, timeoutMs: 5_000 }));
});
afterAll(async () => {
  await Promise.all([stripe.close(), avadapay.close(), strowallet.close()]);
});

describe("a storm of 200 webhook deliveries for 50 payments", () => {
  const planned: Planned[] = [];
  const deliveries: Delivery[] = [];
  const answers: Array<{ status: number; body: string }> = [];
  const trialEnds = new Map<string, Date>();
  const suspended = new Set<string>();

  beforeAll(async () => {
    const { token } = await createAdminWithToken("SUPER_ADMIN");
    const rand = random(SEED);
    const providers: Array<{ provider: WebhookProvider; country: string }> = [
      { provider: "STRIPE", country: "FR" },
      { provider: "AVADAPAY", country: "CD" },
      { provider: "STROWALLET", country: "SN" },
    ];
    // 40 pharmacies; the first 10 start two payments each (both racing to extend one subscription).
    for (let i = 0; i < 40; i += 1) {
      const { provider, country } = providers[i % 3]!;
      const instance = await billableInstance({ country });
      trialEnds.set(instance.id, instance.subscription.currentPeriodEnd!);
      // Every fourth pharmacy was suspended for failed payments: a success must bring it back.
      if (i % 4 === 1) {
        await prisma.instance.update({ where: { id: instance.id }, data: { status: "SUSPENDED", suspendedReason: "payment_failed", suspendedAt: new Date() } });
        suspended.add(instance.id);
      }
      for (let k = 0; k < (i < 10 ? 2 : 1); k += 1) {
        const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: provider.toLowerCase(), planType: "monthly", phone: instance.ownerPhone });
        expect(res.status, res.text).toBe(201);
        const n = planned.length;
        planned.push({ paymentId: res.json.paymentId, instanceId: instance.id, provider, kind: n % 5 === 4 ? "declined" : n % 5 === 1 || n % 5 === 3 ? "paid_then_contradicted" : "paid" });
      }
    }
    expect(planned).toHaveLength(50);

    for (const p of planned) {
      const push = (kind: Delivery["kind"], delivery: SignedDelivery, times: number) => {
        for (let t = 0; t < times; t += 1) deliveries.push({ provider: p.provider, paymentId: p.paymentId, kind, delivery });
      };
      const reference = (await prisma.payment.findUniqueOrThrow({ where: { id: p.paymentId } })).providerReference!;
      if (p.kind === "declined") {
        if (p.provider === "STRIPE") {
          stripe.completeCheckout(reference, { paymentMethod: "pm_card_chargeDeclined" });
          push("failure", stripe.expireCheckout(reference).delivery("checkout.session.expired"), 4);
        } else if (p.provider === "AVADAPAY") push("failure", avadapay.reject(reference), 4);
        else push("failure", strowallet.payCheckout(reference, { card: "4000000000000002" }), 4);
        continue;
      }
      let success: SignedDelivery;
      let failure: SignedDelivery;
      if (p.provider === "STRIPE") {
        const paid = stripe.completeCheckout(reference);
        success = paid.delivery("checkout.session.completed");
        push("sibling", paid.delivery("payment_intent.succeeded"), 1);
        failure = stripe.signEvent({ type: "checkout.session.async_payment_failed", object: { ...paid.session, payment_status: "unpaid" } });
      } else if (p.provider === "AVADAPAY") {
        success = avadapay.approve(reference);
        failure = avadapay.sign({ ...JSON.parse(success.payload), event_id: fakeId("avp_evt_", 20), type: "payment.failed", failure_reason: "timeout", failure_message: "The operator timed out." });
      } else {
        success = strowallet.payCheckout(reference);
        const body = JSON.parse(success.payload);
        failure = strowallet.sign({ ...body, id: fakeId("stw_evt_", 20), event: "payment.failed", data: { ...body.data, status: "failed", failure_code: "card_declined", card: null } });
      }
      push("success", success, p.kind === "paid" ? 2 + (deliveries.length % 2) : 2);
      if (p.kind === "paid_then_contradicted") push("failure", failure, 2);
    }
    while (deliveries.length < 200) {
      const extra = deliveries.find((d, i) => d.kind === "success" && i % 7 === deliveries.length % 7) ?? deliveries.find((d) => d.kind === "success")!;
      deliveries.push({ ...extra });
    }
    // Shuffle (Fisher–Yates with the seeded PRNG).
    for (let i = deliveries.length - 1; i > 0; i -= 1) {
      const j = Math.floor(rand() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    answers.push(...(await mapLimited(deliveries, CONCURRENCY, async (d) => {
      const res = await deliverWebhook(d.provider, d.delivery);
      return { status: res.status, body: res.text };
    })));
  }, 120_000);

  it("answers every one of the 200 deliveries with 200", () => {
    expect(deliveries.length).toBe(200);
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  });

  it("settles every paid payment exactly once, whatever arrived first, and fails every declined one", async () => {
    const payments = await prisma.payment.findMany({ where: { id: { in: planned.map((p) => p.paymentId) } }, include: { events: true, invoice: true } });
    const problems: string[] = [];
    for (const p of planned) {
      const payment = payments.find((x) => x.id === p.paymentId)!;
      const expected = p.kind === "declined" ? (p.provider === "STRIPE" ? "CANCELED" : "FAILED") : "SUCCEEDED";
      if (payment.status !== expected) problems.push(`${p.paymentId} (${p.provider} ${p.kind}) is ${payment.status}, expected ${expected}`);
      const succeededEvents = payment.events.filter((e) => e.toStatus === "SUCCEEDED").length;
      if (succeededEvents !== (expected === "SUCCEEDED" ? 1 : 0)) problems.push(`${p.paymentId} has ${succeededEvents} succeeded events`);
      if (Boolean(payment.invoice) !== (expected === "SUCCEEDED")) problems.push(`${p.paymentId} ${payment.invoice ? "has" : "lacks"} an invoice`);
    }
    expect(problems).toEqual([]);
  });

  it("extends each subscription by one month per succeeded payment, back to back from the end of the trial, and reactivates suspended pharmacies that paid", async () => {
    const problems: string[] = [];
    for (const [instanceId, trialEnd] of trialEnds) {
      const paid = await prisma.payment.count({ where: { instanceId, status: "SUCCEEDED" } });
      const instance = await prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
      const expectedStatus = suspended.has(instanceId) && paid === 0 ? "SUSPENDED" : "ACTIVE";
      if (instance.status !== expectedStatus) problems.push(`${instanceId}: ${instance.status}, expected ${expectedStatus}`);
      const subscription = await prisma.subscription.findUniqueOrThrow({ where: { instanceId } });
      const periods = await prisma.subscriptionPeriod.findMany({ where: { subscriptionId: subscription.id, kind: "paid" }, orderBy: { startsAt: "asc" } });
      if (subscription.paidPeriods !== paid || periods.length !== paid) problems.push(`${instanceId}: ${paid} paid, ${subscription.paidPeriods} paid periods, ${periods.length} period rows`);
      if (paid > 0 && subscription.currentPeriodEnd?.getTime() !== addMonths(trialEnd, paid).getTime()) problems.push(`${instanceId}: ends ${subscription.currentPeriodEnd?.toISOString()}, expected ${addMonths(trialEnd, paid).toISOString()}`);
      periods.forEach((period, i) => {
        const start = i === 0 ? trialEnd : periods[i - 1]!.endsAt!;
        if (period.startsAt.getTime() !== start.getTime()) problems.push(`${instanceId}: period ${i + 1} starts ${period.startsAt.toISOString()}, expected ${start.toISOString()}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it("leaves the whole database consistent: one invoice per succeeded payment, gap-free numbers, no regression, each event stored once", async () => {
    const [orphans] = await prisma.$queryRaw<{ missing: number; extra: number; duplicate: number }[]>`
      SELECT (SELECT count(*)::int FROM payments p WHERE p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.payment_id = p.id)) AS missing,
             (SELECT count(*)::int FROM invoices i JOIN payments p ON p.id = i.payment_id WHERE p.status NOT IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')) AS extra,
             (SELECT count(*)::int FROM (SELECT payment_id FROM invoices GROUP BY payment_id HAVING count(*) > 1) d) AS duplicate`;
    expect(orphans).toEqual({ missing: 0, extra: 0, duplicate: 0 });
    expect(await invoiceNumberingProblems()).toEqual([]);
    expect(await regressions()).toEqual([]);

    const distinct = new Set(deliveries.map((d) => `${d.provider}:${JSON.parse(d.delivery.payload).id ?? JSON.parse(d.delivery.payload).event_id}`));
    const stored = await prisma.webhookEvent.groupBy({ by: ["provider", "eventId"], _count: { _all: true } });
    expect(stored.filter((s) => s._count._all > 1)).toEqual([]);
    expect(stored.length).toBe(distinct.size);
    expect(await prisma.webhookEvent.count({ where: { status: { notIn: ["PROCESSED", "IGNORED"] } } })).toBe(0);

    // Every state change is one event row and one audit entry; the audit chain is intact.
    const transitions = await prisma.paymentEvent.count({ where: { paymentId: { in: planned.map((p) => p.paymentId) }, toStatus: { in: ["SUCCEEDED", "FAILED", "CANCELED"] } } });
    const finals = await prisma.payment.count({ where: { id: { in: planned.map((p) => p.paymentId) }, status: { not: "PENDING" } } });
    const audited = await prisma.auditLog.count({ where: { targetId: { in: planned.map((p) => p.paymentId) }, action: { in: ["payment.succeeded", "payment.failed", "payment.canceled"] } } });
    expect({ transitions, audited }).toEqual({ transitions: finals + (await overturned()), audited: finals + (await overturned()) });
    const [chain] = await prisma.$queryRaw<{ broken: number }[]>`
      SELECT count(*)::int AS broken FROM (
        SELECT prev_hash, hash, lag(hash) OVER (ORDER BY id) AS previous, afp_audit_row_digest(a) AS digest FROM audit_logs a
      ) x WHERE (previous IS NOT NULL AND previous IS DISTINCT FROM prev_hash) OR digest <> hash`;
    expect(chain!.broken).toBe(0);
  });

  async function overturned(): Promise<number> {
    return prisma.paymentEvent.count({ where: { paymentId: { in: planned.map((p) => p.paymentId) }, fromStatus: { in: ["FAILED", "CANCELED"] }, toStatus: "SUCCEEDED" } });
  }
});

describe("two payments of one subscription settled at the same instant", () => {
  it.each([
    ["a running pharmacy", false],
    ["a suspended pharmacy (reactivated by the first)", true],
  ])("both settle, one after the other, for %s — no deadlock between the two transactions", async (_label, suspendFirst) => {
    const { token } = await createAdminWithToken("SUPER_ADMIN");
    const failures: string[] = [];
    for (let round = 0; round < 12; round += 1) {
      const instance = await billableInstance({ country: "FR" });
      if (suspendFirst) await prisma.instance.update({ where: { id: instance.id }, data: { status: "SUSPENDED", suspendedReason: "payment_failed", suspendedAt: new Date() } });
      const ids: string[] = [];
      for (let k = 0; k < 2; k += 1) ids.push((await initiateViaApi(token, { instanceId: instance.id, paymentMethod: "stripe", planType: "monthly" })).json.paymentId);
      const references = await Promise.all(ids.map(async (id) => (await prisma.payment.findUniqueOrThrow({ where: { id } })).providerReference!));
      const answers = await Promise.all(references.map((r) => deliverWebhook("STRIPE", stripe.completeCheckout(r).delivery("checkout.session.completed"))));
      answers.forEach((a, k) => a.status !== 200 && failures.push(`round ${round}, payment ${k + 1}: ${a.status} ${a.text}`));
      const subscription = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: instance.id } });
      if (subscription.paidPeriods !== 2 || subscription.currentPeriodEnd!.getTime() !== addMonths(instance.subscription.currentPeriodEnd!, 2).getTime()) {
        failures.push(`round ${round}: ${subscription.paidPeriods} paid periods, ends ${subscription.currentPeriodEnd!.toISOString()}`);
      }
      if ((await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).status !== "ACTIVE") failures.push(`round ${round}: not reactivated`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
