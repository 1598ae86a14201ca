/**
 * A payment as its owner follows it on /pay/result: while it is pending, each look asks the
 * provider once (reconcilePayments for that one payment), at most every POLL_SECONDS per payment
 * whatever the number of tabs or refreshes, so the page's live status costs the provider little.
 */
import { prisma } from "@/lib/db";
import { consumeRateLimit } from "@/lib/services/rate-limit.service";
import { reconcilePayments } from "@/lib/services/reconcile.service";

export const POLL_SECONDS = 2;
export const FINAL_STATUSES = ["SUCCEEDED", "FAILED", "CANCELED", "PARTIALLY_REFUNDED", "REFUNDED"] as const;

function load(paymentId: string) {
  return prisma.payment.findUnique({
    where: { id: paymentId },
    include: {
      invoice: true,
      paymentLink: true,
      instance: { select: { id: true, name: true, subdomain: true, status: true, subscription: { select: { status: true, currentPeriodEnd: true, plan: { select: { code: true } } } } } },
    },
  });
}

export type OwnerPayment = NonNullable<Awaited<ReturnType<typeof load>>>;

export async function followOwnerPayment(paymentId: string, now: Date): Promise<OwnerPayment | null> {
  const payment = await load(paymentId);
  if (!payment || payment.status !== "PENDING" || !payment.providerReference || payment.provider === "MANUAL") return payment;
  const turn = await consumeRateLimit({ key: `pay:follow:${paymentId}`, limit: 1, windowSeconds: POLL_SECONDS }, now);
  if (!turn.allowed) return payment;
  const actor = { type: "owner" as const, id: payment.instanceId, label: `owner of ${payment.instance.subdomain} (payment page)` };
  const report = await reconcilePayments({ now, actor, paymentIds: [paymentId] });
  return report.succeeded || report.failed ? load(paymentId) : payment;
}
