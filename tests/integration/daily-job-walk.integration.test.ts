import { beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { initiatePayment } from "@/lib/services/payment.service";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { initiateOwnerPayment } from "@/lib/services/owner-payments";
import { ensurePlans, makeInstance } from "../helpers/instances";
import { payByCard, walk } from "../helpers/billing";

const T0 = new Date("2027-01-01T00:00:00.000Z");

describe("400 days of the daily job", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await ensurePlans();
    ids.trial = (await makeInstance({ planType: "trial" }, T0)).id;
    ids.monthly = (await makeInstance({ planType: "monthly" }, T0)).id;
    ids.annual = (await makeInstance({ planType: "annual" }, T0)).id;
    ids.lifetime = (await makeInstance({ planType: "lifetime" }, T0)).id;
    ids.failing = (await makeInstance({ planType: "monthly" }, T0)).id;
    expect((await payByCard(ids.monthly, "monthly", "4242424242424242", T0)).status).toBe("SUCCEEDED");
    expect((await payByCard(ids.annual, "annual", "4242424242424242", T0)).status).toBe("SUCCEEDED");
    expect((await payByCard(ids.lifetime, "lifetime", "4242424242424242", T0)).status).toBe("SUCCEEDED");
    expect((await payByCard(ids.failing, "monthly", "4000000000000341", T0)).status).toBe("SUCCEEDED");

    // Day 41: the owner of the failing instance pays with a working card through a payment link.
    const statuses = await walk(T0, 400, async (day, now) => {
      if (day === 41) {
        const [link] = await createPaymentLinks(prisma, [{ instanceId: ids.failing! }], now);
        const token = link!.url.split("/pay/")[1]!;
        const paid = await initiateOwnerPayment({ request: { paymentLinkToken: token, paymentMethod: "sandbox", cardNumber: "4242424242424242", saveMethod: true }, ip: "10.0.0.1", now });
        expect(paid.status).toBe("SUCCEEDED");
      }
    });
    expect(new Set(statuses)).toEqual(new Set(["SUCCEEDED"]));
  }, 300_000);

  const reminders = (instanceId: string) =>
    prisma.notification.findMany({ where: { instanceId, templateKey: { in: ["trial_ending", "subscription_expiring"] } }, orderBy: [{ createdAt: "asc" }, { channel: "asc" }] });

  it("reminds the trial at D-2 and on its last day, then expires and suspends it on day 8", async () => {
    const sent = await reminders(ids.trial!);
    expect(sent.map((n) => [n.templateKey, n.channel, n.createdAt.toISOString().slice(0, 10)])).toEqual([
      ["trial_ending", "EMAIL", "2027-01-06"],
      ["trial_ending", "WHATSAPP", "2027-01-06"],
      ["trial_ending", "EMAIL", "2027-01-07"],
      ["trial_ending", "WHATSAPP", "2027-01-07"],
    ]);
    expect(sent[0]!.locale).toBe("fr");
    expect(sent[0]!.subject).toContain("Votre essai AfrikaPharma se termine le");
    expect(sent[0]!.bodyText).toMatch(/https?:\/\/[^ ]+\/pay\//);
    const sub = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: ids.trial } });
    expect(sub).toMatchObject({ status: "EXPIRED" });
    expect(sub.endedAt!.toISOString()).toBe("2027-01-08T00:00:00.000Z");
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id: ids.trial } });
    expect(instance).toMatchObject({ status: "SUSPENDED", suspendedReason: "subscription_expired" });
    expect(instance.suspendedAt!.toISOString()).toBe("2027-01-08T00:00:00.000Z");
    const suspendedNotice = await prisma.notification.count({ where: { instanceId: ids.trial, templateKey: "suspended_expired" } });
    expect(suspendedNotice).toBe(2);
  });

  it("renews the monthly subscription 13 times, each with an invoice", async () => {
    const renewals = await prisma.payment.findMany({ where: { instanceId: ids.monthly, purpose: "RENEWAL" }, include: { invoice: true }, orderBy: { createdAt: "asc" } });
    expect(renewals).toHaveLength(13);
    expect(renewals.every((p) => p.status === "SUCCEEDED" && p.invoice)).toBe(true);
    expect(renewals.map((p) => p.amountMinor)).toEqual(Array(13).fill(5_000));
    const sub = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: ids.monthly } });
    expect(sub).toMatchObject({ status: "ACTIVE", paidPeriods: 14, failedPaymentCount: 0 });
    expect(sub.currentPeriodEnd!.toISOString()).toBe("2028-03-01T00:00:00.000Z");
    const periods = await prisma.subscriptionPeriod.findMany({ where: { subscriptionId: sub.id, kind: "paid" }, orderBy: { startsAt: "asc" } });
    for (let i = 1; i < periods.length; i += 1) expect(periods[i]!.startsAt.getTime()).toBe(periods[i - 1]!.endsAt!.getTime());
  });

  it("numbers every invoice of each year without gaps", async () => {
    const invoices = await prisma.invoice.findMany({ orderBy: [{ year: "asc" }, { sequence: "asc" }] });
    for (const year of new Set(invoices.map((i) => i.year))) {
      const seq = invoices.filter((i) => i.year === year).map((i) => i.sequence);
      expect(seq).toEqual(Array.from({ length: seq.length }, (_, k) => k + 1));
    }
    expect(invoices[0]!.number).toBe("AFP-2027-000001");
  });

  it("renews the annual subscription once", async () => {
    const renewals = await prisma.payment.findMany({ where: { instanceId: ids.annual, purpose: "RENEWAL" } });
    expect(renewals.map((p) => [p.status, p.amountMinor])).toEqual([["SUCCEEDED", 45_000]]);
    const sub = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: ids.annual } });
    expect(sub.currentPeriodEnd!.toISOString()).toBe("2029-01-01T00:00:00.000Z");
  });

  it("never changes or charges a lifetime subscription", async () => {
    const sub = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: ids.lifetime }, include: { plan: true } });
    expect(sub).toMatchObject({ status: "ACTIVE", currentPeriodEnd: null, autoRenew: false, plan: { code: "LIFETIME" } });
    expect(await prisma.payment.count({ where: { instanceId: ids.lifetime } })).toBe(1);
    expect(await reminders(ids.lifetime!)).toHaveLength(0);
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: ids.lifetime } })).status).toBe("ACTIVE");
  });

  it("suspends after three failed renewals and reactivates on a later success", async () => {
    const attempts = await prisma.payment.findMany({ where: { instanceId: ids.failing, purpose: "RENEWAL", createdAt: { lt: new Date("2027-02-10T00:00:00Z") } }, orderBy: { createdAt: "asc" } });
    expect(attempts.map((p) => [p.status, p.createdAt.toISOString().slice(0, 10)])).toEqual([
      ["FAILED", "2027-01-31"],
      ["FAILED", "2027-02-01"],
      ["FAILED", "2027-02-02"],
    ]);
    const audit = await prisma.auditLog.findMany({ where: { instanceId: ids.failing, action: { in: ["instance.suspend", "instance.reactivate"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, (a.after as { reason?: string }).reason ?? null])).toEqual([
      ["instance.suspend", "payment_failed"],
      ["instance.reactivate", null],
    ]);
    const told = await prisma.notification.findMany({ where: { instanceId: ids.failing, templateKey: { in: ["suspended_payment_failed", "instance_reactivated"] } }, orderBy: [{ createdAt: "asc" }, { channel: "asc" }] });
    expect(told.map((n) => [n.templateKey, n.channel, n.createdAt.toISOString().slice(0, 10)])).toEqual([
      ["suspended_payment_failed", "EMAIL", "2027-02-02"],
      ["suspended_payment_failed", "WHATSAPP", "2027-02-02"],
      ["instance_reactivated", "EMAIL", "2027-02-11"],
      ["instance_reactivated", "WHATSAPP", "2027-02-11"],
    ]);
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id: ids.failing } });
    expect(instance.status).toBe("ACTIVE");
    const later = await prisma.payment.findMany({ where: { instanceId: ids.failing, purpose: "RENEWAL", createdAt: { gt: new Date("2027-02-11T00:00:00Z") } } });
    expect(later.length).toBeGreaterThanOrEqual(10);
    expect(later.every((p) => p.status === "SUCCEEDED")).toBe(true);
  });

  it("records one run per day with its report", async () => {
    const runs = await prisma.jobRun.count({ where: { job: "daily" } });
    expect(runs).toBe(400);
    const first = await prisma.jobRun.findFirstOrThrow({ where: { job: "daily", runDate: new Date("2027-01-06T00:00:00Z") } });
    expect(first).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect((first.report as { steps: { reminders: { queued: number } } }).steps.reminders.queued).toBe(2);
  });

  it("refuses an amount that differs from the price (the seed's 49.99 for 50 EUR)", async () => {
    const instance = await makeInstance({ planType: "trial" }, T0);
    await expect(
      initiatePayment({ request: { instanceId: instance.id, paymentMethod: "sandbox", planType: "monthly", amount: 49.99, cardNumber: "4242424242424242", saveMethod: true }, actor: { type: "system" }, now: addDays(T0, 1), initiatedBy: "admin" }),
    ).rejects.toMatchObject({ code: "amount_mismatch", status: 422 });
    expect(await prisma.payment.count({ where: { instanceId: instance.id } })).toBe(0);
  });
});
