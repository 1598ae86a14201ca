/**
 * A large, plausible console for measuring the dashboard: N instances with settings, subscriptions
 * (trial / monthly / annual / lifetime, some past due, churned, deleted), their periods, a year of
 * payments (renewals, failures, four providers, three currencies), the daily metric snapshots and
 * one audit entry per instance — all set-based SQL (a few INSERT … SELECT over generate_series).
 * Bench data only: rows are tagged with subdomains `bench-…` and never mixed with tests.
 *
 *   npx tsx bench/seed-dashboard.ts --instances 100000        # into DATABASE_URL (or the embedded database)
 *
 * `seedDashboard(databaseUrl, { instances })` is exported for `npm run bench`.
 */
import pg from "pg";

export type SeedOptions = { instances: number; audit?: boolean; log?: (line: string) => void };

const CURRENCY_OF_COUNTRY = `CASE WHEN country IN ('CI','SN','BJ','ML','TG') THEN 'XOF' WHEN country IN ('CM','GA') THEN 'XAF' ELSE 'EUR' END`;
const PRICE = (plan: string) =>
  `CASE currency WHEN 'EUR' THEN ${{ MONTHLY: 5000, ANNUAL: 45000, LIFETIME: 100000 }[plan]} ELSE ${{ MONTHLY: 32798, ANNUAL: 295181, LIFETIME: 655957 }[plan]} END`;

