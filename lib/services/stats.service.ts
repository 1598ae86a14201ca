/**
 * Dashboard figures, computed by SQL aggregates (never by loading rows), in EUR cents. The
 * definitions (each shown on the dashboard next to its figure):
 *  - MRR: paying subscriptions (ACTIVE, or PAST_DUE while a renewal is retried, paid at least once)
 *    at their monthly equivalent — monthly at price, annual at price / 12; trials and lifetime add
 *    nothing. ARR = 12 × MRR. Lifetime sales are non-recurring revenue, shown apart.
 *  - Customer churn (month): recurring subscriptions that ended (expired or canceled, not renewed)
 *    since the 1st ÷ recurring subscriptions that were in a paid period at 00:00 UTC on the 1st.
 *  - Revenue churn (month): the MRR those churned subscriptions carried ÷ the MRR at the 1st.
 *  - Trial conversion: trials started in the last 90 days that have paid ÷ those that have either
 *    paid or reached the end of their trial (trials still running and unpaid are undecided).
 *  - Failed-payment rate (month): failed ÷ (failed + succeeded) payments; canceled ones excluded.
 * The figures as of `now` are four independent aggregates run in parallel; the 12-month series
 * comes from the daily snapshots (stats-series.ts) with the current month taken from here.
 */
import { createSwrCache, type Cached } from "@/lib/cache";
import { prisma, Prisma } from "@/lib/db";
import type { InstanceStatus } from "@/lib/generated/prisma/enums";
import { ratesSql } from "@/lib/services/metrics.service";
import { eur, monthsOfInterval, overviewSql } from "@/lib/services/stats-sql";
import { monthlySeries } from "@/lib/services/stats-series";
import type { Overview } from "@/types/stats";

export type InstanceCounts = Record<InstanceStatus, number> & { total: number; trialing: number };

export async function countInstancesByStatus(): Promise<InstanceCounts> {
  const rows = await prisma.$queryRaw<{ status: InstanceStatus; count: bigint; trialing: bigint }[]>`
    SELECT i.status, count(*) AS count, count(*) FILTER (WHERE s.status = 'TRIALING') AS trialing
    FROM instances i LEFT JOIN subscriptions s ON s.instance_id = i.id
    GROUP BY i.status`;
  const counts: InstanceCounts = { PROVISIONING: 0, PROVISIONING_FAILED: 0, ACTIVE: 0, SUSPENDED: 0, DELETED: 0, total: 0, trialing: 0 };
  for (const row of rows) {
    counts[row.status] = Number(row.count);
    if (row.status !== "DELETED") {
      counts.total += Number(row.count);
      counts.trialing += Number(row.trialing);
    }
  }
  return counts;
}

export const TRIAL_COHORT_DAYS = 90;

type Row = Record<string, bigint | number | string | null>;
const num = (row: Row | undefined, key: string) => Number(row?.[key] ?? 0);
const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function monthBounds(now: Date): { start: Date; end: Date } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { start, end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
}

async function instanceFigures() {
  const rows = await prisma.$queryRaw<{ status: InstanceStatus; n: bigint }[]>(overviewSql.instances());
  const of = (status: InstanceStatus) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return {
    total: rows.filter((r) => r.status !== "DELETED").reduce((sum, r) => sum + Number(r.n), 0),
    active: of("ACTIVE"),
    suspended: of("SUSPENDED"),
    provisioning: of("PROVISIONING"),
    provisioningFailed: of("PROVISIONING_FAILED"),
  };
}

/**
 * One pass over subscriptions ⋈ plans: trials, MRR, the month's churn and the trial cohort.
 * Sums are grouped by currency and billing months first, then converted: a handful of numeric
 * conversions instead of one per row. (A deleted instance's subscription is canceled with it, so
 * TRIALING never counts a deleted instance.)
 */
async function subscriptionFigures(start: Date, end: Date, cohortStart: Date, now: Date) {
  const [row] = await prisma.$queryRaw<Row[]>(overviewSql.subscriptions(start, end, cohortStart, now));
  return row;
}

/**
 * Paying subscriptions and MRR at `start` (00:00 UTC on the 1st): the daily snapshot of the day
 * before describes exactly that moment; without one (the job has not run), they are rebuilt from
 * the paid periods covering `start` (latest period of each subscription).
 */
