/**
 * The dashboard's API under load (for `npm run bench`): GET /api/admin/stats/overview and
 * GET /api/admin/instances (first page, a search, a plan filter) with 20 concurrent clients, each
 * reported with p50/p95/p99 and throughput, beside GET /api/health (the server's floor on this
 * machine) and — given the database URL — beside the bare SQL the endpoint needs, run by 20 pg
 * clients in the same run (`ratioP95` = endpoint p95 ÷ SQL p95; timings here are noisy, ratios less).
 */
import { httpLatency, sqlLatency, type LatencyStats } from "./latency";

export type DashboardBenchContext = { baseUrl: string; token: string; log: (s: string) => void; databaseUrl?: string; seconds?: number; connections?: number };

/** The overview's statements as the service runs them (needs the console's environment for the rates). */
async function overviewStatements(): Promise<Array<{ text: string; values: unknown[] }>> {
  const { overviewSql } = await import("@/lib/services/stats-sql");
  const { monthBounds, TRIAL_COHORT_DAYS } = await import("@/lib/services/stats.service");
  const now = new Date();
  const { start, end } = monthBounds(now);
  const cohort = new Date(now.getTime() - TRIAL_COHORT_DAYS * 86_400_000);
  return [overviewSql.instances(), overviewSql.subscriptions(start, end, cohort, now), overviewSql.payments(start, end), overviewSql.lifetime()].map((s) => ({ text: s.text, values: s.values }));
}

/** The default instance list: its first page of 51 rows and their subscriptions (what listInstances sends). */
const LIST_SQL = [
  {
    text: `SELECT i.id, i.name, i.subdomain, i.owner_email, i.owner_name, i.country, i.status::text, i.suspended_reason, i.created_at
           FROM instances i WHERE i.status <> 'DELETED' ORDER BY i.created_at DESC, i.id DESC LIMIT 51`,
    values: [],
  },
  {
    text: `SELECT s.id, s.status::text, s.current_period_end, s.auto_renew, s.plan_id, s.instance_id FROM subscriptions s
           WHERE s.instance_id IN (SELECT id FROM instances WHERE status <> 'DELETED' ORDER BY created_at DESC, id DESC LIMIT 51)`,
    values: [],
  },
];

export async function benchDashboard(ctx: DashboardBenchContext): Promise<Record<string, unknown>> {
  const seconds = ctx.seconds ?? 10;
  const connections = ctx.connections ?? 20;
  const endpoints: Record<string, string> = {
    // The floor: the cheapest route handler there is (one SELECT 1), under the same load.
    health: "/api/health",
    overview: "/api/admin/stats/overview",
    instances: "/api/admin/instances",
    instancesSearch: "/api/admin/instances?q=centrale&status=active",
    instancesPlan: "/api/admin/instances?plan=annual&country=SN",
  };
  const out: Record<string, unknown> = { connections, seconds };
  for (const [name, path] of Object.entries(endpoints)) {
    const url = `${ctx.baseUrl}${path}`;
    await httpLatency({ url, token: ctx.token, connections, seconds: 2 }); // warm-up: JIT, pools, caches
    const stats = await httpLatency({ url, token: ctx.token, connections, seconds });
    ctx.log(`dashboard ${name}: p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, ${stats.rps} req/s, non-2xx ${stats.non2xx}`);
    out[name] = stats;
  }
  const p95 = (name: string) => (out[name] as LatencyStats).p95;
  out.ratioToHealthP95 = { overview: p95("overview") / p95("health"), instances: p95("instances") / p95("health") };
  if (ctx.databaseUrl) {
    const bare: Record<string, LatencyStats> = {
      overview: await sqlLatency({ databaseUrl: ctx.databaseUrl, statements: await overviewStatements(), connections, seconds }),
      instances: await sqlLatency({ databaseUrl: ctx.databaseUrl, statements: LIST_SQL, connections, seconds }),
    };
    for (const [name, stats] of Object.entries(bare)) {
      const endpoint = out[name] as LatencyStats;
      ctx.log(`dashboard ${name} bare SQL: p50 ${stats.p50} ms, p95 ${stats.p95} ms, ${stats.rps} rounds/s → endpoint p95 ÷ SQL p95 = ${(endpoint.p95 / stats.p95).toFixed(2)}`);
    }
    out.bareSql = bare;
    out.ratioP95 = { overview: (out.overview as LatencyStats).p95 / bare.overview!.p95, instances: (out.instances as LatencyStats).p95 / bare.instances!.p95 };
  }
  return out;
}
