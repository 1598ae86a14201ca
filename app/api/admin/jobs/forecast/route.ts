// GET /api/admin/jobs/forecast?days=N — what the daily job would do in N days (a dry run: nothing changes)
import { z } from "zod";
import { withAdmin } from "@/lib/api/with-admin";
import { addDays, startOfUtcDay } from "@/lib/clock";
import { parseQuery } from "@/lib/http";
import { dryRunDailyJob } from "@/lib/services/jobs/daily-job";

const ZQuery = z.object({ days: z.coerce.number().int().min(0).max(60).default(1) });

export const GET = withAdmin(async ({ req, now }) => {
  const { days } = parseQuery(req, ZQuery);
  return dryRunDailyJob({ now: days === 0 ? now : addDays(startOfUtcDay(now), days) });
});
