// POST /api/admin/payments/reconcile — settle every stale pending payment now
import { withAdmin } from "@/lib/api/with-admin";
import { reconcilePayments } from "@/lib/services/reconcile.service";

export const POST = withAdmin(async ({ actor, now }) => reconcilePayments({ now, actor }));
