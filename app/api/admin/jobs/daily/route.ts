// POST /api/admin/jobs/daily — run (or resume) today's daily job now
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { isoDate } from "@/lib/clock";
import { recordAudit } from "@/lib/services/audit.service";
import { prisma } from "@/lib/db";
import { runDailyJob } from "@/lib/services/jobs/daily-job";

export const maxDuration = 300;

export const POST = withAdmin(async ({ actor, now }) => {
  await recordAudit(prisma, actor, { action: "job.daily_run", targetType: "job", targetId: isoDate(now) });
  const result = await runDailyJob({ runDate: isoDate(now), now, trigger: "admin" });
  return NextResponse.json(result, { status: result.status === "already_running" ? 409 : 200 });
});