async function payingAt(start: Date): Promise<{ paying: number; mrr: number; source: "snapshot" | "periods" }> {
  const snapshot = await prisma.metricSnapshot.findUnique({ where: { date: new Date(start.getTime() - 86_400_000) }, select: { payingSubscriptions: true, mrrMinor: true } });
  if (snapshot) return { paying: snapshot.payingSubscriptions, mrr: Number(snapshot.mrrMinor), source: "snapshot" };
  const [row] = await prisma.$queryRaw<Row[]>`
    SELECT count(*) AS paying, round(coalesce(sum(c.monthly), 0)) AS mrr
    FROM (
      SELECT DISTINCT ON (sp.subscription_id) ${eur(Prisma.sql`sp.amount_minor`)} / ${monthsOfInterval} AS monthly
      FROM subscription_periods sp
      JOIN plans p ON p.code = sp.plan_code
      LEFT JOIN ${ratesSql()} ON r.currency = sp.currency
      WHERE sp.kind IN ('paid', 'plan_change') AND sp.plan_code IN ('MONTHLY', 'ANNUAL') AND sp.starts_at <= ${start} AND sp.ends_at > ${start}
      ORDER BY sp.subscription_id, sp.starts_at DESC
    ) c`;
  return { paying: num(row, "paying"), mrr: num(row, "mrr"), source: "periods" };
}

/** The month's payments by provider, through the succeeded_at / failed_at indexes. */
async function paymentFigures(start: Date, end: Date) {
  return prisma.$queryRaw<Row[]>(overviewSql.payments(start, end));
}

/** Lifetime plans sold, net of refunds, all time (payments_plan_code_status_idx). */
async function lifetimeRevenue() {
  const [row] = await prisma.$queryRaw<Row[]>(overviewSql.lifetime());
  return num(row, "lifetime");
}

/** Every figure of the overview as of `now` (uncached). */
export async function getOverview(now: Date): Promise<Overview> {
  const { start, end } = monthBounds(now);
  const cohortStart = new Date(now.getTime() - TRIAL_COHORT_DAYS * 86_400_000);
  const [counts, subs, atStart, payments, lifetime] = await Promise.all([
    instanceFigures(),
    subscriptionFigures(start, end, cohortStart, now),
    payingAt(start),
    paymentFigures(start, end),
    lifetimeRevenue(),
  ]);
  const revenueByProvider = payments
    .filter((p) => num(p, "succeeded") > 0)
    .map((p) => ({ provider: String(p.provider), payments: num(p, "succeeded"), grossMinor: num(p, "gross"), refundedMinor: num(p, "refunded"), netMinor: num(p, "gross") - num(p, "refunded") }))
    .sort((a, b) => b.grossMinor - a.grossMinor);
  const failed = payments.reduce((sum, p) => sum + num(p, "failed"), 0);
  const succeeded = payments.reduce((sum, p) => sum + num(p, "succeeded"), 0);
  const churned = num(subs, "churned");
  const payingAtStart = atStart.paying;
  const churn = {
    churned,
    payingAtStart,
    customerRate: ratio(churned, payingAtStart),
    churnedMrrMinor: num(subs, "churned_mrr"),
    mrrAtStartMinor: atStart.mrr,
    revenueRate: ratio(num(subs, "churned_mrr"), atStart.mrr),
    startSource: atStart.source,
  };
  const instances = { ...counts, trialing: num(subs, "trialing") };
  const mrrMinor = num(subs, "mrr");
  const { total, active, trialing, suspended } = instances;
  const series = await monthlySeries(now, 12, { mrrMinor, total, active, trialing, suspended, churned, churnRate: churn.customerRate });
  return {
    asOf: now.toISOString(),
    currency: "EUR",
    month: { start: start.toISOString(), end: end.toISOString() },
    instances,
    revenue: {
      mrrMinor,
      arrMinor: mrrMinor * 12,
      payingSubscriptions: num(subs, "paying"),
      lifetimeRevenueMinor: lifetime,
      lifetimeSalesThisMonthMinor: payments.reduce((sum, p) => sum + num(p, "lifetime"), 0),
      collectedThisMonthMinor: revenueByProvider.reduce((sum, p) => sum + p.grossMinor, 0),
    },
    churn,
    trialConversion: { cohortDays: TRIAL_COHORT_DAYS, trials: num(subs, "trials"), converted: num(subs, "converted"), rate: ratio(num(subs, "converted"), num(subs, "trials")) },
    failedPayments: { failed, succeeded, rate: ratio(failed, failed + succeeded) },
    revenueByProvider,
    series,
  };
}

/** How long the overview is served from memory before a background refresh. */
export const OVERVIEW_TTL_MS = 5_000;
const overviewCache = createSwrCache<Overview>({ ttlMs: OVERVIEW_TTL_MS, maxStaleMs: 60_000, maxEntries: 4 });

/** The overview from a few-seconds in-process cache (the page says how old it is). */
export function getOverviewCached(now: () => Date): Promise<Cached<Overview>> {
  return overviewCache.get("overview", () => getOverview(now()));
}

export function clearOverviewCache(): void {
  overviewCache.clear();
}
