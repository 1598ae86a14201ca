// POST /api/admin/instances/[id]/reactivate — reactivate a suspended instance whose subscription still runs
import { withAdmin } from "@/lib/api/with-admin";
import { reactivateInstance } from "@/lib/services/instance.service";

export const POST = withAdmin<{ id: string }>(async ({ params, actor, now }) => reactivateInstance({ id: params.id, actor, now }));
