/**
 * N instances in a realistic mix, written with set-based SQL in batches (a progress bar shows
 * them). As of the run date D:
 *   30 % on trial (started 0–7 days ago: an eighth end today),
 *   45 % monthly, paid, auto-renewing on a saved sandbox card (period ends spread over 30 days;
 *        one card in ten declines renewals),
 *   15 % annual (ends spread over a year),  5 % lifetime,
 *    3 % past due (paid plan never paid, a few past their grace), 2 % expired and suspended.
 * Countries CD, SN, CI, CM (so EUR, XOF and XAF prices), one owner in five speaks English.
 */
import pg from "pg";
import { progress } from "./cluster";

const BATCH = 10_000;

export async function seedInstances(databaseUrl: string, count: number, runDate: Date): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SET synchronous_commit = off");
    for (let from = 1; from <= count; from += BATCH) {
      const to = Math.min(count, from + BATCH - 1);
      await client.query("BEGIN");
      await client.query(
        `
        WITH g AS (
          SELECT n, n % 100 AS bucket, (ARRAY['CD','SN','CI','CM'])[1 + n % 4] AS country FROM generate_series($1::int, $2::int) n
        )
        INSERT INTO instances (id, name, subdomain, owner_name, owner_email, owner_phone, country, status, suspended_reason, suspended_at, provisioned_at, created_at, updated_at)
        SELECT 'inst_' || lpad(to_hex(n), 24, '0'), 'Pharmacie Bench ' || n, 'bench-' || n, 'Propriétaire ' || n, 'owner' || n || '@bench.afp',
               '+24381' || lpad((n % 10000000)::text, 7, '0'), country,
               CASE WHEN bucket >= 98 THEN 'SUSPENDED'::instance_status ELSE 'ACTIVE'::instance_status END,
               CASE WHEN bucket >= 98 THEN 'subscription_expired' END, CASE WHEN bucket >= 98 THEN $3::timestamptz - interval '3 days' END,
               $3::timestamptz - interval '400 days', $3::timestamptz - interval '400 days', $3::timestamptz
        FROM g`,
        [from, to, runDate],
      );
      await client.query(
        `
        INSERT INTO instance_settings (instance_id, locale, currency, updated_at)
        SELECT 'inst_' || lpad(to_hex(n), 24, '0'), CASE WHEN n % 5 = 0 THEN 'en' ELSE 'fr' END,
               CASE (n % 4) WHEN 0 THEN 'EUR' WHEN 1 THEN 'XOF' WHEN 2 THEN 'XOF' ELSE 'XAF' END, $3::timestamptz
        FROM generate_series($1::int, $2::int) n`,
        [from, to, runDate],
      );
      await client.query(
        `
        INSERT INTO payment_methods (id, instance_id, provider, type, external_method_id, brand, last4, exp_month, exp_year, created_at)
        SELECT 'pm_' || lpad(to_hex(n), 24, '0'), 'inst_' || lpad(to_hex(n), 24, '0'), 'SANDBOX', 'card',
               CASE WHEN n % 10 = 3 THEN 'sbx_pm_0341_' ELSE 'sbx_pm_4242_' END || lpad(to_hex(n), 8, '0'),
               'visa', CASE WHEN n % 10 = 3 THEN '0341' ELSE '4242' END, 12, 2030, $3::timestamptz - interval '400 days'
        FROM generate_series($1::int, $2::int) n WHERE n % 100 BETWEEN 30 AND 89`,
        [from, to, runDate],
      );
      await client.query(
        `
        WITH g AS (SELECT n, n % 100 AS bucket, (n % 4) AS c FROM generate_series($1::int, $2::int) n),
        shaped AS (
          SELECT n, bucket, c,
            CASE WHEN bucket < 30 THEN 'TRIAL' WHEN bucket < 75 THEN 'MONTHLY' WHEN bucket < 90 THEN 'ANNUAL' WHEN bucket < 95 THEN 'LIFETIME' ELSE 'MONTHLY' END AS plan,
            CASE WHEN bucket < 30 THEN 'TRIALING' WHEN bucket < 95 THEN 'ACTIVE' WHEN bucket < 98 THEN 'PAST_DUE' ELSE 'EXPIRED' END AS status,
            CASE WHEN bucket < 30 THEN $3::timestamptz + make_interval(days => 7 - (n / 100) % 8)
                 WHEN bucket < 75 THEN $3::timestamptz + make_interval(days => (n / 100) % 30)
                 WHEN bucket < 90 THEN $3::timestamptz + make_interval(days => (n / 100) % 365)
                 WHEN bucket < 95 THEN NULL
                 WHEN bucket < 98 THEN $3::timestamptz + make_interval(days => (n / 100) % 10 - 3)
                 ELSE $3::timestamptz - interval '3 days' END AS ends
          FROM g
        )
        INSERT INTO subscriptions (id, instance_id, plan_id, status, currency, amount_minor, current_period_start, current_period_end, trial_ends_at,
                                   auto_renew, default_payment_method_id, paid_periods, first_paid_at, ended_at, created_at, updated_at)
        SELECT 'sub_' || lpad(to_hex(n), 24, '0'), 'inst_' || lpad(to_hex(n), 24, '0'), p.id, s.status::subscription_status, pr.currency, pr.amount_minor,
               CASE WHEN s.ends IS NULL THEN $3::timestamptz - interval '200 days' ELSE s.ends - CASE s.plan WHEN 'TRIAL' THEN interval '7 days' WHEN 'ANNUAL' THEN interval '1 year' ELSE interval '1 month' END END,
               s.ends, CASE WHEN s.plan = 'TRIAL' THEN s.ends END,
               s.plan <> 'LIFETIME', CASE WHEN bucket BETWEEN 30 AND 89 THEN 'pm_' || lpad(to_hex(n), 24, '0') END,
               CASE WHEN bucket BETWEEN 30 AND 94 THEN 3 ELSE 0 END, CASE WHEN bucket BETWEEN 30 AND 94 THEN $3::timestamptz - interval '300 days' END,
               CASE WHEN s.status = 'EXPIRED' THEN s.ends END, $3::timestamptz - interval '400 days', $3::timestamptz
        FROM shaped s
        JOIN plans p ON p.code = s.plan::plan_code
        JOIN plan_prices pr ON pr.plan_id = p.id AND pr.currency = CASE s.c WHEN 0 THEN 'EUR' WHEN 1 THEN 'XOF' WHEN 2 THEN 'XOF' ELSE 'XAF' END`,
        [from, to, runDate],
      );
      await client.query("COMMIT");
      progress("seeding instances", to, count);
    }
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}