const STEPS: Array<[string, string]> = [
  [
    "specs",
    `CREATE TEMP TABLE seed_spec AS
     SELECT n, 'bench-' || to_char(n, 'FM00000000') AS subdomain,
            (ARRAY['CI','SN','CM','CD','BJ','ML','TG','GA','FR','MG'])[1 + (n % 10)] AS country,
            date_trunc('second', now() - (abs(hashtext('c' || n)) % 400) * interval '1 day' - (abs(hashtext('s' || n)) % 86400) * interval '1 second') AS created_at,
            abs(hashtext('b' || n)) % 100 AS bucket, abs(hashtext('f' || n)) % 100 AS fate
     FROM generate_series(1, $1::int) n;
     ALTER TABLE seed_spec ADD COLUMN currency text, ADD COLUMN plan text, ADD COLUMN sub_status text, ADD COLUMN inst_status text;
     UPDATE seed_spec SET currency = ${CURRENCY_OF_COUNTRY},
       plan = CASE WHEN bucket < 15 THEN 'TRIAL' WHEN bucket < 65 THEN 'MONTHLY' WHEN bucket < 90 THEN 'ANNUAL' ELSE 'LIFETIME' END;
     UPDATE seed_spec SET sub_status = CASE
         WHEN plan = 'TRIAL' THEN CASE WHEN created_at > now() - interval '7 days' THEN 'TRIALING' ELSE 'EXPIRED' END
         WHEN plan = 'MONTHLY' THEN CASE WHEN fate < 85 THEN 'ACTIVE' WHEN fate < 90 THEN 'PAST_DUE' WHEN fate < 95 THEN 'EXPIRED' ELSE 'CANCELED' END
         WHEN plan = 'ANNUAL' THEN CASE WHEN fate < 94 OR created_at > now() - interval '1 year' THEN 'ACTIVE' ELSE 'EXPIRED' END
         ELSE 'ACTIVE' END;
     UPDATE seed_spec SET inst_status = CASE
         WHEN n % 50 = 0 THEN 'DELETED' WHEN n % 200 = 1 THEN 'PROVISIONING_FAILED' WHEN n % 300 = 2 THEN 'PROVISIONING'
         WHEN sub_status IN ('EXPIRED', 'CANCELED') THEN 'SUSPENDED' ELSE 'ACTIVE' END;
     UPDATE seed_spec SET sub_status = 'CANCELED' WHERE inst_status = 'DELETED' AND sub_status IN ('TRIALING', 'ACTIVE', 'PAST_DUE');`,
  ],
  [
    "instances",
    `INSERT INTO instances (name, subdomain, owner_name, owner_email, owner_phone, country, status, suspended_reason, suspended_at, deleted_at,
                            purge_after, provisioned_at, source, created_at, updated_at)
     SELECT 'Pharmacie ' || initcap((ARRAY['centrale','du marché','de la paix','saint-luc','espoir','du port','la grâce','moderne'])[1 + n % 8]) || ' ' || n,
            subdomain, 'Gérant ' || n, subdomain || '@bench.afp', '+2250700' || lpad((n % 1000000)::text, 6, '0'), country,
            inst_status::instance_status,
            CASE WHEN inst_status = 'SUSPENDED' THEN CASE WHEN n % 7 = 0 THEN 'payment_failed' ELSE 'subscription_expired' END END,
            CASE WHEN inst_status = 'SUSPENDED' THEN now() - (n % 90) * interval '1 day' END,
            CASE WHEN inst_status = 'DELETED' THEN now() - (n % 20) * interval '1 day' END,
            CASE WHEN inst_status = 'DELETED' THEN now() + (30 - n % 20) * interval '1 day' END,
            CASE WHEN inst_status NOT IN ('PROVISIONING', 'PROVISIONING_FAILED') THEN created_at + interval '2 minutes' END,
            CASE WHEN n % 4 = 0 THEN 'self_service' ELSE 'admin' END, created_at, created_at
     FROM seed_spec;
     CREATE TEMP TABLE seed_inst AS SELECT s.*, i.id AS instance_id FROM seed_spec s JOIN instances i ON i.subdomain = s.subdomain;
     INSERT INTO instance_settings (instance_id, locale, currency, updated_at)
     SELECT instance_id, CASE WHEN n % 9 = 0 THEN 'en' ELSE 'fr' END, currency, created_at FROM seed_inst;`,
  ],
  [
    "subscriptions",
    `ALTER TABLE seed_inst ADD COLUMN months int, ADD COLUMN period_end timestamptz, ADD COLUMN ended_at timestamptz;
     UPDATE seed_inst SET months = greatest(1, (extract(epoch FROM now() - created_at) / 2629800)::int),
       ended_at = CASE WHEN sub_status IN ('EXPIRED', 'CANCELED') THEN greatest(created_at + interval '8 days', now() - (n % 300) * interval '1 day') END;
     UPDATE seed_inst SET period_end = CASE
         WHEN plan = 'TRIAL' THEN created_at + interval '7 days'
         WHEN plan = 'LIFETIME' THEN NULL
         WHEN sub_status IN ('EXPIRED', 'CANCELED') THEN ended_at
         WHEN sub_status = 'PAST_DUE' THEN now() - (n % 3) * interval '1 day' - interval '1 hour'
         WHEN plan = 'MONTHLY' THEN now() + (1 + n % 30) * interval '1 day'
         ELSE now() + (1 + n % 360) * interval '1 day' END;
     INSERT INTO subscriptions (instance_id, plan_id, status, currency, amount_minor, current_period_start, current_period_end, trial_ends_at,
                                auto_renew, canceled_at, ended_at, paid_periods, first_paid_at, failed_payment_count, created_at, updated_at)
     SELECT s.instance_id, p.id, s.sub_status::subscription_status, s.currency,
            CASE s.plan WHEN 'TRIAL' THEN 0 WHEN 'MONTHLY' THEN ${PRICE("MONTHLY")} WHEN 'ANNUAL' THEN ${PRICE("ANNUAL")} ELSE ${PRICE("LIFETIME")} END,
            CASE WHEN s.plan = 'TRIAL' THEN s.created_at WHEN s.plan = 'LIFETIME' THEN s.created_at
                 WHEN s.plan = 'MONTHLY' THEN s.period_end - interval '1 month' ELSE s.period_end - interval '1 year' END,
            s.period_end, CASE WHEN s.plan = 'TRIAL' OR s.n % 5 < 2 THEN s.created_at + interval '7 days' END,
            s.plan NOT IN ('LIFETIME') AND s.sub_status NOT IN ('CANCELED'), CASE WHEN s.sub_status = 'CANCELED' THEN s.ended_at END, s.ended_at,
            CASE WHEN s.plan = 'TRIAL' THEN 0 WHEN s.plan = 'MONTHLY' THEN s.months WHEN s.plan = 'ANNUAL' THEN 1 + s.months / 12 ELSE 1 END,
            CASE WHEN s.plan <> 'TRIAL' THEN s.created_at END, CASE WHEN s.sub_status = 'PAST_DUE' THEN 1 + s.n % 2 ELSE 0 END, s.created_at, s.created_at
     FROM seed_inst s JOIN plans p ON p.code = s.plan::plan_code;`,
  ],
  [
    "periods",
    `INSERT INTO subscription_periods (subscription_id, plan_code, starts_at, ends_at, amount_minor, currency, kind, created_at)
     SELECT sub.id, p.code, sub.current_period_start - k * (CASE p.code WHEN 'MONTHLY' THEN interval '1 month' WHEN 'ANNUAL' THEN interval '1 year' ELSE interval '0' END),
            CASE WHEN p.code = 'LIFETIME' THEN NULL ELSE sub.current_period_end - k * (CASE p.code WHEN 'MONTHLY' THEN interval '1 month' ELSE interval '1 year' END) END,
            sub.amount_minor, sub.currency, CASE WHEN p.code = 'TRIAL' THEN 'trial' ELSE 'paid' END, sub.created_at
     FROM subscriptions sub JOIN plans p ON p.id = sub.plan_id JOIN seed_inst s ON s.instance_id = sub.instance_id
     CROSS JOIN LATERAL generate_series(0, CASE WHEN p.code = 'MONTHLY' THEN least(s.months - 1, 2) ELSE 0 END) k;`,
  ],
  [
    "payments",
    `INSERT INTO payments (instance_id, subscription_id, plan_code, purpose, provider, status, amount_minor, currency, amount_refunded_minor,
                           provider_reference, idempotency_key, manual_method, failure_code, failure_message, initiated_by, succeeded_at, failed_at, created_at, updated_at)
     SELECT sub.instance_id, sub.id, p.code, (CASE WHEN k = 0 THEN 'INITIAL' ELSE 'RENEWAL' END)::payment_purpose,
            (ARRAY['STRIPE','AVADAPAY','AVADAPAY','STROWALLET','MANUAL','STRIPE','AVADAPAY'])[1 + (s.n + k) % 7]::payment_provider,
            (CASE WHEN (s.n + k) % 23 = 0 THEN 'FAILED' WHEN (s.n + k) % 97 = 0 THEN 'REFUNDED' ELSE 'SUCCEEDED' END)::payment_status,
            sub.amount_minor, sub.currency, CASE WHEN (s.n + k) % 97 = 0 AND (s.n + k) % 23 <> 0 THEN sub.amount_minor ELSE 0 END,
            'bench-' || s.n || '-' || k, 'bench:' || s.n || ':' || k, CASE WHEN (s.n + k) % 7 = 4 THEN 'cash' END,
            CASE WHEN (s.n + k) % 23 = 0 THEN 'card_declined' END, CASE WHEN (s.n + k) % 23 = 0 THEN 'Carte refusée.' END, 'system',
            CASE WHEN (s.n + k) % 23 <> 0 THEN at END, CASE WHEN (s.n + k) % 23 = 0 THEN at END, at, at
     FROM subscriptions sub JOIN plans p ON p.id = sub.plan_id JOIN seed_inst s ON s.instance_id = sub.instance_id
     CROSS JOIN LATERAL generate_series(0, CASE p.code WHEN 'MONTHLY' THEN least(s.months, 13) - 1 WHEN 'ANNUAL' THEN s.months / 12 ELSE 0 END) k
     CROSS JOIN LATERAL (SELECT least(now(), s.created_at + k * (CASE p.code WHEN 'ANNUAL' THEN interval '1 year' ELSE interval '1 month' END)) AS at) t
     WHERE p.code <> 'TRIAL' AND sub.amount_minor > 0;`,
  ],
  [
    "snapshots",
    `INSERT INTO metric_snapshots (date, total_instances, active_instances, trialing_instances, suspended_instances, mrr_minor, lifetime_revenue_minor,
                                   revenue_minor, paying_subscriptions, churned_subscriptions, new_subscriptions, failed_payments, succeeded_payments, data)
     WITH days AS (SELECT d::date AS day FROM generate_series((now() - interval '400 days')::date, (now() - interval '1 day')::date, interval '1 day') d),
     created AS (SELECT created_at::date AS day, count(*) AS n, count(*) FILTER (WHERE plan IN ('MONTHLY', 'ANNUAL')) AS paid,
                        count(*) FILTER (WHERE plan = 'TRIAL') AS trials FROM seed_inst GROUP BY 1),
     ended AS (SELECT ended_at::date AS day, count(*) FILTER (WHERE plan IN ('MONTHLY', 'ANNUAL')) AS churned FROM seed_inst WHERE ended_at IS NOT NULL GROUP BY 1),
     pay AS (SELECT created_at::date AS day, sum(amount_minor) FILTER (WHERE status = 'SUCCEEDED' AND currency = 'EUR') AS revenue,
                    count(*) FILTER (WHERE status = 'FAILED') AS failed, count(*) FILTER (WHERE status <> 'FAILED') AS succeeded
             FROM payments WHERE idempotency_key LIKE 'bench:%' GROUP BY 1),
     series AS (
       SELECT days.day, coalesce(created.n, 0) AS new, coalesce(ended.churned, 0) AS churned,
              sum(coalesce(created.n, 0)) OVER w AS total,
              sum(coalesce(created.paid, 0)) OVER w - sum(coalesce(ended.churned, 0)) OVER w AS paying,
              sum(coalesce(created.trials, 0)) OVER (ORDER BY days.day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW) AS trialing
       FROM days LEFT JOIN created USING (day) LEFT JOIN ended USING (day)
       WINDOW w AS (ORDER BY days.day)
     )
     SELECT s.day, s.total, (s.total * 0.78)::int, s.trialing, (s.total * 0.12)::int, (s.paying * 3900)::bigint, (s.total * 10000)::bigint,
            coalesce(pay.revenue, 0), s.paying, s.churned, s.new, coalesce(pay.failed, 0), coalesce(pay.succeeded, 0), '{}'
     FROM series s LEFT JOIN pay USING (day)
     ON CONFLICT (date) DO NOTHING;`,
  ],
];

