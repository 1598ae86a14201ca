// POST /api/admin/payments/[id]/reconcile — ask the provider about a pending payment now
import { withAdmin } from "@/lib/api/with-admin";
import { getPaymentOrThrow } from "@/lib/services/payment.service";
import { reconcilePayments } from "@/lib/services/reconcile.service";

export const POST = withAdmin<{ id: string }>(async ({ params, actor, now }) => {
  await getPaymentOrThrow(params.id);
  const report = await reconcilePayments({ now, actor, paymentIds: [params.id] });
  return { report, payment: await getPaymentOrThrow(params.id) };
});
