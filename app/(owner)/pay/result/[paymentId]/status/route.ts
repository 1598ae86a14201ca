// GET /pay/result/[paymentId]/status — the live status the result page polls { paymentId, status, final }; asks the
// provider for that one payment (at most every 2 s per payment). Rate-limited per IP; errors in the standard JSON shape.
import { withPublic } from "@/lib/api/with-public";
import { notFound } from "@/lib/errors";
import { PAYMENT_ID } from "@/lib/owner-web/receipt";
import { FINAL_STATUSES, followOwnerPayment } from "@/lib/services/owner-payment-status";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";

export const GET = withPublic<{ paymentId: string }>(async ({ params, now, ip }) => {
  if (!PAYMENT_ID.test(params.paymentId)) throw notFound("Payment");
  await enforceRateLimits([{ key: `pay-status:ip:${ip}`, limit: 600, windowSeconds: 600 }], now, "Too many status checks; wait a few minutes.");
  const payment = await followOwnerPayment(params.paymentId, now);
  if (!payment) throw notFound("Payment");
  const res = Response.json({ paymentId: payment.id, status: payment.status, final: (FINAL_STATUSES as readonly string[]).includes(payment.status) });
  res.headers.set("Cache-Control", "no-store");
  res.headers.set("Referrer-Policy", "no-referrer");
  return res;
});
