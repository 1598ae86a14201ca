/**
 * What every payment provider must prove end to end (issue 5), written once and run for Stripe,
 * AvadaPay and Strowallet: the real adapter against its loopback fake, the real route handlers,
 * the real settlement SQL in PostgreSQL. Each provider file supplies a harness that plays the payer
 * and the provider (signed deliveries, faults) in that provider's own wire format.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDays, addMonths, isoDate } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { minorToMajor } from "@/lib/money";
import { runDailyJob } from "@/lib/services/jobs/daily-job";
import { reconcilePayments, UNREACHED_AFTER_MS } from "@/lib/services/reconcile.service";
import type { FaultSpec, Loopback, SignedDelivery } from "../fakes/loopback";
import { createAdminWithToken } from "./factories";
import { testActor } from "./instances";
import {
  billableInstance,
  deliverWebhook,
  initiateViaApi,
  invoiceNumberingProblems,
  paymentState,
  reconcileViaApi,
  refundViaApi,
  regressions,
  writeCounts,
} from "./payments";
import type { ProviderHarness } from "./payment-harness";

const tamper = (delivery: SignedDelivery): SignedDelivery => ({ ...delivery, payload: delivery.payload.replace(/}\s*$/, ', "tampered": true}') });

export function describePaymentProviderContract(h: ProviderHarness) {
  let fake: Loopback;
  let token: string;

  beforeAll(async () => {
    fake = await h.start();
    token = (await createAdminWithToken("SUPER_ADMIN")).token;
  });
  afterAll(() => h.stop());
  beforeEach(() => fake.clearFaults());

  async function pendingPayment(options: { saveMethod?: boolean } = {}) {
    const instance = await billableInstance({ country: h.country });
    expect(instance.currency).toBe(h.currency);
    const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: h.paymentMethod, planType: "monthly", ...h.initiateExtras(instance), ...options });
    expect(res.status, res.text).toBe(201);
    expect(res.json.status).toBe("PENDING");
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: res.json.paymentId } });
    expect(payment.providerReference).toBeTruthy();
    return { instance, res, payment, reference: payment.providerReference! };
  }

  async function paidPayment() {
    const pending = await pendingPayment();
    const success = h.pay(pending.reference);
    const delivered = await deliverWebhook(h.provider, success);
    expect(delivered.status, delivered.text).toBe(200);
    return { ...pending, success };
  }

  describe(`${h.provider}: a payment initiated through the API and confirmed by webhook`, () => {
    it("succeeds, extends the subscription by the plan's period from the end of the trial, issues an invoice and saves the method", async () => {
      const { instance, res, payment, reference } = await pendingPayment();
      expect(res.json).toMatchObject({ provider: h.provider, currency: h.currency, planCode: "MONTHLY", amountMinor: payment.amountMinor });
      expect(payment).toMatchObject({ purpose: "INITIAL", initiatedBy: "admin", currency: h.currency });
      expect(["redirect", "approve_on_phone"]).toContain(res.json.nextAction.type);
      const price = await prisma.planPrice.findFirstOrThrow({ where: { plan: { code: "MONTHLY" }, currency: h.currency } });
      expect(payment.amountMinor).toBe(price.amountMinor);

      const delivered = await deliverWebhook(h.provider, h.pay(reference));
      expect(delivered.status, delivered.text).toBe(200);
      expect(delivered.json).toMatchObject({ received: true, processed: true, paymentId: payment.id });

      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after.status).toBe("SUCCEEDED");
      expect(after.events.map((e) => e.toStatus).filter(Boolean)).toEqual(["PENDING", "SUCCEEDED"]);
      const trialEnd = instance.subscription.currentPeriodEnd!;
      expect(subscription).toMatchObject({ status: "ACTIVE", paidPeriods: 1, failedPaymentCount: 0, amountMinor: payment.amountMinor, currency: h.currency });
      expect(subscription.plan.code).toBe("MONTHLY");
      expect(subscription.currentPeriodEnd!.toISOString()).toBe(addMonths(trialEnd, 1).toISOString());
      const period = await prisma.subscriptionPeriod.findFirstOrThrow({ where: { paymentId: payment.id } });
      expect([period.startsAt.toISOString(), period.endsAt!.toISOString(), period.kind]).toEqual([trialEnd.toISOString(), addMonths(trialEnd, 1).toISOString(), "paid"]);

      expect(after.invoice).toMatchObject({ amountMinor: payment.amountMinor, currency: h.currency, planCode: "MONTHLY", instanceId: instance.id });
      expect(after.invoice!.number).toMatch(/^AFP-\d{4}-\d{6}$/);
      expect(await invoiceNumberingProblems()).toEqual([]);

      expect(after.paymentMethod).toBeTruthy();
      expect(after.paymentMethod!.instanceId).toBe(instance.id);
      expect(subscription.defaultPaymentMethodId).toBe(after.paymentMethodId);
    });

    it("counts failed automatic renewals toward suspension, suspends the instance at the third and reactivates it on a later success", async () => {
      const { instance, payment } = await paidPayment();
      const { subscription, payment: paid } = await paymentState(payment.id);
      h.declineSavedMethod(paid.paymentMethod!.externalMethodId!);
      const periodEnd = subscription.currentPeriodEnd!;
      const first = new Date(periodEnd.getTime() - 12 * 3_600_000);
      const counts: number[] = [];
      for (let day = 0; day < 3; day += 1) {
        const now = addDays(first, day);
        const run = await runDailyJob({ runDate: isoDate(now), now, trigger: "test" });
        expect(run.status).toBe("SUCCEEDED");
        const renewal = await prisma.payment.findFirstOrThrow({ where: { subscriptionId: subscription.id, purpose: "RENEWAL", createdAt: now } });
        expect(renewal).toMatchObject({ initiatedBy: "system", paymentMethodId: paid.paymentMethodId, amountMinor: payment.amountMinor });
        if (h.renewalFailure) {
          expect(renewal.status).toBe("PENDING");
          const failed = await deliverWebhook(h.provider, h.renewalFailure(renewal.id));
          expect(failed.status, failed.text).toBe(200);
        }
        expect((await prisma.payment.findUniqueOrThrow({ where: { id: renewal.id } })).status).toBe("FAILED");
        counts.push((await prisma.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).failedPaymentCount);
      }
      expect(counts).toEqual([1, 2, 3]);
      const suspended = await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } });
      expect(suspended).toMatchObject({ status: "SUSPENDED", suspendedReason: "payment_failed" });

      // The owner pays by hand: the instance comes back and the count starts again.
      const again = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: h.paymentMethod, ...h.initiateExtras(instance) });
      expect(again.status, again.text).toBe(201);
      const reference = (await prisma.payment.findUniqueOrThrow({ where: { id: again.json.paymentId } })).providerReference!;
      expect((await deliverWebhook(h.provider, h.pay(reference))).status).toBe(200);
      const back = await paymentState(again.json.paymentId);
      expect(back.payment.status).toBe("SUCCEEDED");
      expect(back.instance).toMatchObject({ status: "ACTIVE", suspendedReason: null });
      expect(back.subscription).toMatchObject({ status: "ACTIVE", failedPaymentCount: 0 });
    });

    it("does not count a payer's own failed attempt toward suspension", async () => {
      const { payment, reference } = await pendingPayment();
      const declined = h.decline(reference);
      const failed = await deliverWebhook(h.provider, declined.delivery);
      expect(failed.status, failed.text).toBe(200);
      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after.status).toBe(declined.status);
      expect(after.failureCode).toBeTruthy();
      expect(subscription.failedPaymentCount).toBe(0);
    });
  });

  describe(`${h.provider}: refunds`, () => {
    it("refunds part, then the rest, at the provider and in our records, and refuses more than what remains with 422", async () => {
      const { payment, reference } = await paidPayment();
      const part = Math.floor(payment.amountMinor * 0.4);
      const rest = payment.amountMinor - part;

      const partial = await refundViaApi(token, payment.id, { amountMinor: part, reason: "Geste commercial" });
      expect(partial.status, partial.text).toBe(201);
      expect(partial.json).toMatchObject({ status: "SUCCEEDED", amountMinor: part, paymentId: payment.id });
      expect(partial.json.providerReference).toBeTruthy();
      expect(h.refundedAtProvider(reference)).toBe(part);
      let state = await paymentState(payment.id);
      expect(state.payment).toMatchObject({ status: "PARTIALLY_REFUNDED", amountRefundedMinor: part });

      const before = await writeCounts();
      const tooMuch = await refundViaApi(token, payment.id, { amountMinor: rest + 1, reason: "Trop" });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.json.error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ path: "amountMinor", remaining: rest })] });
      expect(await writeCounts()).toEqual(before);
      expect(h.refundedAtProvider(reference)).toBe(part);

      const full = await refundViaApi(token, payment.id, { reason: "Fermeture de la pharmacie" });
      expect(full.status, full.text).toBe(201);
      expect(full.json).toMatchObject({ status: "SUCCEEDED", amountMinor: rest });
      expect(h.refundedAtProvider(reference)).toBe(payment.amountMinor);
      state = await paymentState(payment.id);
      expect(state.payment).toMatchObject({ status: "REFUNDED", amountRefundedMinor: payment.amountMinor });
      expect(state.payment.refunds.map((r) => [r.amountMinor, r.status])).toEqual([
        [part, "SUCCEEDED"],
        [rest, "SUCCEEDED"],
      ]);
      expect(state.payment.refunds.every((r) => r.providerReference)).toBe(true);

      const more = await refundViaApi(token, payment.id, { amountMinor: 1, reason: "Encore" });
      expect(more.status).toBe(409);
      expect(h.refundedAtProvider(reference)).toBe(payment.amountMinor);
      expect(await regressions()).toEqual([]);
    });
  });

  describe(`${h.provider}: duplicates and out-of-order deliveries`, () => {
    it("applies the same webhook delivered 10 times (concurrently) once", async () => {
      const { payment, reference } = await pendingPayment();
      const success = h.pay(reference);
      const answers = await Promise.all(Array.from({ length: 10 }, () => deliverWebhook(h.provider, success)));
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(answers.filter((a) => a.json.processed)).toHaveLength(1);
      expect(answers.filter((a) => a.json.duplicate)).toHaveLength(9);

      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after.status).toBe("SUCCEEDED");
      expect(after.events.filter((e) => e.toStatus === "SUCCEEDED")).toHaveLength(1);
      expect(subscription.paidPeriods).toBe(1);
      expect(await prisma.invoice.count({ where: { paymentId: payment.id } })).toBe(1);
      expect(await prisma.subscriptionPeriod.count({ where: { paymentId: payment.id } })).toBe(1);
      expect(await prisma.auditLog.count({ where: { action: "payment.succeeded", targetId: payment.id } })).toBe(1);
      const told = await prisma.notification.findMany({ where: { instanceId: payment.instanceId, templateKey: "payment_succeeded" } });
      expect(told.length).toBe(new Set(told.map((n) => n.channel)).size);
      const eventId = (await prisma.webhookEvent.findMany({ where: { provider: h.provider.toLowerCase() }, orderBy: { receivedAt: "desc" }, take: 1 }))[0]!.eventId;
      expect(await prisma.webhookEvent.count({ where: { provider: h.provider.toLowerCase(), eventId } })).toBe(1);
    });

    it("keeps a success when a failure about the same payment arrives after it (reversed order), with one invoice", async () => {
      const { payment, reference } = await pendingPayment();
      const success = h.pay(reference);
      const failure = h.failureOf(success);
      expect((await deliverWebhook(h.provider, success)).status).toBe(200);
      const settled = await paymentState(payment.id);
      for (const delivery of [failure, failure, success]) expect((await deliverWebhook(h.provider, delivery)).status).toBe(200);

      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after.status).toBe("SUCCEEDED");
      expect(after.failureCode).toBeNull();
      expect(after.events.map((e) => e.toStatus).filter(Boolean)).toEqual(["PENDING", "SUCCEEDED"]);
      expect(subscription.currentPeriodEnd).toEqual(settled.subscription.currentPeriodEnd);
      expect(subscription).toMatchObject({ paidPeriods: 1, failedPaymentCount: 0, status: "ACTIVE" });
      expect(await prisma.invoice.count({ where: { paymentId: payment.id } })).toBe(1);
      expect(await regressions()).toEqual([]);
    });
  });

  describe(`${h.provider}: a failure delivered before the success`, () => {
    it("settles the payment when the success follows a failure about it (the money moved), once, and still counts nothing against the owner", async () => {
      const { payment, reference } = await pendingPayment();
      const success = h.pay(reference);
      const failure = h.failureOf(success);
      expect((await deliverWebhook(h.provider, failure)).status).toBe(200);
      expect((await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("FAILED");
      for (const delivery of [success, failure, success]) expect((await deliverWebhook(h.provider, delivery)).status).toBe(200);

      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after).toMatchObject({ status: "SUCCEEDED", failureCode: null });
      expect(after.events.map((e) => [e.fromStatus, e.toStatus]).filter(([, to]) => to)).toEqual([
        [null, "PENDING"],
        ["PENDING", "FAILED"],
        ["FAILED", "SUCCEEDED"],
      ]);
      expect(await prisma.invoice.count({ where: { paymentId: payment.id } })).toBe(1);
      expect(subscription).toMatchObject({ status: "ACTIVE", paidPeriods: 1, failedPaymentCount: 0 });
      const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "payment.succeeded", targetId: payment.id } });
      expect(audit.before).toEqual({ status: "FAILED" });
    });
  });

  describe(`${h.provider}: deliveries that must change nothing`, () => {
    it("answers 400 invalid_signature to a tampered, re-signed or unsigned delivery and writes nothing", async () => {
      const { payment, reference } = await pendingPayment();
      const success = h.pay(reference);
      const unsigned = { ...success, headers: Object.fromEntries(Object.entries(success.headers).filter(([k]) => k.toLowerCase() !== h.signatureHeader)) };
      const before = await writeCounts();
      for (const bad of [tamper(success), h.resign(success, "not-the-webhook-secret"), unsigned]) {
        const res = await deliverWebhook(h.provider, bad);
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe("invalid_signature");
      }
      expect(await writeCounts()).toEqual(before);
      expect((await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PENDING");
      // The genuine delivery still works afterwards.
      expect((await deliverWebhook(h.provider, success)).json).toMatchObject({ processed: true });
    });

    it("records an event about an unknown payment as IGNORED, answers 200 and changes nothing else", async () => {
      const delivery = h.unknownPayment();
      const before = await writeCounts();
      const res = await deliverWebhook(h.provider, delivery);
      expect(res.status, res.text).toBe(200);
      expect(res.json).toMatchObject({ received: true, ignored: true, unknownPayment: true });
      const after = await writeCounts();
      expect(after).toEqual({ ...before, webhook_events: Number(before.webhook_events) + 1 });
      const [event] = await prisma.webhookEvent.findMany({ where: { provider: h.provider.toLowerCase() }, orderBy: { receivedAt: "desc" }, take: 1 });
      expect(event).toMatchObject({ status: "IGNORED", error: "unknown payment reference" });
      const again = await deliverWebhook(h.provider, delivery);
      expect(again.json).toMatchObject({ duplicate: true });
    });

    it(`refuses an amount one minor unit below the price with 422 amount_mismatch and writes nothing`, async () => {
      const instance = await billableInstance({ country: h.country });
      const price = await prisma.planPrice.findFirstOrThrow({ where: { plan: { code: "MONTHLY" }, currency: h.currency } });
      const amount = minorToMajor(price.amountMinor - 1, h.currency);
      const before = await writeCounts();
      const calls = fake.requests.length;
      const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: h.paymentMethod, planType: "monthly", amount, ...h.initiateExtras(instance) });
      expect(res.status).toBe(422);
      expect(res.json.error).toMatchObject({ code: "amount_mismatch", details: [expect.objectContaining({ path: "amount", expected: minorToMajor(price.amountMinor, h.currency), currency: h.currency })] });
      expect(await writeCounts()).toEqual(before);
      expect(fake.requests.length).toBe(calls);
    });
  });

  describe(`${h.provider}: the provider is down or slow`, () => {
    async function unavailableInitiation(fault: FaultSpec, idempotencyKey?: string) {
      const instance = await billableInstance({ country: h.country });
      fake.injectFault(h.initiationRoute, fault);
      const res = await initiateViaApi(token, { instanceId: instance.id, paymentMethod: h.paymentMethod, planType: "monthly", ...h.initiateExtras(instance) }, idempotencyKey);
      expect(res.status, res.text).toBe(503);
      expect(res.json.error.code).toBe("provider_unavailable");
      const paymentId = res.json.error.details[0].paymentId as string;
      expect(res.json.error.message).toContain(paymentId);
      const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { events: { orderBy: { id: "asc" } } } });
      expect(payment).toMatchObject({ status: "PENDING", providerReference: null, instanceId: instance.id });
      expect(payment.events.map((e) => e.type)).toEqual(["initiated", "provider_unavailable"]);
      return { instance, payment, res };
    }

    it("keeps the payment PENDING after a 500 at initiation, leaves it while fresh, and cancels it as provider_unavailable once stale", async () => {
      const { payment, instance } = await unavailableInitiation("500");
      expect(h.providerObjectsFor(payment.id)).toBe(0);
      const fresh = await reconcileViaApi(token, payment.id);
      expect(fresh.status, fresh.text).toBe(200);
      expect(fresh.json.payment.status).toBe("PENDING");

      await prisma.payment.update({ where: { id: payment.id }, data: { createdAt: new Date(Date.now() - UNREACHED_AFTER_MS - 60_000) } });
      const stale = await reconcileViaApi(token, payment.id);
      expect(stale.status, stale.text).toBe(200);
      expect(stale.json.report).toMatchObject({ unreached: 1 });
      expect(stale.json.payment).toMatchObject({ status: "CANCELED", failureCode: "provider_unavailable" });
      expect((await prisma.subscription.findUniqueOrThrow({ where: { instanceId: instance.id } })).failedPaymentCount).toBe(0);
    });

    it("keeps the payment PENDING when the provider times out, and a retry with the same Idempotency-Key reaches the same provider object", async () => {
      const key = `retry-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const { payment } = await unavailableInitiation({ kind: "hang", afterProcessing: true }, key);
      expect(h.providerObjectsFor(payment.id)).toBe(1);

      const retry = await initiateViaApi(token, { instanceId: payment.instanceId, paymentMethod: h.paymentMethod, planType: "monthly", ...h.initiateExtras(await prisma.instance.findUniqueOrThrow({ where: { id: payment.instanceId } })) }, key);
      expect(retry.status, retry.text).toBe(201);
      expect(retry.json).toMatchObject({ paymentId: payment.id, status: "PENDING" });
      expect(["redirect", "approve_on_phone"]).toContain(retry.json.nextAction.type);
      expect(h.providerObjectsFor(payment.id)).toBe(1);
      const reference = (await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).providerReference;
      expect(reference).toBeTruthy();

      expect((await deliverWebhook(h.provider, h.pay(reference!))).status).toBe(200);
      expect((await paymentState(payment.id)).payment.status).toBe("SUCCEEDED");
    });

    it("settles a payment whose initiation timed out when the provider's success arrives late, even after it was canceled as unreached", async () => {
      const { payment } = await unavailableInitiation({ kind: "hang", afterProcessing: true });
      await prisma.payment.update({ where: { id: payment.id }, data: { createdAt: new Date(Date.now() - UNREACHED_AFTER_MS - 60_000) } });
      const report = await reconcilePayments({ now: new Date(), actor: testActor, paymentIds: [payment.id] });
      expect(report.unreached).toBe(1);
      expect((await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("CANCELED");

      const late = await deliverWebhook(h.provider, h.payByPaymentId(payment.id));
      expect(late.status, late.text).toBe(200);
      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after.status).toBe("SUCCEEDED");
      expect(after.providerReference).toBeTruthy();
      expect(after.invoice).toBeTruthy();
      expect(subscription).toMatchObject({ status: "ACTIVE", paidPeriods: 1 });
    });

    it("reconciles a payment whose webhook was lost: nothing while the provider answers 500, settled once it answers", async () => {
      const { payment, reference } = await pendingPayment();
      h.pay(reference); // paid at the provider; the webhook never arrives

      fake.injectFault(h.retrieveRoute, "500");
      const down = await reconcileViaApi(token, payment.id);
      expect(down.status, down.text).toBe(200);
      expect(down.json.report).toMatchObject({ checked: 1, errors: 1, succeeded: 0 });
      expect(down.json.payment.status).toBe("PENDING");

      const up = await reconcileViaApi(token, payment.id);
      expect(up.status, up.text).toBe(200);
      expect(up.json.report).toMatchObject({ checked: 1, errors: 0, succeeded: 1 });
      const { payment: after, subscription } = await paymentState(payment.id);
      expect(after.status).toBe("SUCCEEDED");
      expect(after.invoice).toBeTruthy();
      expect(after.paymentMethod).toBeTruthy();
      expect(subscription.defaultPaymentMethodId).toBe(after.paymentMethodId);
      expect(subscription.paidPeriods).toBe(1);
    });
  });
}
