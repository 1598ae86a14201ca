import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { cancelSubscription } from "@/lib/services/subscription.service";
import { recordManualPayment } from "@/lib/services/payment.service";
import { getOverview } from "@/lib/services/stats.service";
import type { Overview } from "@/types/stats";
import { payByCard } from "../helpers/billing";
import { makeInstance, testActor } from "../helpers/instances";

const at = (iso: string) => new Date(`${iso}Z`);
const NOW = at("2027-03-15T12:00:00");

/**
 * A small known console on 15 March 2027 (every figure below is worked out by hand):
 *   monthly   trial from 1 Feb, paid monthly on 20 Feb (EUR 50)   → MRR 5000, converted trial
 *   annual    paid annual on 20 Feb (EUR 450)                       → MRR 3750
 *   xof       Côte d'Ivoire, paid monthly on 20 Feb (32 798 XOF)    → MRR 5000 at the CFA parity
 *   manual    annual recorded in cash on 4 Mar (EUR 450)            → MRR 3750, MANUAL revenue
 *   lifetime  paid on 2 Mar (EUR 1000)                              → no MRR, lifetime revenue
 *   churned   paid monthly on 10 Feb, canceled on 5 Mar             → churned this month
 *   failed    monthly, card declined on 3 Mar                       → one failed payment
 *   lapsed    trial from 1 Feb, never paid                          → trial not converted
 *   running   trial from 10 Mar                                     → trial still undecided
 */
