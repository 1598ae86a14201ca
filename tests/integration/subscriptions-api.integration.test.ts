import { beforeAll, describe, expect, it } from "vitest";
import * as subscriptions from "@/app/api/admin/subscriptions/route";
import * as subscription from "@/app/api/admin/subscriptions/[id]/route";
import * as extend from "@/app/api/admin/subscriptions/[id]/extend/route";
import * as changePlan from "@/app/api/admin/subscriptions/[id]/change-plan/route";
import * as cancel from "@/app/api/admin/subscriptions/[id]/cancel/route";
import * as plan from "@/app/api/admin/plans/[code]/route";
import * as runs from "@/app/api/admin/jobs/runs/route";
import * as forecast from "@/app/api/admin/jobs/forecast/route";
import * as invoicePdf from "@/app/api/admin/invoices/[id]/pdf/route";
import * as manual from "@/app/api/admin/payments/manual/route";
import { addDays } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { runDailyJob } from "@/lib/services/jobs/daily-job";
import { createAdminWithToken, uid } from "../helpers/factories";
import { ensurePlans, makeInstance } from "../helpers/instances";
import { payByCard } from "../helpers/billing";
import { call } from "../helpers/http";

let token: string;
let supportToken: string;
beforeAll(async () => {
  await ensurePlans();
  token = (await createAdminWithToken("SUPER_ADMIN")).token;
  supportToken = (await createAdminWithToken("SUPPORT")).token;
});

const post = (handler: typeof extend.POST, id: string, path: string, body: unknown, t = token) => call(handler, "POST", `/api/admin/subscriptions/${id}/${path}`, { token: t, params: { id }, body });

describe("subscription actions", () => {
  it("extend a trial by days with a reason, audited; a reason is required", async () => {
    const instance = await makeInstance({ planType: "trial" });
    const before = instance.subscription!.currentPeriodEnd!;
    expect((await post(extend.POST, instance.id, "extend", { days: 5 })).status).toBe(422);
    const res = await post(extend.POST, instance.id, "extend", { days: 5, reason: "Geste commercial" });
    expect(res.status).toBe(200);
    expect(new Date(res.json.currentPeriodEnd).getTime() - before.getTime()).toBe(5 * 86_400_000);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { instanceId: instance.id, action: "subscription.extend" } });
    expect(audit.after).toMatchObject({ days: 5, reason: "Geste commercial" });
    expect((await post(extend.POST, instance.id, "extend", { days: 5, reason: "x-support" }, supportToken)).status).toBe(403);
  });

  it("an extension of an expired, suspended instance reactivates it", async () => {
    const t0 = new Date("2030-01-01T00:00:00Z");
    const instance = await makeInstance({ planType: "trial" }, t0);
    await runDailyJob({ runDate: "2030-01-08", now: addDays(t0, 7), trigger: "test" });
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).status).toBe("SUSPENDED");
    const res = await post(extend.POST, instance.id, "extend", { days: 7, reason: "Essai prolongé" });
    expect(res.json.status).toBe("TRIALING");
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: instance.id } })).status).toBe("ACTIVE");
  });

  it("an upgrade is bought with the unused part credited; a downgrade waits for the period's end", async () => {
    const now = new Date();
    const instance = await makeInstance({ planType: "monthly" }, now);
    await payByCard(instance.id, "monthly", "4242424242424242", now);
    const up = await post(changePlan.POST, instance.id, "change-plan", { planType: "annual" });
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({ scheduled: false, planCode: "ANNUAL", quote: { purpose: "PLAN_CHANGE", priceMinor: 45_000 } });
    expect(up.json.quote.creditMinor).toBeGreaterThan(4_900);
    expect(up.json.quote.amountMinor).toBe(45_000 - up.json.quote.creditMinor);
    expect(up.json.paymentLink).toMatch(/\/pay\//);

    const annual = await makeInstance({ planType: "annual" }, now);
    await payByCard(annual.id, "annual", "4242424242424242", now);
    const down = await post(changePlan.POST, annual.id, "change-plan", { planType: "monthly" });
    expect(down.json).toMatchObject({ scheduled: true, planCode: "MONTHLY" });
    const sub = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: annual.id }, include: { plan: true, pendingPlan: true } });
    expect(sub.plan.code).toBe("ANNUAL");
    expect(sub.pendingPlan?.code).toBe("MONTHLY");
    // At the period's end the renewal charges the monthly price and switches the plan.
    const end = sub.currentPeriodEnd!;
    const day = new Date(end.getTime() - 86_400_000);
    await runDailyJob({ runDate: day.toISOString().slice(0, 10), now: day, trigger: "test" });
    const renewed = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: annual.id }, include: { plan: true } });
    expect(renewed.plan.code).toBe("MONTHLY");
    expect(renewed.pendingPlanId).toBeNull();
    const payment = await prisma.payment.findFirstOrThrow({ where: { instanceId: annual.id, purpose: "RENEWAL" } });
    expect(payment.amountMinor).toBe(5_000);
  });

  it("cancel at period end stops renewal; cancel now suspends the instance", async () => {
    const a = await makeInstance({ planType: "trial" });
    const atEnd = await post(cancel.POST, a.id, "cancel", { atPeriodEnd: true });
    expect(atEnd.json).toMatchObject({ cancelAtPeriodEnd: true, autoRenew: false, status: "TRIALING" });
    const b = await makeInstance({ planType: "trial" });
    const now = await post(cancel.POST, b.id, "cancel", { atPeriodEnd: false, reason: "Fermeture de la pharmacie" });
    expect(now.json.status).toBe("CANCELED");
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("SUSPENDED");
  });

  it("toggle auto-renew, audited", async () => {
    const instance = await makeInstance({ planType: "trial" });
    const res = await call(subscription.PATCH, "PATCH", `/api/admin/subscriptions/${instance.id}`, { token, params: { id: instance.id }, body: { autoRenew: false } });
    expect(res.json.autoRenew).toBe(false);
    expect(await prisma.auditLog.count({ where: { instanceId: instance.id, action: "subscription.update" } })).toBe(1);
  });
});

