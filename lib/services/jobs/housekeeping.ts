/**
 * Housekeeping after the four business steps: settle payments that heard nothing, follow
 * deployments still building (missed webhooks), converge projects' paused state, purge instances
 * deleted past their retention, drop expired rate-limit windows, and write the day's figures.
 */
import { addDays } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { promoteToActive } from "@/lib/services/instance-provisioning";
import { purgeInstance } from "@/lib/services/instance.service";
import { writeSnapshot } from "@/lib/services/metrics.service";
import { purgeExpiredRateLimits } from "@/lib/services/rate-limit.service";
import { reconcilePayments } from "@/lib/services/reconcile.service";
import { instancesOutOfSync, pollDeployments, syncDeployments } from "@/lib/services/vercel.service";
import { checkBudget, type JobContext, type StepReport } from "./context";

export async function reconcileStep(ctx: JobContext): Promise<StepReport> {
  checkBudget(ctx, "reconcile");
  return { ...(await reconcilePayments({ now: ctx.now, actor: ctx.actor, limit: ctx.batchSize })) };
}

/** Deployments still building are asked for their state; a first deployment now READY activates its instance. */
export async function refreshProvisioning(ctx: JobContext): Promise<StepReport> {
  checkBudget(ctx, "deployments");
  const changed = await pollDeployments(200);
  const ready = await prisma.$queryRaw<{ instance_id: string }[]>`
    SELECT DISTINCT d.instance_id FROM deployments d JOIN instances i ON i.id = d.instance_id
    WHERE i.status = 'PROVISIONING' AND d.state = 'READY'`;
  let activated = 0;
  for (const { instance_id } of ready) {
    if (await prisma.$transaction((tx) => promoteToActive(tx, instance_id, ctx.actor, ctx.now))) activated += 1;
  }
  const drift = await instancesOutOfSync(ctx.batchSize);
  const synced = await syncDeployments(drift, ctx.now);
  return { polled: changed.length, activated, paused: synced.paused, resumed: synced.resumed, syncErrors: synced.errors };
}

export async function purgeStep(ctx: JobContext, options: { dryRun?: boolean } = {}): Promise<StepReport> {
  const due = await prisma.instance.findMany({
    where: { status: "DELETED", purgedAt: null, purgeAfter: { lte: ctx.now } },
    select: { id: true },
    orderBy: { purgeAfter: "asc" },
    take: ctx.batchSize,
  });
  if (options.dryRun) return { purged: due.length };
  let purged = 0;
  let errors = 0;
  for (const { id } of due) {
    checkBudget(ctx, "purge");
    try {
      await purgeInstance({ id, actor: ctx.actor, now: ctx.now });
      purged += 1;
    } catch (error) {
      errors += 1;
      logger.error({ instanceId: id, err: error }, "purge failed; the next run retries");
    }
  }
  return { purged, errors };
}

export async function snapshotStep(ctx: JobContext): Promise<StepReport> {
  checkBudget(ctx, "snapshot");
  const removed = await purgeExpiredRateLimits(ctx.now);
  // The run at 00:00 UTC closes the day before: its snapshot is that day's (state at its end, its
  // flows). Dated with the run's own day, every flow column would count a day that has just begun.
  const snapshot = await writeSnapshot(addDays(new Date(`${ctx.runDate}T00:00:00Z`), -1), ctx.now);
  return { mrrMinor: snapshot.mrrMinor, payingSubscriptions: snapshot.payingSubscriptions, rateLimitWindowsRemoved: removed };
}
