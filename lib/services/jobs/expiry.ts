/**
 * Step 2 — expiry. Subscriptions past the end of their period:
 *  - still being renewed automatically (auto-renew, a saved method, fewer than three failures,
 *    within PAST_DUE_GRACE_DAYS) → PAST_DUE: the instance keeps running while renewal is retried;
 *  - otherwise → EXPIRED (CANCELED when cancelled at period end) and the instance suspended with
 *    reason `subscription_expired`; the owner is told.
 * Step 3 — failed payments: any instance whose subscription has three failed renewals and is still
 * active is suspended with reason `payment_failed` (settlement normally does it at the third
 * failure; this sweep makes it hold whatever happened in between).
 */
import { prisma, Prisma } from "@/lib/db";
import { formatDate, planLabel } from "@/lib/i18n";
import { AuditBatch } from "@/lib/services/audit.service";
import { MAX_RENEWAL_FAILURES } from "@/lib/services/billing/settle-failure";
import { suspendInstances } from "@/lib/services/instance-state";
import { queueNotifications, type QueueRequest } from "@/lib/services/notifications/queue";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { checkBudget, pipeline, type JobContext, type StepReport } from "./context";

export const PAST_DUE_GRACE_DAYS = 14;

/** Still being renewed automatically: PAST_DUE, not expired. */
const grace = (now: Date) => Prisma.sql`s.status IN ('ACTIVE', 'PAST_DUE') AND s.auto_renew AND NOT s.cancel_at_period_end AND s.default_payment_method_id IS NOT NULL
  AND s.failed_payment_count < ${MAX_RENEWAL_FAILURES} AND p.code NOT IN ('TRIAL', 'LIFETIME')
  AND s.current_period_end > ${now}::timestamptz - make_interval(days => ${PAST_DUE_GRACE_DAYS})`;

type Row = { kind: "ended" | "grace" | "cursor"; id: string | null; instance_id: string | null; status: string | null; plan_code: string | null };

export async function expireSubscriptions(ctx: JobContext, options: { dryRun?: boolean } = {}): Promise<{ report: StepReport; suspended: string[] }> {
  const report = { pastDue: 0, expired: 0, canceled: 0, suspended: 0 };
  const suspendedAll: string[] = [];
  let after = "";
  const next = async () => {
    const page = await prisma.$queryRaw<{ id: string; grace: boolean; cancel: boolean }[]>`
      SELECT s.id, (${grace(ctx.now)}) AS grace, s.cancel_at_period_end AS cancel
      FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      WHERE s.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND s.current_period_end <= ${ctx.now} AND s.id > ${after}
      ORDER BY s.id LIMIT ${ctx.batchSize}`;
    if (page.length > 0) after = page[page.length - 1]!.id;
    return page;
  };
  await pipeline(ctx, "expiry", next, async (page) => {
    if (options.dryRun) {
      for (const r of page) report[r.grace ? "pastDue" : r.cancel ? "canceled" : "expired"] += 1;
      return;
    }
    const { rows, suspended } = await prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Row[]>`
        WITH c AS (
          SELECT s.id, s.instance_id, s.cancel_at_period_end, p.code AS plan_code, (${grace(ctx.now)}) AS grace
          FROM subscriptions s JOIN plans p ON p.id = s.plan_id
          WHERE s.id = ANY(${page.map((r) => r.id)}::text[]) AND s.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND s.current_period_end <= ${ctx.now}
          FOR NO KEY UPDATE OF s
        ), grace AS (
          UPDATE subscriptions s SET status = 'PAST_DUE', updated_at = ${ctx.now}
          FROM c WHERE s.id = c.id AND c.grace AND s.status <> 'PAST_DUE'
          RETURNING s.id
        ), ended AS (
          UPDATE subscriptions s SET
            status = CASE WHEN c.cancel_at_period_end THEN 'CANCELED'::subscription_status ELSE 'EXPIRED'::subscription_status END,
            ended_at = ${ctx.now}, canceled_at = CASE WHEN c.cancel_at_period_end THEN ${ctx.now}::timestamptz ELSE s.canceled_at END,
            updated_at = ${ctx.now}
          FROM c WHERE s.id = c.id AND NOT c.grace
          RETURNING s.id, s.instance_id, s.status::text, c.plan_code::text
        )
        SELECT 'ended' AS kind, id, instance_id, status, plan_code FROM ended
        UNION ALL SELECT 'grace', id, NULL, NULL, NULL FROM grace`;
      const ended = rows.filter((r) => r.kind === "ended");
      const audit = new AuditBatch();
      audit.add(
        ctx.actor,
        ended.map((r) => ({ action: "subscription.expire", targetType: "subscription", targetId: r.id, instanceId: r.instance_id, after: { status: r.status } })),
      );
      const instanceIds = ended.map((r) => r.instance_id!);
      const suspended = await suspendInstances(tx, { instanceIds, reason: "subscription_expired", actor: ctx.actor, now: ctx.now, audit });
      // Instances that were not running (already suspended, say) are told their subscription ended.
      const others = ended.filter((r) => !suspended.includes(r.instance_id!));
      if (others.length) {
        const [recipients, links] = await Promise.all([
          loadRecipients(tx, others.map((r) => r.instance_id!)),
          createPaymentLinks(tx, others.map((r) => ({ instanceId: r.instance_id! })), ctx.now),
        ]);
        const linkOf = new Map(links.map((l) => [l.instanceId, l.url]));
        const requests: QueueRequest[] = others.flatMap((r) => {
          const recipient = recipients.get(r.instance_id!);
          return recipient
            ? [
                {
                  recipient,
                  templateKey: "subscription_expired" as const,
                  variables: { plan: planLabel(r.plan_code, recipient.locale), expiredAt: formatDate(ctx.now, recipient.locale), paymentLink: linkOf.get(r.instance_id!) ?? "" },
                  dedupeKey: `expired:${r.id}:${ctx.runDate}`,
                },
              ]
            : [];
        });
        await queueNotifications(tx, requests, ctx.now);
      }
      await audit.flush(tx);
      return { rows, suspended };
    });
    for (const r of rows) {
      if (r.kind === "grace") report.pastDue += 1;
      if (r.kind === "ended") report[r.status === "CANCELED" ? "canceled" : "expired"] += 1;
    }
    report.suspended += suspended.length;
    suspendedAll.push(...suspended);
  });
  return { report, suspended: suspendedAll };
}

export async function suspendAfterFailedPayments(ctx: JobContext, options: { dryRun?: boolean } = {}): Promise<{ report: StepReport; suspended: string[] }> {
  checkBudget(ctx, "failed_payments");
  const rows = await prisma.$queryRaw<{ instance_id: string }[]>`
    SELECT s.instance_id FROM subscriptions s JOIN instances i ON i.id = s.instance_id
    WHERE s.failed_payment_count >= ${MAX_RENEWAL_FAILURES} AND s.status IN ('ACTIVE', 'PAST_DUE') AND i.status = 'ACTIVE'`;
  const ids = rows.map((r) => r.instance_id);
  if (options.dryRun || ids.length === 0) return { report: { suspended: ids.length }, suspended: [] };
  const suspended = await prisma.$transaction((tx) => suspendInstances(tx, { instanceIds: ids, reason: "payment_failed", actor: ctx.actor, now: ctx.now }));
  return { report: { suspended: suspended.length }, suspended };
}
