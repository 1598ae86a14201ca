// POST /api/admin/subscriptions/[id]/change-plan — { planType }: an upgrade returns what to pay and a payment link; a downgrade is scheduled
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { changePlan, ZChangePlanRequest } from "@/lib/services/subscription.service";

export const POST = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const { planType } = await parseJsonBody(req, ZChangePlanRequest);
  return changePlan({ id: params.id, planType, actor, now });
});
