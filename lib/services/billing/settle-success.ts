/**
 * A payment that succeeded moves, in the caller's transaction and as sets: the payment
 * (PENDING → SUCCEEDED, guarded so a repeat or a concurrent delivery is a no-op), its subscription
 * (a new paid period computed by afp_period_end, failures reset), the period history, an invoice
 * with a gap-free number, the instance (reactivated if the subscription had suspended it), the
 * audit trail and the owner's messages. One path for a webhook, a manual payment and the daily
 * job's thousand renewals.
 */
import type { Actor } from "@/lib/actor";
import type { Tx } from "@/lib/db";
import { formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { audit, type AuditBatch } from "@/lib/services/audit.service";
import { AUTOMATIC_SUSPEND_REASONS, reactivateInstances } from "@/lib/services/instance-state";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { queueNotifications, type QueueRequest } from "@/lib/services/notifications/queue";
import { invoiceUrl } from "@/lib/services/owner-links";

export type SettleSource = "webhook" | "job" | "admin" | "reconcile" | "owner" | "api";
export type SettleContext = {
  now: Date;
  actor: Actor;
  source: SettleSource;
  /** When given, audit entries are gathered here and written at the end of the transaction. */
  audit?: AuditBatch;
};

type Settled = { id: string; subscription_id: string; instance_id: string; old_status: string };

/**
 * A success is final, whatever came before it: the provider saying the money moved overturns a
 * failure or a cancellation — ours (expired, provider_unavailable) or the provider's own (mobile
 * money reports a timeout as a failure, then the late approval) — so the order in which a failure
 * and a success arrive never decides the outcome. Nothing ever moves a success back (settle-failure
 * only moves PENDING payments).
 */
async function markSucceeded(tx: Tx, paymentIds: string[], ctx: SettleContext): Promise<Settled[]> {
  return tx.$queryRaw<Settled[]>`
    WITH target AS (
      SELECT id, status AS old_status FROM payments
      WHERE id = ANY(${paymentIds}::text[]) AND status IN ('PENDING', 'FAILED', 'CANCELED')
      FOR NO KEY UPDATE
    ), updated AS (
      UPDATE payments p SET status = 'SUCCEEDED', succeeded_at = ${ctx.now}, failure_code = NULL, failure_message = NULL, updated_at = ${ctx.now}
      FROM target t WHERE p.id = t.id
      RETURNING p.id, p.subscription_id, p.instance_id, t.old_status
    ), events AS (
      INSERT INTO payment_events (payment_id, type, from_status, to_status, source, created_at)
      SELECT id, 'succeeded', old_status, 'SUCCEEDED', ${ctx.source}, ${ctx.now} FROM updated
    )
    SELECT id, subscription_id, instance_id, old_status::text FROM updated`;
}

type Period = { payment_id: string; subscription_id: string; instance_id: string; plan_code: string; starts_at: Date; ends_at: Date | null; price: number; paid: number; currency: string };

/**
 * One payment per subscription: the period starts at the end of a running one, else now.
 * Rows are locked FOR NO KEY UPDATE, never FOR UPDATE: the foreign-key checks of a settlement's
 * own writes (its payment, periods, invoice) take KEY SHARE locks on the subscription and the
 * instance, which FOR UPDATE conflicts with — two payments of one subscription settling at the same
 * instant then each waited for the other's KEY SHARE (a deadlock, answered 500).
 */
async function extendSubscriptions(tx: Tx, paymentIds: string[], now: Date): Promise<Period[]> {
  return tx.$queryRaw<Period[]>`
    WITH paid AS (
      SELECT p.id AS payment_id, p.subscription_id, p.instance_id, p.purpose, p.amount_minor + p.credit_minor AS price, p.amount_minor AS paid, p.currency,
             p.payment_method_id, pl.id AS plan_id, pl.code AS plan_code, pl.interval, pl.interval_count,
             s.status AS sub_status, s.current_period_end AS old_end
      FROM payments p
      JOIN subscriptions s ON s.id = p.subscription_id
      JOIN plans pl ON pl.code = p.plan_code
      WHERE p.id = ANY(${paymentIds}::text[])
      FOR NO KEY UPDATE OF s
    ), computed AS (
      SELECT *, CASE WHEN purpose <> 'PLAN_CHANGE' AND interval <> 'NONE' AND sub_status IN ('TRIALING', 'ACTIVE') AND old_end > ${now}
                     THEN old_end ELSE ${now}::timestamptz END AS starts_at
      FROM paid
    ), final AS (
      SELECT *, afp_period_end(starts_at, interval, interval_count) AS ends_at FROM computed
    ), updated AS (
      UPDATE subscriptions s SET
        plan_id = f.plan_id, status = 'ACTIVE', amount_minor = f.price, currency = f.currency,
        current_period_start = CASE WHEN f.starts_at > ${now} THEN s.current_period_start ELSE f.starts_at END,
        current_period_end = f.ends_at, failed_payment_count = 0, last_payment_failed_at = NULL,
        paid_periods = s.paid_periods + 1, first_paid_at = coalesce(s.first_paid_at, ${now}),
        pending_plan_id = CASE WHEN s.pending_plan_id = f.plan_id THEN NULL ELSE s.pending_plan_id END,
        ended_at = NULL, canceled_at = NULL, cancel_at_period_end = false,
        default_payment_method_id = coalesce(f.payment_method_id, s.default_payment_method_id),
        auto_renew = CASE WHEN f.interval = 'NONE' THEN false ELSE s.auto_renew END,
        updated_at = ${now}
      FROM final f WHERE s.id = f.subscription_id
    ), periods AS (
      INSERT INTO subscription_periods (subscription_id, plan_code, starts_at, ends_at, amount_minor, currency, kind, payment_id, created_at)
      SELECT subscription_id, plan_code, starts_at, ends_at, price, currency,
             CASE purpose WHEN 'PLAN_CHANGE' THEN 'plan_change' ELSE 'paid' END, payment_id, ${now}
      FROM final
    )
    SELECT payment_id, subscription_id, instance_id, plan_code::text, starts_at, ends_at, price, paid, currency FROM final`;
}

type IssuedInvoice = { id: string; payment_id: string; number: string };

/**
 * Invoices for the payments, numbered AFP-<year>-<6 digits> without gaps: the year's counter row
 * is advanced by the batch size under its row lock, in this transaction.
 */
async function issueInvoices(tx: Tx, periods: Period[], now: Date): Promise<IssuedInvoice[]> {
  if (periods.length === 0) return [];
  const year = now.getUTCFullYear();
  return tx.$queryRaw<IssuedInvoice[]>`
    WITH paid AS (
      SELECT p.id, p.instance_id, p.subscription_id, p.plan_code, p.amount_minor, p.currency, p.provider, p.manual_method,
             x.starts_at, x.ends_at, i.name, i.owner_name, i.owner_email,
             row_number() OVER (ORDER BY p.id) AS rn
      FROM unnest(${periods.map((p) => p.payment_id)}::text[], ${periods.map((p) => p.starts_at)}::timestamptz[], ${periods.map((p) => p.ends_at)}::timestamptz[])
        AS x(payment_id, starts_at, ends_at)
      JOIN payments p ON p.id = x.payment_id
      JOIN instances i ON i.id = p.instance_id
      WHERE NOT EXISTS (SELECT 1 FROM invoices v WHERE v.payment_id = p.id)
    ), total AS (SELECT count(*)::int AS n FROM paid), counter AS (
      INSERT INTO invoice_counters (year, last_number) SELECT ${year}, n FROM total WHERE n > 0
      ON CONFLICT (year) DO UPDATE SET last_number = invoice_counters.last_number + EXCLUDED.last_number
      RETURNING last_number
    )
    INSERT INTO invoices (number, year, sequence, instance_id, subscription_id, payment_id, plan_code, period_start, period_end,
                          amount_minor, currency, pharmacy_name, owner_name, owner_email, payment_method, issued_at)
    SELECT 'AFP-' || ${year}::text || '-' || lpad((c.last_number - t.n + paid.rn)::text, 6, '0'), ${year}, c.last_number - t.n + paid.rn,
           paid.instance_id, paid.subscription_id, paid.id, paid.plan_code, paid.starts_at, paid.ends_at, paid.amount_minor, paid.currency,
           paid.name, paid.owner_name, paid.owner_email,
           CASE paid.provider WHEN 'STRIPE' THEN 'Stripe' WHEN 'AVADAPAY' THEN 'AvadaPay (mobile money)' WHEN 'STROWALLET' THEN 'Strowallet (carte)'
             WHEN 'SANDBOX' THEN 'Sandbox' ELSE 'Manuel (' || coalesce(paid.manual_method, 'autre') || ')' END,
           ${now}
    FROM paid, total t, counter c
    RETURNING id, payment_id, number`;
}

export type SuccessResult = { paymentIds: string[]; reactivatedInstanceIds: string[]; invoiceIds: string[] };

export async function applySucceededPayments(tx: Tx, paymentIds: string[], ctx: SettleContext): Promise<SuccessResult> {
  const result: SuccessResult = { paymentIds: [], reactivatedInstanceIds: [], invoiceIds: [] };
  if (paymentIds.length === 0) return result;
  const settled = await markSucceeded(tx, [...new Set(paymentIds)], ctx);
  // One payment per subscription per round, so two payments for one subscription both extend it.
  let remaining = settled;
  const periods: Period[] = [];
  while (remaining.length > 0) {
    const seen = new Set<string>();
    const round = remaining.filter((p) => (seen.has(p.subscription_id) ? false : (seen.add(p.subscription_id), true)));
    remaining = remaining.filter((p) => !round.includes(p));
    periods.push(...(await extendSubscriptions(tx, round.map((p) => p.id), ctx.now)));
  }
  const invoices = await issueInvoices(tx, periods, ctx.now);
  // A payment link is single-use: spent once a payment made through it succeeds.
  await tx.$executeRaw`
    UPDATE payment_links l SET used_at = ${ctx.now}
    FROM payments p WHERE p.id = ANY(${periods.map((p) => p.payment_id)}::text[]) AND p.payment_link_id = l.id AND l.used_at IS NULL`;
  const instanceIds = [...new Set(periods.map((p) => p.instance_id))];
  const reactivated = await reactivateInstances(tx, { instanceIds, onlyReasons: AUTOMATIC_SUSPEND_REASONS, actor: ctx.actor, now: ctx.now, audit: ctx.audit });
  const invoiceOf = new Map(invoices.map((i) => [i.payment_id, i]));
  const previous = new Map(settled.map((p) => [p.id, p.old_status]));
  await audit(
    tx,
    ctx.actor,
    periods.map((p) => ({
      action: "payment.succeeded",
      targetType: "payment",
      targetId: p.payment_id,
      instanceId: p.instance_id,
      before: { status: previous.get(p.payment_id) ?? "PENDING" },
      after: { status: "SUCCEEDED", plan: p.plan_code, periodStart: p.starts_at, periodEnd: p.ends_at, invoice: invoiceOf.get(p.payment_id)?.number },
    })),
    ctx.audit,
  );
  const recipients = await loadRecipients(tx, instanceIds);
  const requests: QueueRequest[] = periods.flatMap((p) => {
    const recipient = recipients.get(p.instance_id);
    const invoice = invoiceOf.get(p.payment_id);
    if (!recipient || !invoice) return [];
    return [
      {
        recipient,
        templateKey: "payment_succeeded" as const,
        variables: {
          amount: formatMoney(p.paid, p.currency, recipient.locale),
          plan: planLabel(p.plan_code, recipient.locale),
          periodEnd: p.ends_at ? formatDate(p.ends_at, recipient.locale) : recipient.locale === "fr" ? "à vie" : "lifetime",
          invoiceNumber: invoice.number,
          invoiceLink: invoiceUrl(invoice.id, ctx.now),
        },
        dedupeKey: `payment:${p.payment_id}:succeeded`,
      },
    ];
  });
  await queueNotifications(tx, requests, ctx.now);
  result.paymentIds = periods.map((p) => p.payment_id);
  result.reactivatedInstanceIds = reactivated;
  result.invoiceIds = invoices.map((i) => i.id);
  return result;
}
