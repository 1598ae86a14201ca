// GET /api/admin/plans — the plans and their prices in every currency
import { withAdmin } from "@/lib/api/with-admin";
import { listPlans } from "@/lib/services/plan.service";

export const GET = withAdmin(async () => ({ data: await listPlans() }));
