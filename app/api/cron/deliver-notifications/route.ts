// GET|POST /api/cron/deliver-notifications — deliver the outbox's due messages (Vercel Cron, every 5 minutes)
import { withCron } from "@/lib/api/with-cron";
import { deliverUntilIdle } from "@/lib/services/notifications/deliver";

export const dynamic = "force-dynamic";
export const maxDuration = 300;

const deliver = withCron(async ({ now, requestId, log }) =>
  deliverUntilIdle({ now, workerId: `cron:${requestId}`, log, maxBatches: 200, timeBudgetMs: 240_000 }),
);

export const GET = deliver;
export const POST = deliver;
