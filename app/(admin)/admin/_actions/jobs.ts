"use server";
/** "Run today's job now" — the same steps as POST /api/admin/jobs/daily (audited, one run per date). */
import { mutation } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { isoDate } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { format } from "@/lib/i18n";
import { recordAudit } from "@/lib/services/audit.service";
import { runDailyJob } from "@/lib/services/jobs/daily-job";

export async function runDailyJobAction(): Promise<ActionResult> {
  return mutation(
    async ({ actor, now }) => {
      await recordAudit(prisma, actor, { action: "job.daily_run", targetType: "job", targetId: isoDate(now) });
      const result = await runDailyJob({ runDate: isoDate(now), now, trigger: "admin" });
      if (result.status === "already_running") throw new AppError("conflict", `The daily job for ${result.runDate} is already running.`);
      return result;
    },
    (result, t) => {
      if (result.status === "already_done") return format(t.subscriptions.job.alreadyDone, { date: result.runDate });
      return format(t.subscriptions.job.ran, { date: result.runDate, status: t.status.job[result.status] });
    },
  );
}
