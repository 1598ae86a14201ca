// POST /api/admin/payments/[id]/refund — { amountMinor?, reason, endSubscription? }
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { refundPayment, ZRefundRequest } from "@/lib/services/refund.service";

export const POST = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const request = await parseJsonBody(req, ZRefundRequest);
  return NextResponse.json(await refundPayment({ paymentId: params.id, request, actor, now }), { status: 201 });
});
