// GET|POST /api/cron/follow-up — every 10 minutes: follow deployments still building (missed webhooks),
// activate instances whose first deployment is ready, and settle payments that heard nothing.
import { withCron } from "@/lib/api/with-cron";
import { refreshProvisioning, reconcileStep } from "@/lib/services/jobs/housekeeping";

export const dynamic = "force-dynamic";
export const maxDuration = 120;

const followUp = withCron(async ({ now, actor }) => {
  const ctx = { runDate: now.toISOString().slice(0, 10), now, actor, batchSize: 200, deadline: Date.now() + 100_000, reminderWindowDays: 2, clock: Date.now };
  return { deployments: await refreshProvisioning(ctx), payments: await reconcileStep(ctx) };
});

export const GET = followUp;
export const POST = followUp;
