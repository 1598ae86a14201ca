/**
 * Webhook ingestion rate: Stripe `payment_intent.succeeded` deliveries for renewal payments, about
 * 30 % of them duplicates (providers redeliver), through `ingestPaymentWebhook` with the real Stripe
 * adapter — signature verification with `constructEvent` on the raw body included — and the full
 * settlement each unique event causes (payment, subscription, period, invoice number, audit,
 * messages), several deliveries in flight at once as a provider sends them.
 *
 * The floor, measured in the same run with the same concurrency: the bare
 * `INSERT INTO webhook_events … ON CONFLICT DO NOTHING` of the same rows (same ids, same payloads,
 * same duplicates), which is what storing an event once costs at the least.
 *
 * Runs in a process whose DATABASE_URL is a fresh, migrated database with the plans seeded. It sets
 * the Stripe variables it needs for the run and puts the previous ones back afterwards. No request
 * leaves the machine: these events need no call to Stripe (no saved card to fetch).
 *
 * Returns { events, duplicates, eventsPerSecond, floorEventsPerSecond, ratio, p50Ms, p99Ms } (and
 * concurrency, cpuMsPerEvent), where ratio = eventsPerSecond ÷ floorEventsPerSecond (the share of
 * the floor's rate that ingestion keeps); p50Ms / p99Ms are per delivery, duplicates included.
 */
import crypto from "node:crypto";
import Stripe from "stripe";
import { prisma } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createStripeAdapter } from "@/lib/providers/payments/stripe";
import { mapLimited } from "@/lib/services/jobs/context";
import { ingestPaymentWebhook } from "@/lib/services/payment-webhooks";

export type BenchWebhooksContext = { log: (line: string) => void; events?: number; concurrency?: number };

const DUPLICATE_SHARE = 0.3;
const WARMUP_EVENTS = 60;
const SECRET_KEY = "sk_test_bench_webhooks";
const WEBHOOK_SECRET = "whsec_bench_webhooks";

type Delivery = { eventId: string; payload: string };

