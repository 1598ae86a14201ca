// POST /api/admin/subscriptions/[id]/extend — add days to the period, with a reason { days, reason }
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { extendSubscription, ZExtendRequest } from "@/lib/services/subscription.service";

export const POST = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const body = await parseJsonBody(req, ZExtendRequest);
  return extendSubscription({ id: params.id, ...body, actor, now });
});
