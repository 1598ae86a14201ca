// GET /api/admin/stats/overview — the dashboard's figures (SQL aggregates, cached in-process for a few seconds)
import { withAdmin } from "@/lib/api/with-admin";
import { now } from "@/lib/clock";
import { getOverviewCached, OVERVIEW_TTL_MS } from "@/lib/services/stats.service";

export const GET = withAdmin(async () => {
  const { value, computedAt } = await getOverviewCached(now);
  return { ...value, computedAt: computedAt.toISOString(), cacheTtlSeconds: OVERVIEW_TTL_MS / 1000 };
});