describe("the dashboard overview on a small known dataset", () => {
  let overview: Overview;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ids.monthly = (await makeInstance({ planType: "trial" }, at("2027-02-01T09:00:00"))).id;
    expect((await payByCard(ids.monthly, "monthly", "4242424242424242", at("2027-02-20T10:00:00"))).status).toBe("SUCCEEDED");
    ids.annual = (await makeInstance({ planType: "annual" }, at("2027-02-20T09:00:00"))).id;
    expect((await payByCard(ids.annual, "annual", "4242424242424242", at("2027-02-20T10:00:00"))).status).toBe("SUCCEEDED");
    ids.xof = (await makeInstance({ planType: "monthly", country: "CI", ownerPhone: "+2250701020304" }, at("2027-02-20T09:00:00"))).id;
    const xof = await payByCard(ids.xof, "monthly", "4242424242424242", at("2027-02-20T10:00:00"));
    expect(xof).toMatchObject({ status: "SUCCEEDED", currency: "XOF", amountMinor: 32_798 });
    ids.manual = (await makeInstance({ planType: "annual" }, at("2027-03-04T09:00:00"))).id;
    await recordManualPayment({ request: { instanceId: ids.manual, method: "cash", reference: `cash-${ids.manual}` }, actor: testActor, now: at("2027-03-04T10:00:00") });
    ids.lifetime = (await makeInstance({ planType: "lifetime" }, at("2027-03-02T09:00:00"))).id;
    expect((await payByCard(ids.lifetime, "lifetime", "4242424242424242", at("2027-03-02T10:00:00"))).status).toBe("SUCCEEDED");
    ids.churned = (await makeInstance({ planType: "monthly" }, at("2027-02-10T09:00:00"))).id;
    expect((await payByCard(ids.churned, "monthly", "4242424242424242", at("2027-02-10T10:00:00"))).status).toBe("SUCCEEDED");
    await cancelSubscription({ id: ids.churned, atPeriodEnd: false, reason: "closing", actor: testActor, now: at("2027-03-05T10:00:00") });
    ids.failed = (await makeInstance({ planType: "monthly" }, at("2027-03-03T09:00:00"))).id;
    expect((await payByCard(ids.failed, "monthly", "4000000000000002", at("2027-03-03T10:00:00"))).status).toBe("FAILED");
    ids.lapsed = (await makeInstance({ planType: "trial" }, at("2027-02-01T09:00:00"))).id;
    ids.running = (await makeInstance({ planType: "trial" }, at("2027-03-10T09:00:00"))).id;
    overview = await getOverview(NOW);
  }, 120_000);

  it("counts the instances by status, trials included", () => {
    expect(overview.instances).toEqual({ total: 9, active: 8, suspended: 1, trialing: 2, provisioning: 0, provisioningFailed: 0 });
  });

  it("counts monthly at price and annual at a twelfth, converts XOF at the parity, and leaves lifetime and trials out", () => {
    expect(overview.revenue.mrrMinor).toBe(5_000 + 3_750 + 5_000 + 3_750);
    expect(overview.revenue.arrMinor).toBe(12 * 17_500);
    expect(overview.revenue.payingSubscriptions).toBe(4);
  });

  it("shows lifetime sales as non-recurring revenue, all time and this month", () => {
    expect(overview.revenue.lifetimeRevenueMinor).toBe(100_000);
    expect(overview.revenue.lifetimeSalesThisMonthMinor).toBe(100_000);
    expect(overview.revenue.collectedThisMonthMinor).toBe(100_000 + 45_000);
  });

  it("computes customer and revenue churn of the month against the paid periods running on the 1st", () => {
    expect(overview.churn).toMatchObject({ churned: 1, payingAtStart: 4, customerRate: 0.25, churnedMrrMinor: 5_000, mrrAtStartMinor: 18_750, startSource: "periods" });
    expect(overview.churn.revenueRate).toBeCloseTo(5_000 / 18_750, 6);
  });

  it("converts trials that paid over trials that paid or ended, ignoring trials still running", () => {
    expect(overview.trialConversion).toEqual({ cohortDays: 90, trials: 2, converted: 1, rate: 0.5 });
  });

  it("rates failed payments of the month over failed and succeeded ones", () => {
    expect(overview.failedPayments).toEqual({ failed: 1, succeeded: 2, rate: 1 / 3 });
  });

  it("splits the month's revenue by provider, largest first", () => {
    expect(overview.revenueByProvider).toEqual([
      { provider: "SANDBOX", payments: 1, grossMinor: 100_000, refundedMinor: 0, netMinor: 100_000 },
      { provider: "MANUAL", payments: 1, grossMinor: 45_000, refundedMinor: 0, netMinor: 45_000 },
    ]);
  });

  it("ends the 12-month series with the live month, matching the cards", () => {
    expect(overview.series).toHaveLength(12);
    expect(overview.series[0]!.month).toBe("2026-04");
    expect(overview.series[11]).toMatchObject({ month: "2027-03", live: true, mrrMinor: 17_500, active: 8, churned: 1, churnRate: 0.25 });
    expect(overview.series.slice(0, 11).every((p) => !p.hasData && !p.live)).toBe(true);
  });

  it("takes past months from the daily snapshots and the start of the month from the day before", async () => {
    const snapshot = (date: string, paying: number, churned: number, mrr: number) => ({
      date: new Date(`${date}T00:00:00Z`),
      totalInstances: 20,
      activeInstances: 15,
      trialingInstances: 3,
      suspendedInstances: 2,
      mrrMinor: BigInt(mrr),
      lifetimeRevenueMinor: 0n,
      revenueMinor: 0n,
      payingSubscriptions: paying,
      churnedSubscriptions: churned,
      newSubscriptions: 0,
      failedPayments: 0,
      succeededPayments: 0,
    });
    await prisma.metricSnapshot.createMany({
      data: [snapshot("2027-01-31", 8, 0, 40_000), snapshot("2027-02-10", 9, 1, 42_000), snapshot("2027-02-20", 10, 1, 45_000), snapshot("2027-02-28", 10, 0, 50_000)],
    });
    const withSnapshots = await getOverview(NOW);
    expect(withSnapshots.churn).toMatchObject({ payingAtStart: 10, mrrAtStartMinor: 50_000, customerRate: 0.1, startSource: "snapshot" });
    expect(withSnapshots.series[10]).toMatchObject({ month: "2027-02", mrrMinor: 50_000, active: 15, churned: 2, churnRate: 2 / 8, hasData: true, live: false });
    expect(withSnapshots.series[9]).toMatchObject({ month: "2027-01", churnRate: null, hasData: true });
    await prisma.metricSnapshot.deleteMany({});
  });
});