describe("lists, plans, runs, invoices", () => {
  it("list expiring, expired and past-due subscriptions with pagination", async () => {
    await makeInstance({ planType: "trial" });
    const expiring = await call(subscriptions.GET, "GET", "/api/admin/subscriptions?status=expiring&days=10&limit=2", { token });
    expect(expiring.status).toBe(200);
    expect(expiring.json.data.length).toBeLessThanOrEqual(2);
    expect(expiring.json.total).toBeGreaterThan(0);
    if (expiring.json.total > 2) {
      const next = await call(subscriptions.GET, "GET", `/api/admin/subscriptions?status=expiring&days=10&limit=2&cursor=${expiring.json.nextCursor}`, { token });
      expect(next.json.data[0].id).not.toBe(expiring.json.data[0].id);
    }
    const expired = await call(subscriptions.GET, "GET", "/api/admin/subscriptions?status=expired", { token });
    expect(expired.json.data.every((s: { status: string }) => s.status === "EXPIRED")).toBe(true);
    expect((await call(subscriptions.GET, "GET", "/api/admin/subscriptions?status=nope", { token })).status).toBe(422);
  });

  it("a new price applies from the next period, not to the current one", async () => {
    const now = new Date();
    const instance = await makeInstance({ planType: "monthly", country: "FR" }, now);
    await payByCard(instance.id, "monthly", "4242424242424242", now);
    const res = await call(plan.PUT, "PUT", "/api/admin/plans/monthly", { token, params: { code: "monthly" }, body: { currency: "EUR", amountMinor: 5_500 } });
    expect(res.status).toBe(200);
    expect(res.json.data.find((p: { currency: string }) => p.currency === "XOF").amountMinor).toBe(36_078);
    const sub = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: instance.id } });
    expect(sub.amountMinor).toBe(5_000);
    const day = new Date(sub.currentPeriodEnd!.getTime() - 86_400_000);
    await runDailyJob({ runDate: day.toISOString().slice(0, 10), now: day, trigger: "test" });
    const renewal = await prisma.payment.findFirstOrThrow({ where: { instanceId: instance.id, purpose: "RENEWAL" } });
    expect(renewal.amountMinor).toBe(5_500);
    await call(plan.PUT, "PUT", "/api/admin/plans/monthly", { token, params: { code: "monthly" }, body: { currency: "EUR", amountMinor: 5_000 } });
    expect(await prisma.auditLog.count({ where: { action: "plan.price_update" } })).toBeGreaterThanOrEqual(2);
  });

  it("list the daily job's runs and forecast tomorrow without changing anything", async () => {
    const before = await prisma.payment.count();
    const res = await call(forecast.GET, "GET", "/api/admin/jobs/forecast?days=1", { token });
    expect(res.status).toBe(200);
    expect(res.json).toHaveProperty("reminders.subscriptions");
    expect(res.json).toHaveProperty("renewals.due");
    expect(await prisma.payment.count()).toBe(before);
    const list = await call(runs.GET, "GET", "/api/admin/jobs/runs?limit=5", { token });
    expect(list.json.data.length).toBeGreaterThan(0);
    expect(list.json.data[0]).toHaveProperty("report.steps");
  });

  it("download an invoice as PDF, in French or English", async () => {
    const instance = await makeInstance({ planType: "trial" });
    const paid = await call(manual.POST, "POST", "/api/admin/payments/manual", { token, body: { instanceId: instance.id, planType: "monthly", method: "cash", reference: `REC-${uid(8)}` } });
    expect(paid.status).toBe(201);
    const invoiceId = paid.json.invoice.id;
    for (const locale of ["fr", "en"]) {
      const res = await call(invoicePdf.GET, "GET", `/api/admin/invoices/${invoiceId}/pdf?locale=${locale}`, { token, params: { id: invoiceId } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/pdf");
      expect(res.text.startsWith("%PDF-")).toBe(true);
      expect(res.headers.get("content-disposition")).toContain(paid.json.invoice.number);
    }
    const again = await call(manual.POST, "POST", "/api/admin/payments/manual", { token, body: { instanceId: instance.id, planType: "monthly", method: "cash", reference: paid.json.providerReference } });
    expect(again.status).toBe(409);
  });
});
