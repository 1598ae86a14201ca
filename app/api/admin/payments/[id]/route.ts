// GET /api/admin/payments/[id] — one payment with its events, refunds and invoice
import { withAdmin } from "@/lib/api/with-admin";
import { getPaymentOrThrow } from "@/lib/services/payment.service";

export const GET = withAdmin<{ id: string }>(async ({ params }) => getPaymentOrThrow(params.id));
