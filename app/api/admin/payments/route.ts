// GET /api/admin/payments — list (status, provider, instanceId, from, to, cursor, limit)
import { withAdmin } from "@/lib/api/with-admin";
import { parseQuery } from "@/lib/http";
import { listPayments, ZListPaymentsQuery } from "@/lib/services/payment.service";

export const GET = withAdmin(async ({ req }) => listPayments(parseQuery(req, ZListPaymentsQuery)));
