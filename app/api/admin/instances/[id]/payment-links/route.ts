// POST /api/admin/instances/[id]/payment-links — a signed, expiring payment link for the owner { purpose?, planType?, ttlDays? }
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { createPaymentLink, ZCreatePaymentLinkRequest } from "@/lib/services/payment-link.service";

export const POST = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const request = await parseJsonBody(req, ZCreatePaymentLinkRequest);
  return NextResponse.json(await createPaymentLink({ instanceId: params.id, request, actor, now }), { status: 201 });
});
