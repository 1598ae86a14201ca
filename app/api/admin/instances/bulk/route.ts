// POST /api/admin/instances/bulk — { action: "suspend", ids, reason } | { action: "reactivate", ids }: each change audited
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { bulkInstances, ZBulkInstancesRequest } from "@/lib/services/instance-bulk";

export const POST = withAdmin(async ({ req, actor, now }) => {
  const request = await parseJsonBody(req, ZBulkInstancesRequest);
  return bulkInstances({ request, actor, now });
});
