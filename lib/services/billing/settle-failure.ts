/**
 * Payments that failed, as sets: the payment (PENDING → FAILED only: a failure never overturns a
 * success, whatever order the provider's events arrive in), the renewal failure count of its
 * subscription, the suspension of the instance at the third failed renewal, the audit trail and
 * the owner's messages (with a payment link).
 */
import type { Tx } from "@/lib/db";
import { planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { audit } from "@/lib/services/audit.service";
import { suspendInstances } from "@/lib/services/instance-state";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { queueNotifications, type QueueRequest } from "@/lib/services/notifications/queue";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import type { SettleContext } from "./settle-success";

export const MAX_RENEWAL_FAILURES = 3;

export type PaymentFailure = { paymentId: string; code: string; message: string };
export type FailureResult = { paymentIds: string[]; suspendedInstanceIds: string[] };

type Failed = { id: string; instance_id: string; subscription_id: string; purpose: string; provider: string; initiated_by: string; amount_minor: number; currency: string; plan_code: string; code: string; message: string };

export async function applyFailedPayments(
  tx: Tx,
  failures: PaymentFailure[],
  ctx: SettleContext,
  options: { status?: "FAILED" | "CANCELED" } = {},
): Promise<FailureResult> {
  if (failures.length === 0) return { paymentIds: [], suspendedInstanceIds: [] };
  const status = options.status ?? "FAILED";
  const failed = await tx.$queryRaw<Failed[]>`
    WITH input AS (
      SELECT DISTINCT ON (payment_id) payment_id, code, message
      FROM unnest(${failures.map((f) => f.paymentId)}::text[], ${failures.map((f) => f.code.slice(0, 100))}::text[], ${failures.map((f) => f.message.slice(0, 500))}::text[])
        AS x(payment_id, code, message)
    ), target AS (
      SELECT p.id, i.code, i.message FROM payments p JOIN input i ON i.payment_id = p.id WHERE p.status = 'PENDING' FOR NO KEY UPDATE OF p
    ), updated AS (
      UPDATE payments p SET status = ${status}::payment_status, failed_at = ${ctx.now}, failure_code = t.code, failure_message = t.message, updated_at = ${ctx.now}
      FROM target t WHERE p.id = t.id
      RETURNING p.id, p.instance_id, p.subscription_id, p.purpose::text, p.provider::text, p.initiated_by, p.amount_minor, p.currency, p.plan_code::text, t.code, t.message
    ), events AS (
      INSERT INTO payment_events (payment_id, type, from_status, to_status, source, data, created_at)
      SELECT id, lower(${status}), 'PENDING', ${status}::payment_status, ${ctx.source}, jsonb_build_object('code', code, 'message', message), ${ctx.now} FROM updated
    )
    SELECT * FROM updated`;
  if (failed.length === 0) return { paymentIds: [], suspendedInstanceIds: [] };

  // Automatic renewal failures count toward suspension; a payer's own failed attempt does not.
  const renewals = failed.filter((f) => f.purpose === "RENEWAL" && f.initiated_by === "system" && status === "FAILED");
  const counts = renewals.length
    ? await tx.$queryRaw<{ id: string; instance_id: string; failed_payment_count: number }[]>`
        WITH n AS (SELECT subscription_id, count(*)::int AS k FROM unnest(${renewals.map((r) => r.subscription_id)}::text[]) AS x(subscription_id) GROUP BY subscription_id)
        UPDATE subscriptions s SET failed_payment_count = s.failed_payment_count + n.k, last_payment_failed_at = ${ctx.now},
          status = CASE WHEN s.status = 'ACTIVE' AND s.current_period_end <= ${ctx.now} THEN 'PAST_DUE'::subscription_status ELSE s.status END,
          updated_at = ${ctx.now}
        FROM n WHERE s.id = n.subscription_id
        RETURNING s.id, s.instance_id, s.failed_payment_count`
    : [];
  const toSuspend = counts.filter((c) => c.failed_payment_count >= MAX_RENEWAL_FAILURES).map((c) => c.instance_id);
  const suspended = await suspendInstances(tx, { instanceIds: toSuspend, reason: "payment_failed", actor: ctx.actor, now: ctx.now, audit: ctx.audit });

  await audit(
    tx,
    ctx.actor,
    failed.map((f) => ({
      action: status === "FAILED" ? "payment.failed" : "payment.canceled",
      targetType: "payment",
      targetId: f.id,
      instanceId: f.instance_id,
      before: { status: "PENDING" },
      after: { status, code: f.code, message: f.message },
    })),
    ctx.audit,
  );

  const notify = failed.filter((f) => status === "FAILED" && f.provider !== "MANUAL" && !suspended.includes(f.instance_id));
  if (notify.length > 0) {
    const countOf = new Map(counts.map((c) => [c.id, c.failed_payment_count]));
    const [recipients, links] = await Promise.all([
      loadRecipients(tx, notify.map((f) => f.instance_id)),
      createPaymentLinks(tx, notify.map((f) => ({ instanceId: f.instance_id })), ctx.now),
    ]);
    const linkOf = new Map(links.map((l) => [l.instanceId, l.url]));
    const requests: QueueRequest[] = notify.flatMap((f) => {
      const recipient = recipients.get(f.instance_id);
      if (!recipient) return [];
      const used = countOf.get(f.subscription_id);
      return [
        {
          recipient,
          templateKey: "payment_failed" as const,
          variables: {
            amount: formatMoney(f.amount_minor, f.currency, recipient.locale),
            plan: planLabel(f.plan_code, recipient.locale),
            reason: f.message,
            paymentLink: linkOf.get(f.instance_id) ?? "",
            attemptsLeft: String(used === undefined ? 0 : Math.max(0, MAX_RENEWAL_FAILURES - used)),
          },
          dedupeKey: `payment:${f.id}:failed`,
        },
      ];
    });
    await queueNotifications(tx, requests, ctx.now);
  }
  return { paymentIds: failed.map((f) => f.id), suspendedInstanceIds: suspended };
}
