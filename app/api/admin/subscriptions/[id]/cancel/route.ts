// POST /api/admin/subscriptions/[id]/cancel — { atPeriodEnd?: true, reason? }: now (the instance is suspended) or at the period's end
import { z } from "zod";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { cancelSubscription } from "@/lib/services/subscription.service";

const ZCancelRequest = z.object({ atPeriodEnd: z.boolean().default(true), reason: z.string().trim().max(500).optional() });

export const POST = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const body = await parseJsonBody(req, ZCancelRequest);
  return cancelSubscription({ id: params.id, atPeriodEnd: body.atPeriodEnd, reason: body.reason, actor, now });
});
