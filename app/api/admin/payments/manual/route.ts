// POST /api/admin/payments/manual — record a cash / bank-transfer payment { instanceId, planType?, method, reference, amount?, note? }
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { recordManualPayment, ZManualPaymentRequest } from "@/lib/services/payment.service";

export const POST = withAdmin(async ({ req, actor, now }) => {
  const request = await parseJsonBody(req, ZManualPaymentRequest);
  return NextResponse.json(await recordManualPayment({ request, actor, now }), { status: 201 });
});
