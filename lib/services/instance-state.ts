/**
 * Instance status changes as sets: the daily job suspends thousands at once, an admin one — the
 * same statements either way. Each change is guarded by the current status in its WHERE, so a
 * repeat or a concurrent call changes nothing twice; each is audited and, for owners, announced.
 * Deployments follow after commit (lib/services/vercel.service.ts#syncDeployments).
 */
import type { Actor } from "@/lib/actor";
import type { Tx } from "@/lib/db";
import { formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { audit, type AuditBatch } from "@/lib/services/audit.service";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { queueNotifications, type QueueRequest } from "@/lib/services/notifications/queue";

export type SuspendReason = "subscription_expired" | "payment_failed" | "manual";
export const AUTOMATIC_SUSPEND_REASONS: SuspendReason[] = ["subscription_expired", "payment_failed"];

export async function suspendInstances(
  tx: Tx,
  options: { instanceIds: string[]; reason: SuspendReason; note?: string | null; actor: Actor; now: Date; notify?: boolean; audit?: AuditBatch },
): Promise<string[]> {
  if (options.instanceIds.length === 0) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE instances SET status = 'SUSPENDED', suspended_reason = ${options.reason}, suspended_note = ${options.note ?? null},
      suspended_at = ${options.now}, updated_at = ${options.now}
    WHERE id = ANY(${options.instanceIds}::text[]) AND status = 'ACTIVE'
    RETURNING id`;
  const ids = rows.map((r) => r.id);
  await audit(
    tx,
    options.actor,
    ids.map((id) => ({
      action: "instance.suspend",
      targetType: "instance",
      targetId: id,
      instanceId: id,
      before: { status: "ACTIVE" },
      after: { status: "SUSPENDED", reason: options.reason, note: options.note ?? null },
    })),
    options.audit,
  );
  if (options.notify !== false && options.reason !== "manual" && ids.length > 0) {
    const [recipients, links] = await Promise.all([loadRecipients(tx, ids), createPaymentLinks(tx, ids.map((instanceId) => ({ instanceId })), options.now)]);
    const linkOf = new Map(links.map((l) => [l.instanceId, l.url]));
    const requests: QueueRequest[] = ids.flatMap((id) => {
      const recipient = recipients.get(id);
      if (!recipient) return [];
      return [
        {
          recipient,
          templateKey: options.reason === "payment_failed" ? "suspended_payment_failed" : "suspended_expired",
          variables: { paymentLink: linkOf.get(id) ?? "", amount: formatMoney(recipient.amountMinor, recipient.currency, recipient.locale) },
          dedupeKey: `suspended:${id}:${options.now.toISOString()}`,
        },
      ];
    });
    await queueNotifications(tx, requests, options.now);
  }
  return ids;
}

export async function reactivateInstances(
  tx: Tx,
  options: { instanceIds: string[]; onlyReasons?: SuspendReason[]; actor: Actor; now: Date; notify?: boolean; audit?: AuditBatch },
): Promise<string[]> {
  if (options.instanceIds.length === 0) return [];
  const reasons = options.onlyReasons ?? null;
  const rows = await tx.$queryRaw<{ id: string; reason: string | null }[]>`
    UPDATE instances i SET status = 'ACTIVE', suspended_reason = NULL, suspended_note = NULL, suspended_at = NULL, updated_at = ${options.now}
    FROM (SELECT id, suspended_reason FROM instances WHERE id = ANY(${options.instanceIds}::text[]) AND status = 'SUSPENDED'
          AND (${reasons}::text[] IS NULL OR suspended_reason = ANY(${reasons}::text[])) FOR NO KEY UPDATE) old
    WHERE i.id = old.id
    RETURNING i.id, old.suspended_reason AS reason`;
  const ids = rows.map((r) => r.id);
  await audit(
    tx,
    options.actor,
    rows.map((row) => ({
      action: "instance.reactivate",
      targetType: "instance",
      targetId: row.id,
      instanceId: row.id,
      before: { status: "SUSPENDED", reason: row.reason },
      after: { status: "ACTIVE" },
    })),
    options.audit,
  );
  if (options.notify !== false && ids.length > 0) {
    const recipients = await loadRecipients(tx, ids);
    const requests: QueueRequest[] = ids.flatMap((id) => {
      const recipient = recipients.get(id);
      if (!recipient) return [];
      return [
        {
          recipient,
          templateKey: "instance_reactivated" as const,
          variables: { plan: planLabel(recipient.planCode, recipient.locale), expiresAt: recipient.periodEnd ? formatDate(recipient.periodEnd, recipient.locale) : "—" },
          dedupeKey: `reactivated:${id}:${options.now.toISOString()}`,
        },
      ];
    });
    await queueNotifications(tx, requests, options.now);
  }
  return ids;
}
