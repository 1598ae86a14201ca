// GET /api/admin/instances/[id]/deployments — every deployment of the instance with its state changes
import { withAdmin } from "@/lib/api/with-admin";
import { listDeployments } from "@/lib/services/vercel.service";

export const GET = withAdmin<{ id: string }>(async ({ params }) => ({ data: await listDeployments(params.id) }));
