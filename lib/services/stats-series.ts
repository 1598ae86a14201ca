/**
 * The dashboard's 12-month series, read from the daily `metric_snapshots` (one row per day,
 * describing the state at the end of that day and its flows). A past month shows its last
 * snapshot's state (MRR, instances by status) and the sum of its daily churn; its churn rate
 * divides that sum by the paying subscriptions of the previous month's last snapshot. The current
 * month is the live figure passed in, so the chart and the cards agree.
 */
import { prisma } from "@/lib/db";
import type { SeriesPoint } from "@/types/stats";

type Live = Omit<SeriesPoint, "month" | "live" | "hasData">;

type MonthRow = { month: Date; mrr: bigint; total: number; active: number; trialing: number; suspended: number; paying: number; churned: bigint };

function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

export async function monthlySeries(now: Date, months: number, live: Live): Promise<SeriesPoint[]> {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const before = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - 1, 1));
  const current = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  // One row per month: the state of its last snapshot and the sum of its days' churn.
  const rows = await prisma.$queryRaw<MonthRow[]>`
    WITH last AS (
      SELECT DISTINCT ON (date_trunc('month', date)) date_trunc('month', date) AS month, mrr_minor, total_instances, active_instances,
             trialing_instances, suspended_instances, paying_subscriptions
      FROM metric_snapshots WHERE date >= ${before}::date AND date < ${current}::date
      ORDER BY date_trunc('month', date), date DESC
    ), flows AS (
      SELECT date_trunc('month', date) AS month, sum(churned_subscriptions) AS churned
      FROM metric_snapshots WHERE date >= ${before}::date AND date < ${current}::date
      GROUP BY 1
    )
    SELECT last.month, last.mrr_minor AS mrr, last.total_instances AS total, last.active_instances AS active, last.trialing_instances AS trialing,
           last.suspended_instances AS suspended, last.paying_subscriptions AS paying, coalesce(flows.churned, 0) AS churned
    FROM last LEFT JOIN flows ON flows.month = last.month
    ORDER BY last.month`;
  const byMonth = new Map(rows.map((r) => [monthKey(r.month), r]));
  const points: SeriesPoint[] = [];
  for (let k = 0; k < months; k += 1) {
    const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + k, 1));
    const key = monthKey(month);
    if (key === monthKey(current)) {
      points.push({ month: key, ...live, live: true, hasData: true });
      continue;
    }
    const row = byMonth.get(key);
    const previous = byMonth.get(monthKey(new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() - 1, 1))));
    if (!row) {
      points.push({ month: key, mrrMinor: 0, total: 0, active: 0, trialing: 0, suspended: 0, churned: 0, churnRate: null, live: false, hasData: false });
      continue;
    }
    const churned = Number(row.churned);
    const payingAtStart = previous?.paying ?? 0;
    points.push({
      month: key,
      mrrMinor: Number(row.mrr),
      total: row.total,
      active: row.active,
      trialing: row.trialing,
      suspended: row.suspended,
      churned,
      churnRate: payingAtStart > 0 ? churned / payingAtStart : null,
      live: false,
      hasData: true,
    });
  }
  return points;
}
