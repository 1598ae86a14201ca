/** The overview's SQL (EUR cents through the rates table aliased `r`), shared by stats.service and the benchmarks. */
import { Prisma } from "@/lib/db";
import { ratesSql } from "@/lib/services/metrics.service";

/** amount (minor units of its currency) → EUR cents, through the rates table aliased `r`. */
export const eur = (amount: Prisma.Sql) => Prisma.sql`(${amount}::numeric / power(10, r.decimals) / r.rate * 100)`;
export const monthsOfInterval = Prisma.sql`(CASE p.interval WHEN 'YEAR' THEN 12 * p.interval_count ELSE p.interval_count END)`;

/** Converts grouped sums of minor units (column `amount`, grouped with `currency`) to EUR cents. */
const toEur = (column: string) => Prisma.sql`(${Prisma.raw(column)}::numeric / power(10, r.decimals) / r.rate * 100)`;

/**
 * The overview's statements, exported so the benchmarks can time the bare SQL beside the endpoint
 * (`.text` / `.values` for the pg driver).
 */
export const overviewSql = {
  instances: () => Prisma.sql`SELECT status, count(*) AS n FROM instances GROUP BY status`,
  subscriptions: (start: Date, end: Date, cohortStart: Date, now: Date) => Prisma.sql`
    WITH g AS (
      SELECT x.currency, x.months,
             count(*) FILTER (WHERE x.status = 'TRIALING') AS trialing,
             count(*) FILTER (WHERE x.paying) AS paying, sum(x.amount_minor) FILTER (WHERE x.paying) AS paying_amount,
             count(*) FILTER (WHERE x.churned) AS churned, sum(x.amount_minor) FILTER (WHERE x.churned) AS churned_amount,
             count(*) FILTER (WHERE x.trial AND (x.first_paid_at IS NOT NULL OR x.trial_ends_at <= ${now})) AS trials,
             count(*) FILTER (WHERE x.trial AND x.first_paid_at IS NOT NULL) AS converted
      FROM (
        SELECT s.status, s.currency, s.amount_minor, s.first_paid_at, s.trial_ends_at, ${monthsOfInterval} AS months,
               (p.code IN ('MONTHLY', 'ANNUAL') AND s.paid_periods > 0 AND s.status IN ('ACTIVE', 'PAST_DUE')) AS paying,
               (p.code IN ('MONTHLY', 'ANNUAL') AND s.paid_periods > 0 AND s.status IN ('EXPIRED', 'CANCELED') AND s.ended_at >= ${start} AND s.ended_at < ${end}) AS churned,
               (s.trial_ends_at IS NOT NULL AND s.created_at >= ${cohortStart}) AS trial
        FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      ) x
      GROUP BY x.currency, x.months
    )
    SELECT sum(trialing) AS trialing, sum(paying) AS paying, round(coalesce(sum(${toEur("paying_amount")} / months), 0)) AS mrr,
           sum(churned) AS churned, round(coalesce(sum(${toEur("churned_amount")} / months), 0)) AS churned_mrr,
           sum(trials) AS trials, sum(converted) AS converted
    FROM g LEFT JOIN ${ratesSql()} ON r.currency = g.currency`,
  payments: (start: Date, end: Date) => Prisma.sql`
    WITH g AS (
      SELECT p.provider, p.currency,
             count(*) FILTER (WHERE p.ok) AS succeeded, count(*) FILTER (WHERE p.ko) AS failed,
             sum(p.amount_minor) FILTER (WHERE p.ok) AS gross, sum(p.amount_refunded_minor) FILTER (WHERE p.ok) AS refunded,
             sum(p.amount_minor) FILTER (WHERE p.ok AND p.plan_code = 'LIFETIME') AS lifetime
      FROM (
        SELECT provider, currency, amount_minor, amount_refunded_minor, plan_code,
               (status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') AND succeeded_at >= ${start} AND succeeded_at < ${end}) AS ok,
               (status = 'FAILED' AND failed_at >= ${start} AND failed_at < ${end}) AS ko
        FROM payments
        WHERE (succeeded_at >= ${start} AND succeeded_at < ${end}) OR (failed_at >= ${start} AND failed_at < ${end})
      ) p
      GROUP BY p.provider, p.currency
    )
    SELECT g.provider::text AS provider, sum(succeeded) AS succeeded, sum(failed) AS failed,
           round(coalesce(sum(${toEur("gross")}), 0)) AS gross, round(coalesce(sum(${toEur("refunded")}), 0)) AS refunded,
           round(coalesce(sum(${toEur("lifetime")}), 0)) AS lifetime
    FROM g LEFT JOIN ${ratesSql()} ON r.currency = g.currency
    GROUP BY g.provider
    ORDER BY g.provider`,
  lifetime: () => Prisma.sql`
    WITH g AS (
      SELECT currency, sum(amount_minor - amount_refunded_minor) AS net FROM payments
      WHERE plan_code = 'LIFETIME' AND status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED')
      GROUP BY currency
    )
    SELECT round(coalesce(sum(${toEur("net")}), 0)) AS lifetime FROM g LEFT JOIN ${ratesSql()} ON r.currency = g.currency`,
};

