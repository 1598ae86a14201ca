/**
 * Step 4 — renewals. Auto-renewing subscriptions whose period ends within a day are charged on
 * their saved method, once per subscription, period and day: the renewal payment's unique key
 * `renew:<subscription>:<period end>:<date>` makes a second run the same day a no-op, and a run
 * killed after charging finds its payments (still without a provider reference) and asks the
 * provider again with the same idempotency key rather than charging twice.
 * Outcomes are settled in sets (lib/services/billing).
 */
import { prisma, Prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { enabledProviders, paymentAdapter } from "@/lib/providers/payments";
import { ProviderUnavailableError, type PaymentResult, type SavedMethod } from "@/lib/providers/payments/types";
import { AuditBatch } from "@/lib/services/audit.service";
import { applyFailedPayments, MAX_RENEWAL_FAILURES } from "@/lib/services/billing/settle-failure";
import { applySucceededPayments } from "@/lib/services/billing/settle-success";
import { checkBudget, mapLimited, pipeline, type JobContext, type StepReport } from "./context";
import { PAST_DUE_GRACE_DAYS } from "./expiry";

/** Renewal is attempted from this long before the period ends. */
export const RENEWAL_LEAD_DAYS = 1;
const PROVIDER_CONCURRENCY = 8;

/** Creates the day's renewal payments for due subscriptions, in batches; returns how many. */
async function createRenewalPayments(ctx: JobContext, dryRun: boolean): Promise<number> {
  const providers = enabledProviders();
  let created = 0;
  let after = "";
  while (true) {
    checkBudget(ctx, "renewals");
    const due = await prisma.$queryRaw<{ id: string }[]>`
      SELECT s.id
      FROM subscriptions s
      JOIN plans p ON p.id = s.plan_id
      JOIN payment_methods pm ON pm.id = s.default_payment_method_id AND pm.detached_at IS NULL
      JOIN instances i ON i.id = s.instance_id
      WHERE s.status IN ('ACTIVE', 'PAST_DUE') AND s.auto_renew AND NOT s.cancel_at_period_end
        AND s.failed_payment_count < ${MAX_RENEWAL_FAILURES}
        AND p.code IN ('MONTHLY', 'ANNUAL')
        AND s.current_period_end <= ${ctx.now}::timestamptz + make_interval(days => ${RENEWAL_LEAD_DAYS})
        AND s.current_period_end > ${ctx.now}::timestamptz - make_interval(days => ${PAST_DUE_GRACE_DAYS})
        AND i.status IN ('ACTIVE', 'SUSPENDED') AND coalesce(i.suspended_reason, '') <> 'manual'
        AND pm.provider::text = ANY(${providers}::text[])
        AND NOT EXISTS (SELECT 1 FROM payments x WHERE x.subscription_id = s.id AND x.status = 'PENDING' AND x.purpose = 'RENEWAL')
        AND s.id > ${after}
      ORDER BY s.id
      LIMIT ${ctx.batchSize}`;
    if (due.length === 0) break;
    after = due[due.length - 1]!.id;
    if (dryRun) {
      created += due.length;
      continue;
    }
    const rows = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO payments (instance_id, subscription_id, plan_code, purpose, provider, amount_minor, currency, payment_method_id,
                            payer_phone, idempotency_key, renewal_key, initiated_by, expires_at, metadata, created_at, updated_at)
      SELECT s.instance_id, s.id, target.code, 'RENEWAL', pm.provider, price.amount_minor, s.currency, pm.id, pm.phone, k.key, k.key,
             'system', ${ctx.now}::timestamptz + interval '2 days', '{}'::jsonb, ${ctx.now}, ${ctx.now}
      FROM subscriptions s
      JOIN plans p ON p.id = s.plan_id
      LEFT JOIN plans pending ON pending.id = s.pending_plan_id
      CROSS JOIN LATERAL (SELECT coalesce(pending.id, p.id) AS id, coalesce(pending.code, p.code) AS code) target
      JOIN plan_prices price ON price.plan_id = target.id AND price.currency = s.currency AND price.amount_minor > 0
      JOIN payment_methods pm ON pm.id = s.default_payment_method_id
      CROSS JOIN LATERAL (SELECT 'renew:' || s.id || ':' || (extract(epoch FROM s.current_period_end) * 1000)::bigint || ':' || ${ctx.runDate} AS key) k
      WHERE s.id = ANY(${due.map((d) => d.id)}::text[])
      ON CONFLICT DO NOTHING
      RETURNING id`;
    created += rows.length;
  }
  return created;
}

type Charge = { id: string; provider: string; amount_minor: number; currency: string; idempotency_key: string; instance_id: string; subscription_id: string; method_type: string; external_customer_id: string | null; external_method_id: string | null; phone: string | null };
type ChargeReport = { charged: number; succeeded: number; failed: number; pending: number; unavailable: number };
type ChargeOutcome = { report: ChargeReport; reactivated: string[]; suspended: string[] };

const CHARGE_COLUMNS = Prisma.sql`p.id, p.provider::text, p.amount_minor, p.currency, p.idempotency_key, p.instance_id, p.subscription_id,
  pm.type AS method_type, pm.external_customer_id, pm.external_method_id, pm.phone`;

/**
 * Charges renewal payments on their saved method with each payment's own idempotency key, and
 * settles the answers as sets. A payment charged before whose answer was lost is asked again with
 * the same key: the provider returns what it did instead of charging a second time.
 */
async function chargeBatch(batch: Charge[], settle: { now: Date; actor: JobContext["actor"]; source: "job" | "reconcile" }): Promise<ChargeOutcome> {
  const results = await mapLimited(batch, PROVIDER_CONCURRENCY, async (charge): Promise<{ charge: Charge; result?: PaymentResult }> => {
    const method: SavedMethod = {
      type: charge.method_type === "mobile_money" ? "mobile_money" : "card",
      externalCustomerId: charge.external_customer_id ?? undefined,
      externalMethodId: charge.external_method_id ?? undefined,
      phone: charge.phone ?? undefined,
    };
    try {
      const result = await paymentAdapter(charge.provider as never).chargeSaved({
        paymentId: charge.id,
        amountMinor: charge.amount_minor,
        currency: charge.currency.trim(),
        description: "AfrikaPharma — renouvellement",
        method,
        idempotencyKey: charge.idempotency_key,
        metadata: { paymentId: charge.id, instanceId: charge.instance_id, subscriptionId: charge.subscription_id },
      });
      return { charge, result };
    } catch (error) {
      if (!(error instanceof ProviderUnavailableError)) logger.error({ paymentId: charge.id, err: error }, "renewal charge failed unexpectedly");
      return { charge };
    }
  });
  const references = results.filter((r) => r.result?.providerReference);
  const succeeded = results.filter((r) => r.result?.outcome === "succeeded").map((r) => r.charge.id);
  const failed = results
    .filter((r) => r.result?.outcome === "failed" || r.result?.outcome === "canceled")
    .map((r) => ({ paymentId: r.charge.id, code: r.result!.failure?.code ?? "declined", message: r.result!.failure?.message ?? "Paiement refusé." }));
  const outcome = await prisma.$transaction(async (tx) => {
    if (references.length) {
      await tx.$executeRaw`
        UPDATE payments p SET provider_reference = x.ref, updated_at = ${settle.now}
        FROM unnest(${references.map((r) => r.charge.id)}::text[], ${references.map((r) => r.result!.providerReference!)}::text[]) AS x(id, ref)
        WHERE p.id = x.id AND p.provider_reference IS NULL`;
    }
    const batch = new AuditBatch();
    const ok = await applySucceededPayments(tx, succeeded, { now: settle.now, actor: settle.actor, source: settle.source, audit: batch });
    const ko = await applyFailedPayments(tx, failed, { now: settle.now, actor: settle.actor, source: settle.source, audit: batch });
    await batch.flush(tx);
    return { ok, ko };
  });
  return {
    report: {
      charged: batch.length,
      succeeded: outcome.ok.paymentIds.length,
      failed: outcome.ko.paymentIds.length,
      pending: results.filter((r) => r.result?.outcome === "pending").length,
      unavailable: results.filter((r) => !r.result).length,
    },
    reactivated: outcome.ok.reactivatedInstanceIds,
    suspended: outcome.ko.suspendedInstanceIds,
  };
}

/** Charges the day's renewal payments that have not reached their provider yet. */
async function chargeRenewals(ctx: JobContext): Promise<{ report: StepReport; changed: string[] }> {
  const report = { charged: 0, succeeded: 0, failed: 0, pending: 0, unavailable: 0, reactivated: 0, suspended: 0 };
  const reactivated: string[] = [];
  const suspended: string[] = [];
  let after = "";
  const next = async () => {
    const page = await prisma.$queryRaw<Charge[]>`
      SELECT ${CHARGE_COLUMNS}
      FROM payments p JOIN payment_methods pm ON pm.id = p.payment_method_id
      WHERE p.purpose = 'RENEWAL' AND p.initiated_by = 'system' AND p.status = 'PENDING' AND p.provider_reference IS NULL
        AND p.renewal_key LIKE ${`%:${ctx.runDate}`} AND p.id > ${after}
      ORDER BY p.id LIMIT ${ctx.batchSize}`;
    if (page.length > 0) after = page[page.length - 1]!.id;
    return page;
  };
  // Two batches in flight: one is charged while the other settles.
  await pipeline(ctx, "renewals", next, async (batch) => {
    const outcome = await chargeBatch(batch, { now: ctx.now, actor: ctx.actor, source: "job" });
    for (const key of Object.keys(outcome.report) as Array<keyof ChargeReport>) report[key] += outcome.report[key];
    reactivated.push(...outcome.reactivated);
    suspended.push(...outcome.suspended);
  });
  report.reactivated = reactivated.length;
  report.suspended = suspended.length;
  return { report, changed: [...reactivated, ...suspended] };
}

/**
 * Automatic renewals still pending without a provider reference — their charge timed out, or a run
 * died before recording the answer — are charged again with their own key (reconciliation). The
 * provider either returns the charge it already made or makes it now; it never charges twice, so
 * they are retried until they expire instead of being cancelled as unreached.
 */
export async function rechargeUnansweredRenewals(options: { now: Date; actor: JobContext["actor"]; staleBefore: Date; paymentIds?: string[]; limit: number }): Promise<ChargeOutcome> {
  const providers = enabledProviders();
  const batch = await prisma.$queryRaw<Charge[]>`
    SELECT ${CHARGE_COLUMNS}
    FROM payments p JOIN payment_methods pm ON pm.id = p.payment_method_id
    WHERE p.purpose = 'RENEWAL' AND p.initiated_by = 'system' AND p.status = 'PENDING' AND p.provider_reference IS NULL
      AND p.provider::text = ANY(${providers}::text[]) AND (p.expires_at IS NULL OR p.expires_at > ${options.now})
      AND ${options.paymentIds ? Prisma.sql`p.id = ANY(${options.paymentIds}::text[])` : Prisma.sql`p.created_at < ${options.staleBefore}`}
    ORDER BY p.created_at LIMIT ${options.limit}`;
  if (batch.length === 0) return { report: { charged: 0, succeeded: 0, failed: 0, pending: 0, unavailable: 0 }, reactivated: [], suspended: [] };
  return chargeBatch(batch, { now: options.now, actor: options.actor, source: "reconcile" });
}

export async function renewSubscriptions(ctx: JobContext, options: { dryRun?: boolean } = {}): Promise<{ report: StepReport; changedInstances: string[] }> {
  const created = await createRenewalPayments(ctx, options.dryRun ?? false);
  if (options.dryRun) return { report: { due: created }, changedInstances: [] };
  const charged = await chargeRenewals(ctx);
  return { report: { created, ...charged.report }, changedInstances: charged.changed };
}
