// GET|POST /api/cron/manage-subscriptions — the daily job (Vercel Cron, Authorization: Bearer $CRON_SECRET)
import { NextResponse } from "next/server";
import { withCron } from "@/lib/api/with-cron";
import { isoDate } from "@/lib/clock";
import { runDailyJob } from "@/lib/services/jobs/daily-job";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const handler = withCron(async ({ now }) => {
  const result = await runDailyJob({ runDate: isoDate(now), now, trigger: "cron" });
  return NextResponse.json(result, { status: result.status === "FAILED" ? 500 : 200 });
});

export { handler as GET, handler as POST };
