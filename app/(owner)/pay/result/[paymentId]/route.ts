// GET /pay/result/[paymentId] — after paying: "approve on your phone" with live status, then the receipt or the failure
// (?status=canceled when a hosted checkout sent the payer back). The receipt needs the cookie set when paying.
import { html, ownerPage } from "@/lib/owner-web/http";
import { holdsReceipt, PAYMENT_ID } from "@/lib/owner-web/receipt";
import { ResultView, UnknownPaymentView } from "@/lib/owner-web/views/result";
import { followOwnerPayment } from "@/lib/services/owner-payment-status";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";

export const GET = ownerPage<{ paymentId: string }>(async (ctx) => {
  const { paymentId } = ctx.params;
  if (!PAYMENT_ID.test(paymentId)) return html(UnknownPaymentView({ ctx }), { status: 404 });
  await enforceRateLimits([{ key: `pay-result:ip:${ctx.ip}`, limit: 300, windowSeconds: 600 }], ctx.now, "Too many requests; wait a few minutes.");
  const payment = await followOwnerPayment(paymentId, ctx.now);
  if (!payment) return html(UnknownPaymentView({ ctx }), { status: 404 });
  const left = ctx.req.nextUrl.searchParams.get("status") === "canceled";
  return html(ResultView({ ctx, payment, holder: holdsReceipt(ctx.req, paymentId), left }));
});
