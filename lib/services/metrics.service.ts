/**
 * Business figures, as SQL aggregates over sets (never rows loaded into memory), in EUR cents:
 * other currencies are converted at their rate (CFA francs at the fixed parity).
 *
 * MRR counts each paying subscription (ACTIVE, or PAST_DUE while its renewal is retried) at its
 * monthly equivalent: monthly at its price, annual at price / 12. Trials and lifetime add no MRR;
 * lifetime is non-recurring revenue. ARR = 12 × MRR. Churned counts recurring subscriptions (monthly,
 * annual) that ended in the day, so it divides by the paying count of the day before (the dashboard).
 */
import { Prisma, prisma, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { CURRENCIES, CURRENCY_CODES, ratePerEur, type Currency } from "@/lib/money";

/** (currency, decimals, units per euro) rows for SQL conversion. */
export function ratesSql(): Prisma.Sql {
  const configured = env().CDF_PER_EUR ? { CDF: env().CDF_PER_EUR } : {};
  const rows = CURRENCY_CODES.map((code: Currency) => [code, CURRENCIES[code].decimals, ratePerEur(code, configured) ?? null] as const).filter(([, , rate]) => rate !== null);
  return Prisma.sql`(VALUES ${Prisma.join(rows.map(([code, decimals, rate]) => Prisma.sql`(${code}::text, ${decimals}::int, ${rate}::numeric)`))}) AS r(currency, decimals, rate)`;
}

export type Snapshot = {
  date: string;
  totalInstances: number;
  activeInstances: number;
  trialingInstances: number;
  suspendedInstances: number;
  mrrMinor: number;
  arrMinor: number;
  lifetimeRevenueMinor: number;
  revenueMinor: number;
  payingSubscriptions: number;
  churnedSubscriptions: number;
  newSubscriptions: number;
  failedPayments: number;
  succeededPayments: number;
};

/** Figures as of `now`, with the day's flows (revenue, churn, payments) for the UTC day of `day`. */
export async function computeSnapshot(day: Date, now: Date, db: DbOrTx = prisma): Promise<Snapshot> {
  const from = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const to = new Date(from.getTime() + 86_400_000);
  const rates = ratesSql();
  const [row] = await db.$queryRaw<Array<Record<string, bigint | number | null>>>`
    WITH inst AS (
      SELECT count(*) FILTER (WHERE status <> 'DELETED') AS total,
             count(*) FILTER (WHERE status = 'ACTIVE') AS active,
             count(*) FILTER (WHERE status = 'SUSPENDED') AS suspended
      FROM instances
    ), subs AS (
      SELECT count(*) FILTER (WHERE s.status = 'TRIALING') AS trialing,
             count(*) FILTER (WHERE s.status IN ('ACTIVE', 'PAST_DUE') AND s.paid_periods > 0 AND p.code IN ('MONTHLY', 'ANNUAL')) AS paying,
             coalesce(sum(
               CASE WHEN s.status IN ('ACTIVE', 'PAST_DUE') AND s.paid_periods > 0 AND p.code IN ('MONTHLY', 'ANNUAL') THEN
                 (s.amount_minor::numeric / power(10, r.decimals) / r.rate * 100) / (CASE p.interval WHEN 'YEAR' THEN 12 * p.interval_count ELSE p.interval_count END)
               END), 0) AS mrr,
             count(*) FILTER (WHERE s.status IN ('EXPIRED', 'CANCELED') AND s.paid_periods > 0 AND p.code IN ('MONTHLY', 'ANNUAL') AND s.ended_at >= ${from} AND s.ended_at < ${to}) AS churned,
             count(*) FILTER (WHERE s.created_at >= ${from} AND s.created_at < ${to}) AS created
      FROM subscriptions s JOIN plans p ON p.id = s.plan_id JOIN instances i ON i.id = s.instance_id
      LEFT JOIN ${rates} ON r.currency = s.currency
      WHERE i.status <> 'DELETED' OR s.ended_at >= ${from}
    ), pays AS (
      SELECT coalesce(sum(CASE WHEN p.plan_code = 'LIFETIME' AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') AND p.succeeded_at < ${to}
                               THEN (p.amount_minor - p.amount_refunded_minor)::numeric / power(10, r.decimals) / r.rate * 100 END), 0) AS lifetime,
             coalesce(sum(CASE WHEN p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND p.succeeded_at >= ${from} AND p.succeeded_at < ${to}
                               THEN p.amount_minor::numeric / power(10, r.decimals) / r.rate * 100 END), 0) AS revenue,
             count(*) FILTER (WHERE p.status = 'FAILED' AND p.failed_at >= ${from} AND p.failed_at < ${to}) AS failed,
             count(*) FILTER (WHERE p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND p.succeeded_at >= ${from} AND p.succeeded_at < ${to}) AS succeeded
      FROM payments p LEFT JOIN ${rates} ON r.currency = p.currency
      WHERE p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED', 'FAILED')
    )
    SELECT inst.total, inst.active, inst.suspended, subs.trialing, subs.paying, round(subs.mrr) AS mrr, subs.churned, subs.created,
           round(pays.lifetime) AS lifetime, round(pays.revenue) AS revenue, pays.failed, pays.succeeded
    FROM inst, subs, pays`;
  const n = (key: string) => Number(row?.[key] ?? 0);
  void now;
  return {
    date: from.toISOString().slice(0, 10),
    totalInstances: n("total"),
    activeInstances: n("active"),
    trialingInstances: n("trialing"),
    suspendedInstances: n("suspended"),
    mrrMinor: n("mrr"),
    arrMinor: n("mrr") * 12,
    lifetimeRevenueMinor: n("lifetime"),
    revenueMinor: n("revenue"),
    payingSubscriptions: n("paying"),
    churnedSubscriptions: n("churned"),
    newSubscriptions: n("created"),
    failedPayments: n("failed"),
    succeededPayments: n("succeeded"),
  };
}

/** The day's snapshot, replaced if the job runs again for that day. */
export async function writeSnapshot(day: Date, now: Date): Promise<Snapshot> {
  const s = await computeSnapshot(day, now);
  const data = {
    totalInstances: s.totalInstances,
    activeInstances: s.activeInstances,
    trialingInstances: s.trialingInstances,
    suspendedInstances: s.suspendedInstances,
    mrrMinor: BigInt(s.mrrMinor),
    lifetimeRevenueMinor: BigInt(s.lifetimeRevenueMinor),
    revenueMinor: BigInt(s.revenueMinor),
    payingSubscriptions: s.payingSubscriptions,
    churnedSubscriptions: s.churnedSubscriptions,
    newSubscriptions: s.newSubscriptions,
    failedPayments: s.failedPayments,
    succeededPayments: s.succeededPayments,
    data: { arrMinor: s.arrMinor },
  };
  const date = new Date(`${s.date}T00:00:00Z`);
  await prisma.metricSnapshot.upsert({ where: { date }, create: { date, ...data }, update: data });
  return s;
}