const AUDIT = `INSERT INTO audit_logs (at, actor_type, actor_label, action, target_type, target_id, instance_id, after)
  SELECT created_at, 'system', 'bench seed', 'instance.create', 'instance', instance_id, instance_id, jsonb_build_object('subdomain', subdomain)
  FROM seed_inst ORDER BY created_at;`;

export async function seedDashboard(databaseUrl: string, options: SeedOptions): Promise<{ instances: number; payments: number; seconds: number }> {
  const log = options.log ?? (() => {});
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    const existing = await client.query<{ n: string }>("SELECT count(*) AS n FROM instances WHERE subdomain LIKE 'bench-%'");
    if (Number(existing.rows[0]!.n) > 0) throw new Error(`The database already holds ${existing.rows[0]!.n} bench instances: seed a fresh database.`);
    const plans = await client.query("SELECT 1 FROM plans");
    if (!plans.rowCount) throw new Error("No plans: run the console (or npm run setup:multi-tenant) once before seeding.");
    await client.query("BEGIN");
    await client.query("SET LOCAL synchronous_commit = off");
    for (const [name, sql] of STEPS) {
      const t0 = Date.now();
      for (const statement of sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
        await client.query(statement, statement.includes("$1") ? [options.instances] : []);
      }
      log(`seed ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    if (options.audit !== false) {
      const t0 = Date.now();
      await client.query(AUDIT);
      log(`seed audit: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await client.query("COMMIT");
    await client.query("VACUUM ANALYZE");
    const payments = await client.query<{ n: string }>("SELECT count(*) AS n FROM payments");
    return { instances: options.instances, payments: Number(payments.rows[0]!.n), seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const { prepareRuntime } = await import("../scripts/lib/runtime");
  const runtime = await prepareRuntime({ quiet: true });
  try {
    const result = await seedDashboard(runtime.databaseUrl, { instances: Number(arg("instances") ?? 100_000), audit: arg("audit") !== "false", log: console.log });
    console.log(JSON.stringify(result));
  } finally {
    await runtime.release();
  }
}
