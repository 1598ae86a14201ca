// POST /api/payments/initiate — start a payment { instanceId, paymentMethod, planType?, amount?, phone? }
// With admin credentials (session or API token), or as an owner with { paymentLinkToken }.
// The amount always comes from the plan price; a differing `amount` is refused (422 amount_mismatch).
import { NextResponse, type NextRequest } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { withPublic } from "@/lib/api/with-public";
import { parseJsonBody } from "@/lib/http";
import { initiateOwnerPayment, ZOwnerInitiateRequest } from "@/lib/services/owner-payments";
import { initiatePayment, ZInitiatePaymentRequest } from "@/lib/services/payment.service";

function idempotencyKey(req: NextRequest): string | undefined {
  const key = req.headers.get("idempotency-key");
  return key && /^[A-Za-z0-9._:-]{8,100}$/.test(key) ? key : undefined;
}

const asAdmin = withAdmin(async ({ req, actor, now }) => {
  const request = await parseJsonBody(req, ZInitiatePaymentRequest);
  const result = await initiatePayment({ request, actor, now, initiatedBy: "admin", idempotencyKey: idempotencyKey(req) });
  return NextResponse.json(result, { status: 201 });
});

const asOwner = withPublic(async ({ req, now, ip, requestId }) => {
  const request = await parseJsonBody(req, ZOwnerInitiateRequest);
  const result = await initiateOwnerPayment({ request, ip, now, requestId, idempotencyKey: idempotencyKey(req) });
  return NextResponse.json(result, { status: 201 });
});

export async function POST(req: NextRequest, route: { params: Promise<Record<string, never>> }) {
  const hasAdminCredentials = req.headers.has("authorization") || /next-auth\.session-token=/.test(req.headers.get("cookie") ?? "");
  return hasAdminCredentials ? asAdmin(req, route) : asOwner(req, route);
}
