// POST /api/admin/instances/[id]/purge — drop a deleted instance's database and remove its project now
import { withAdmin } from "@/lib/api/with-admin";
import { purgeInstance } from "@/lib/services/instance.service";

export const POST = withAdmin<{ id: string }>(async ({ params, actor, now }) => purgeInstance({ id: params.id, actor, now }));
