// POST /api/admin/instances/[id]/suspend — suspend an active instance { reason }
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { suspendInstance } from "@/lib/services/instance.service";
import { ZSuspendRequest } from "@/types/instances";

export const POST = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const { reason } = await parseJsonBody(req, ZSuspendRequest);
  return suspendInstance({ id: params.id, reason, actor, now });
});
