/**
 * The dashboard's API under load (for `npm run bench`): GET /api/admin/stats/overview and
 * GET /api/admin/instances (first page, the same without reuse, a search, a plan filter) with 20
 * concurrent clients, each reported with p50/p95/p99 and throughput, beside the server's floors on
 * this machine (a constant JSON answer, and GET /api/health) and — given the database URL — beside
 * the bare SQL the endpoint needs, run by 20 pg clients in the same run (`ratioP95` = endpoint p95 ÷
 * SQL p95; timings here are noisy, ratios less).
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

/** The default instance list's first page, as listInstances sends it (one statement: 51 rows with their subscription and plan). */
const LIST_SQL = [
  {
    text: `SELECT i.id, i.name, i.subdomain, i.owner_email, i.owner_name, i.country, i.status::text, i.suspended_reason, i.created_at,
                  s.status::text AS sub_status, s.current_period_end, s.auto_renew, p.code::text AS plan_code
           FROM instances i LEFT JOIN subscriptions s ON s.instance_id = i.id LEFT JOIN plans p ON p.id = s.plan_id
           WHERE i.status <> 'DELETED' ORDER BY i.created_at DESC, i.id DESC LIMIT 51`,
    values: [],
  },
];

export async function benchDashboard(ctx: DashboardBenchContext): Promise<Record<string, unknown>> {
  const seconds = ctx.seconds ?? 10;
  const connections = ctx.connections ?? 20;
  // Each endpoint with the headers it is sent with. `constant` (a fixed JSON document, no database,
  // no credential) and `health` (one SELECT 1) are this machine's floors under the same load;
  // `instancesFresh` is the list asked with `Cache-Control: no-cache`, which skips the one-second reuse
  // of its pages (lib/read-cache): the cost of the statement itself, every time.
  const endpoints: Record<string, { path: string; headers?: Record<string, string> }> = {
    constant: { path: "/api/public/entitlement-keys" },
    health: { path: "/api/health" },
    overview: { path: "/api/admin/stats/overview" },
    instances: { path: "/api/admin/instances" },
    instancesFresh: { path: "/api/admin/instances", headers: { "cache-control": "no-cache" } },
    instancesSearch: { path: "/api/admin/instances?q=centrale&status=active" },
    instancesPlan: { path: "/api/admin/instances?plan=annual&country=SN" },
  };
  const out: Record<string, unknown> = { connections, seconds };
  for (const [name, { path, headers }] of Object.entries(endpoints)) {
    const url = `${ctx.baseUrl}${path}`;
    await httpLatency({ url, token: ctx.token, connections, seconds: 2, headers }); // warm-up: JIT, pools, caches
    const stats = await httpLatency({ url, token: ctx.token, connections, seconds, headers });
    ctx.log(`dashboard ${name}: p50 ${stats.p50} ms, p95 ${stats.p95} ms, p99 ${stats.p99} ms, ${stats.rps} req/s, non-2xx ${stats.non2xx}`);
    out[name] = stats;
  }
  const p95 = (name: string) => (out[name] as LatencyStats).p95;
  out.ratioToHealthP95 = { overview: p95("overview") / p95("health"), instances: p95("instances") / p95("health"), instancesFresh: p95("instancesFresh") / p95("health") };
  out.ratioToConstantP95 = { overview: p95("overview") / p95("constant"), instances: p95("instances") / p95("constant") };
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
    out.ratioP95 = { overview: p95("overview") / bare.overview!.p95, instances: p95("instances") / bare.instances!.p95, instancesFresh: p95("instancesFresh") / bare.instances!.p95 };
  }
  return out;
}