/** Stripe signs every delivery attempt anew (a redelivery carries a fresh timestamp), so do we, at send time. */
function signed(delivery: Delivery): Headers {
  const header = Stripe.webhooks.generateTestHeaderString({ payload: delivery.payload, secret: WEBHOOK_SECRET });
  return new Headers({ "content-type": "application/json", "stripe-signature": header });
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Renewal payments waiting for Stripe's answer, one per pharmacy, made set-based in SQL. */
async function makePendingRenewals(runId: string, count: number): Promise<Array<{ id: string; reference: string }>> {
  const now = new Date();
  const periodEnd = new Date(now.getTime() + 6 * 3_600_000);
  const periodStart = new Date(periodEnd.getTime() - 30 * 86_400_000);
  await prisma.$executeRaw`
    INSERT INTO instances (name, subdomain, owner_name, owner_email, owner_phone, country, status, source, provisioned_at, created_at, updated_at)
    SELECT 'Pharmacie bench ' || n, 'bw-' || ${runId} || '-' || n, 'Owner ' || n, 'owner-' || ${runId} || '-' || n || '@bench.afp',
           '+2438' || lpad((10000000 + n)::text, 8, '0'), 'FR', 'ACTIVE', 'bench', ${now}, ${now}, ${now}
    FROM generate_series(1, ${count}) AS n`;
  await prisma.$executeRaw`
    INSERT INTO instance_settings (instance_id, locale, currency, updated_at)
    SELECT id, 'fr', 'EUR', ${now} FROM instances WHERE subdomain LIKE ${`bw-${runId}-%`}`;
  await prisma.$executeRaw`
    INSERT INTO subscriptions (instance_id, plan_id, status, currency, amount_minor, current_period_start, current_period_end, auto_renew, paid_periods, first_paid_at, created_at, updated_at)
    SELECT i.id, p.id, 'ACTIVE', 'EUR', price.amount_minor, ${periodStart}, ${periodEnd}, true, 1, ${periodStart}, ${now}, ${now}
    FROM instances i JOIN plans p ON p.code = 'MONTHLY' JOIN plan_prices price ON price.plan_id = p.id AND price.currency = 'EUR'
    WHERE i.subdomain LIKE ${`bw-${runId}-%`}`;
  return prisma.$queryRaw<Array<{ id: string; reference: string }>>`
    INSERT INTO payments (instance_id, subscription_id, plan_code, purpose, provider, amount_minor, currency, provider_reference, idempotency_key, renewal_key,
                          initiated_by, expires_at, metadata, created_at, updated_at)
    SELECT s.instance_id, s.id, 'MONTHLY', 'RENEWAL', 'STRIPE', s.amount_minor, 'EUR', 'pi_bench_' || ${runId} || '_' || s.id, 'bench:' || s.id, 'bench:' || s.id,
           'system', ${new Date(now.getTime() + 2 * 86_400_000)}, '{}'::jsonb, ${now}, ${now}
    FROM subscriptions s JOIN instances i ON i.id = s.instance_id
    WHERE i.subdomain LIKE ${`bw-${runId}-%`}
    RETURNING id, provider_reference AS reference`;
}

/** `payment_intent.succeeded` deliveries, one per payment, then ~30 % redelivered, shuffled. */
function deliveriesFor(payments: Array<{ id: string; reference: string }>, total: number): { deliveries: Delivery[]; duplicates: number } {
  const created = Math.floor(Date.now() / 1000);
  const unique = payments.map((payment): Delivery => {
    const event = {
      id: `evt_bench_${crypto.randomBytes(12).toString("hex")}`,
      object: "event",
      api_version: Stripe.API_VERSION,
      created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: "payment_intent.succeeded",
      data: {
        object: {
          id: payment.reference,
          object: "payment_intent",
          amount: 5000,
          amount_received: 5000,
          currency: "eur",
          customer: "cus_bench",
          payment_method: "pm_bench",
          setup_future_usage: null,
          status: "succeeded",
          last_payment_error: null,
          metadata: { paymentId: payment.id, afpFlow: "off_session" },
        },
      },
    };
    return { eventId: event.id, payload: JSON.stringify(event, null, 2) };
  });
  const deliveries = [...unique];
  for (let i = 0; deliveries.length < total; i += 1) deliveries.push(unique[(i * 7919) % unique.length]!);
  for (let i = deliveries.length - 1; i > 0; i -= 1) {
    const j = crypto.randomInt(0, i + 1);
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }
  return { deliveries, duplicates: total - unique.length };
}

async function timed<T>(items: T[], concurrency: number, work: (item: T) => Promise<unknown>): Promise<{ seconds: number; cpuMs: number; latencies: number[] }> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  await mapLimited(items, concurrency, async (item) => {
    const t0 = performance.now();
    await work(item);
    latencies.push(performance.now() - t0);
  });
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuMs: (used.user + used.system) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

function withStripeConfigured<T>(run: () => Promise<T>): Promise<T> {
  const keys = ["PAYMENT_PROVIDERS", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_URL"] as const;
  const previous = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  const providers = new Set((process.env.PAYMENT_PROVIDERS ?? "sandbox").split(",").map((p) => p.trim()).filter(Boolean));
  providers.add("stripe");
  Object.assign(process.env, { PAYMENT_PROVIDERS: [...providers].join(","), STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_URL: "http://127.0.0.1:9" });
  resetEnvCache();
  // Aimed at the discard port: these events never make the adapter call Stripe.
  setPaymentAdapterForTests("STRIPE", createStripeAdapter({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiUrl: "http://127.0.0.1:9", timeoutMs: 1_000 }));
  return run().finally(() => {
    for (const key of keys) {
      if (previous[key] === undefined) delete process.env[key];
      else process.env[key] = previous[key];
    }
    resetEnvCache();
    setPaymentAdapterForTests("STRIPE", undefined);
  });
}

export async function benchWebhooks(ctx: BenchWebhooksContext): Promise<Record<string, unknown>> {
  const total = Math.max(100, ctx.events ?? 2_000);
  const concurrency = ctx.concurrency ?? 8;
  const unique = Math.round(total * (1 - DUPLICATE_SHARE));
  const runId = crypto.randomBytes(4).toString("hex");

  return withStripeConfigured(async () => {
    ctx.log(`webhooks: preparing ${unique + WARMUP_EVENTS} pending renewals`);
    const payments = await makePendingRenewals(runId, unique + WARMUP_EVENTS);
    const warm = deliveriesFor(payments.slice(0, WARMUP_EVENTS), WARMUP_EVENTS + Math.round(WARMUP_EVENTS * 0.4));
    const { deliveries, duplicates } = deliveriesFor(payments.slice(WARMUP_EVENTS), total);

    const ingest = (d: Delivery) => ingestPaymentWebhook("STRIPE", d.payload, signed(d), new Date());
    ctx.log(`webhooks: warm-up (${warm.deliveries.length} deliveries)`);
    await mapLimited(warm.deliveries, concurrency, ingest);

    ctx.log(`webhooks: ingesting ${total} deliveries (${duplicates} duplicates), ${concurrency} in flight`);
    const ingestion = await timed(deliveries, concurrency, ingest);

    // The same rows, stored and nothing else.
    const floorProvider = `bench-floor-${runId}`;
    const insert = (d: Delivery) => prisma.$executeRaw`
      INSERT INTO webhook_events (provider, event_id, type, payload, received_at)
      VALUES (${floorProvider}, ${d.eventId}, 'payment_intent.succeeded', ${d.payload}::jsonb, ${new Date()})
      ON CONFLICT (provider, event_id) DO NOTHING`;
    await mapLimited(warm.deliveries, concurrency, (d) => prisma.$executeRaw`
      INSERT INTO webhook_events (provider, event_id, type, payload, received_at)
      VALUES (${`${floorProvider}-warm`}, ${d.eventId}, 'payment_intent.succeeded', ${d.payload}::jsonb, ${new Date()})
      ON CONFLICT (provider, event_id) DO NOTHING`);
    ctx.log(`webhooks: floor, ${total} bare inserts`);
    const floor = await timed(deliveries, concurrency, insert);

    const settled = await prisma.payment.count({ where: { id: { in: payments.slice(WARMUP_EVENTS).map((p) => p.id) }, status: "SUCCEEDED" } });
    const invoices = await prisma.invoice.count({ where: { paymentId: { in: payments.slice(WARMUP_EVENTS).map((p) => p.id) } } });
    if (settled !== unique || invoices !== unique) throw new Error(`webhooks bench: ${settled} payments settled and ${invoices} invoices for ${unique} unique events`);
    await prisma.webhookEvent.deleteMany({ where: { provider: { startsWith: floorProvider } } });

    const eventsPerSecond = total / ingestion.seconds;
    const floorEventsPerSecond = total / floor.seconds;
    const result = {
      events: total,
      duplicates,
      concurrency,
      eventsPerSecond: round(eventsPerSecond),
      floorEventsPerSecond: round(floorEventsPerSecond),
      ratio: round(eventsPerSecond / floorEventsPerSecond, 3),
      p50Ms: round(percentile(ingestion.latencies, 50), 2),
      p99Ms: round(percentile(ingestion.latencies, 99), 2),
      // This process's CPU per delivery while ingesting: when it approaches 1000 / eventsPerSecond,
      // the rate is bound by this one Node process, not by PostgreSQL.
      cpuMsPerEvent: round(ingestion.cpuMs / total, 2),
    };
    ctx.log(`webhooks: ${result.eventsPerSecond} events/s vs floor ${result.floorEventsPerSecond}/s (ratio ${result.ratio}), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
    return result;
  });
}
