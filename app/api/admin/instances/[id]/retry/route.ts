// POST /api/admin/instances/[id]/retry — retry a failed provisioning (the same steps; nothing is created twice)
import { withAdmin } from "@/lib/api/with-admin";
import { retryProvisioning } from "@/lib/services/instance.service";

export const POST = withAdmin<{ id: string }>(async ({ params, actor, now }) => retryProvisioning({ id: params.id, actor, now }));
