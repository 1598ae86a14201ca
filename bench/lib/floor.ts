/**
 * The floor: a hand-written, set-based SQL script making the same state changes as the daily job
 * for one date (reminder links and messages, expiries and suspensions, renewal payments with their
 * settlement, periods, invoices, audit entries, messages, the day's snapshot) — one statement per
 * kind of change, no batching, no application code in the loop. What no implementation can beat
 * by much; the job is measured against it.
 */
import pg from "pg";

const msg = (key: string) => `'${key}'`;

export async function runFloor(databaseUrl: string, now: Date, windowDays = 2): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const q = (sql: string) => (sql.includes("$1") ? client.query(sql, [now]) : client.query(sql));
  try {
    await client.query("BEGIN");
    await q(`INSERT INTO job_runs (job, run_date, status, trigger, started_at, heartbeat_at) VALUES ('daily', $1::date, 'RUNNING', 'bench', $1, $1)`);
    // 1. Reminders
    await q(`CREATE TEMP TABLE f_rem ON COMMIT DROP AS
      SELECT s.id AS sub, s.instance_id AS inst, s.status, s.current_period_end AS e,
             CASE WHEN s.current_period_end <= $1::timestamptz + interval '1 day' THEN 'last_day' ELSE 'window' END AS kind
      FROM subscriptions s JOIN instances i ON i.id = s.instance_id
      WHERE s.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND s.current_period_end > $1 AND s.current_period_end <= $1::timestamptz + interval '${windowDays} days' AND i.status = 'ACTIVE'`);
    // Messages rendered from the stored templates, in SQL: each {{variable}} replaced, and an HTML
    // part escaped and wrapped like the job's — so the floor writes the same content, not less.
    const vars = (link: string) => ({
      pharmacyName: "i.name",
      ownerName: "coalesce(i.owner_name, i.name)",
      subdomain: "i.subdomain",
      instanceUrl: "'https://' || i.subdomain || '.afrikapharma.app'",
      statusLink: "'http://localhost:3999/compte/' || i.id || '.1900000000.0123456789abcdef0123456789abcdef'",
      supportEmail: "'support@afrikapharma.app'",
      expiresAt: "to_char(s2.current_period_end, 'DD/MM/YYYY')",
      daysLeft: "'2'",
      paymentLink: link,
      plan: "'Mensuel'",
      renewalNote: "'Pensez à renouveler pour éviter la suspension.'",
      amount: "'50,00 €'",
      reason: "'Paiement refusé'",
      attemptsLeft: "'2'",
      invoiceNumber: "'AFP-2027-000000'",
      invoiceLink: "'http://localhost:3999/factures/x'",
      periodEnd: "to_char(s2.current_period_end, 'DD/MM/YYYY')",
      expiredAt: "to_char($1::timestamptz, 'DD/MM/YYYY')",
    });
    const render = (text: string, link: string) =>
      Object.entries(vars(link)).reduce((sql, [name, value]) => `replace(${sql}, '{{${name}}}', ${value})`, text);
    const html = (text: string) =>
      `'<!doctype html><html lang="fr"><head><meta charset="utf-8"></head><body style="margin:0;background:#f8fafc;font-family:Arial"><div style="max-width:560px;margin:0 auto;padding:24px"><div style="background:#fff;border:1px solid #e2e8f0;border-radius:12px;padding:24px"><p style="margin:0 0 16px">' || ` +
      `replace(replace(replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), E'\n\n', '</p><p style="margin:0 0 16px">'), E'\n', '<br>') || '</p></div></div></body></html>'`;
    const notify = (source: string, template: string, dedupe: string, withLink = true) => `
      WITH links AS (INSERT INTO payment_links (instance_id, purpose, expires_at, created_at) SELECT inst, 'RENEW', $1::timestamptz + interval '7 days', $1 FROM ${source} WHERE ${withLink} RETURNING id, instance_id),
      msgs AS (
        SELECT x.*, ch.channel, st.locale, i.owner_email, i.owner_phone, tpl.subject AS tsubject, tpl.body_text AS tbody,
               ${render("tpl.body_text", "'http://localhost:3999/pay/' || coalesce(l.id, '')")} AS body,
               ${render("coalesce(tpl.subject, '')", "''")} AS subj
        FROM ${source} x LEFT JOIN links l ON l.instance_id = x.inst JOIN instances i ON i.id = x.inst JOIN instance_settings st ON st.instance_id = x.inst
        JOIN subscriptions s2 ON s2.instance_id = x.inst
        CROSS JOIN (VALUES ('EMAIL'), ('WHATSAPP')) AS ch(channel)
        CROSS JOIN LATERAL (SELECT subject, body_text FROM notification_templates t WHERE t.key = ${template} AND t.channel = ch.channel::notification_channel AND t.locale = st.locale ORDER BY version DESC LIMIT 1) tpl
      )
      INSERT INTO notifications (instance_id, channel, template_key, locale, recipient, subject, body_text, body_html, variables, status, dedupe_key, next_attempt_at, created_at, updated_at)
      SELECT inst, channel::notification_channel, ${template}, locale, CASE channel WHEN 'EMAIL' THEN owner_email ELSE owner_phone END,
             CASE channel WHEN 'EMAIL' THEN subj END, body, CASE channel WHEN 'EMAIL' THEN ${html("body")} END,
             '{"pharmacyName":"x","ownerName":"x","subdomain":"x","instanceUrl":"x","statusLink":"x","supportEmail":"x","expiresAt":"x","daysLeft":"2","paymentLink":"x"}'::jsonb,
             'QUEUED', ${dedupe} || ':' || channel, $1, $1, $1
      FROM msgs x`;
    await q(notify("f_rem", `CASE WHEN x.status = 'TRIALING' THEN ${msg("trial_ending")} ELSE ${msg("subscription_expiring")} END`, `'reminder:' || x.sub || ':' || x.kind || ':' || (extract(epoch FROM x.e) * 1000)::bigint`));

    // 2. Expiry and suspension
    await q(`CREATE TEMP TABLE f_exp ON COMMIT DROP AS
      SELECT s.id, s.instance_id AS inst, s.cancel_at_period_end AS cancel,
             (s.status IN ('ACTIVE', 'PAST_DUE') AND s.auto_renew AND NOT s.cancel_at_period_end AND s.default_payment_method_id IS NOT NULL
              AND s.failed_payment_count < 3 AND p.code NOT IN ('TRIAL', 'LIFETIME') AND s.current_period_end > $1::timestamptz - interval '14 days') AS grace
      FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      WHERE s.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE') AND s.current_period_end <= $1`);
    await q(`UPDATE subscriptions s SET status = 'PAST_DUE', updated_at = $1 FROM f_exp x WHERE s.id = x.id AND x.grace AND s.status <> 'PAST_DUE'`);
    await q(`UPDATE subscriptions s SET status = CASE WHEN x.cancel THEN 'CANCELED'::subscription_status ELSE 'EXPIRED'::subscription_status END, ended_at = $1, updated_at = $1 FROM f_exp x WHERE s.id = x.id AND NOT x.grace`);
    await q(`INSERT INTO audit_logs (at, actor_type, actor_label, action, target_type, target_id, instance_id, after)
      SELECT $1, 'cron', 'daily job', 'subscription.expire', 'subscription', id, inst, '{"status":"EXPIRED"}' FROM f_exp WHERE NOT grace`);
    await q(`CREATE TEMP TABLE f_susp ON COMMIT DROP AS WITH u AS (
        UPDATE instances SET status = 'SUSPENDED', suspended_reason = 'subscription_expired', suspended_at = $1, updated_at = $1
        WHERE id IN (SELECT inst FROM f_exp WHERE NOT grace) AND status = 'ACTIVE' RETURNING id)
      SELECT id AS inst FROM u`);
    await q(`INSERT INTO audit_logs (at, actor_type, actor_label, action, target_type, target_id, instance_id, before, after)
      SELECT $1, 'cron', 'daily job', 'instance.suspend', 'instance', inst, inst, '{"status":"ACTIVE"}', '{"status":"SUSPENDED"}' FROM f_susp`);
    await q(notify("f_susp", msg("suspended_expired"), `'suspended:' || x.inst || ':' || $1::text`));

    // 4. Renewals (the sandbox's card rule: *0341 declines renewals)
    await q(`CREATE TEMP TABLE f_ren ON COMMIT DROP AS WITH ins AS (
        INSERT INTO payments (instance_id, subscription_id, plan_code, purpose, provider, amount_minor, currency, payment_method_id, idempotency_key, renewal_key, initiated_by, expires_at, created_at, updated_at)
        SELECT s.instance_id, s.id, p.code, 'RENEWAL', pm.provider, pr.amount_minor, s.currency, pm.id,
               'renew:' || s.id || ':' || to_char($1::timestamptz, 'YYYY-MM-DD'), 'renew:' || s.id || ':' || to_char($1::timestamptz, 'YYYY-MM-DD'), 'system', $1::timestamptz + interval '2 days', $1, $1
        FROM subscriptions s JOIN plans p ON p.id = s.plan_id JOIN payment_methods pm ON pm.id = s.default_payment_method_id
        JOIN plan_prices pr ON pr.plan_id = p.id AND pr.currency = s.currency JOIN instances i ON i.id = s.instance_id
        WHERE s.status IN ('ACTIVE', 'PAST_DUE') AND s.auto_renew AND NOT s.cancel_at_period_end AND s.failed_payment_count < 3 AND p.code IN ('MONTHLY', 'ANNUAL')
          AND s.current_period_end <= $1::timestamptz + interval '1 day' AND s.current_period_end > $1::timestamptz - interval '14 days' AND i.status IN ('ACTIVE', 'SUSPENDED')
        RETURNING id, subscription_id, instance_id, payment_method_id)
      SELECT ins.*, pm.external_method_id LIKE 'sbx_pm_0341%' AS declines FROM ins JOIN payment_methods pm ON pm.id = ins.payment_method_id`);
    await q(`UPDATE payments SET status = 'SUCCEEDED', succeeded_at = $1, provider_reference = 'sbx_card_ok_' || id WHERE id IN (SELECT id FROM f_ren WHERE NOT declines)`);
    await q(`UPDATE payments SET status = 'FAILED', failed_at = $1, failure_code = 'card_declined', failure_message = 'declined', provider_reference = 'sbx_card_decline_' || id WHERE id IN (SELECT id FROM f_ren WHERE declines)`);
    await q(`INSERT INTO payment_events (payment_id, type, from_status, to_status, source, created_at)
      SELECT id, CASE WHEN declines THEN 'failed' ELSE 'succeeded' END, 'PENDING', CASE WHEN declines THEN 'FAILED'::payment_status ELSE 'SUCCEEDED'::payment_status END, 'job', $1 FROM f_ren`);
    await q(`CREATE TEMP TABLE f_per ON COMMIT DROP AS
      SELECT r.id AS payment_id, s.id AS sub, s.instance_id AS inst, p.code, p.interval, p.interval_count, s.amount_minor, s.currency,
             CASE WHEN s.status = 'ACTIVE' AND s.current_period_end > $1 THEN s.current_period_end ELSE $1 END AS starts
      FROM f_ren r JOIN subscriptions s ON s.id = r.subscription_id JOIN plans p ON p.id = s.plan_id WHERE NOT r.declines`);
    await q(`UPDATE subscriptions s SET status = 'ACTIVE', current_period_end = afp_period_end(f.starts, f.interval, f.interval_count),
        current_period_start = CASE WHEN f.starts > $1 THEN s.current_period_start ELSE f.starts END, failed_payment_count = 0, paid_periods = s.paid_periods + 1, updated_at = $1
      FROM f_per f WHERE s.id = f.sub`);
    await q(`INSERT INTO subscription_periods (subscription_id, plan_code, starts_at, ends_at, amount_minor, currency, kind, payment_id, created_at)
      SELECT sub, code, starts, afp_period_end(starts, interval, interval_count), amount_minor, currency, 'paid', payment_id, $1 FROM f_per`);
    await q(`WITH n AS (SELECT count(*)::int AS k FROM f_per), c AS (
        INSERT INTO invoice_counters (year, last_number) SELECT extract(year FROM $1::timestamptz)::int, k FROM n WHERE k > 0
        ON CONFLICT (year) DO UPDATE SET last_number = invoice_counters.last_number + EXCLUDED.last_number RETURNING last_number)
      INSERT INTO invoices (number, year, sequence, instance_id, subscription_id, payment_id, plan_code, period_start, period_end, amount_minor, currency, pharmacy_name, owner_name, owner_email, payment_method, issued_at)
      SELECT 'AFP-' || extract(year FROM $1::timestamptz) || '-' || lpad((c.last_number - n.k + f.rn)::text, 6, '0'), extract(year FROM $1::timestamptz)::int, c.last_number - n.k + f.rn,
             f.inst, f.sub, f.payment_id, f.code, f.starts, afp_period_end(f.starts, f.interval, f.interval_count), f.amount_minor, f.currency, i.name, i.owner_name, i.owner_email, 'Sandbox', $1
      FROM (SELECT *, row_number() OVER (ORDER BY payment_id) AS rn FROM f_per) f JOIN instances i ON i.id = f.inst, n, c`);
    await q(`INSERT INTO audit_logs (at, actor_type, actor_label, action, target_type, target_id, instance_id, before, after)
      SELECT $1, 'cron', 'daily job', CASE WHEN declines THEN 'payment.failed' ELSE 'payment.succeeded' END, 'payment', id, instance_id, '{"status":"PENDING"}', '{}' FROM f_ren`);
    await q(`UPDATE subscriptions s SET failed_payment_count = s.failed_payment_count + 1, last_payment_failed_at = $1, updated_at = $1 FROM f_ren r WHERE s.id = r.subscription_id AND r.declines`);
    await q(`CREATE TEMP TABLE f_paid ON COMMIT DROP AS SELECT instance_id AS inst, id FROM f_ren WHERE NOT declines`);
    await q(`CREATE TEMP TABLE f_fail ON COMMIT DROP AS SELECT instance_id AS inst, id FROM f_ren WHERE declines`);
    await q(notify("f_fail", msg("payment_failed"), `'payment:' || x.id || ':failed'`));
    await q(notify("f_paid", msg("payment_succeeded"), `'payment:' || x.id || ':succeeded'`, false));

    // The day's figures
    await q(`INSERT INTO metric_snapshots (date, total_instances, active_instances, trialing_instances, suspended_instances, mrr_minor, lifetime_revenue_minor, revenue_minor,
                                          paying_subscriptions, churned_subscriptions, new_subscriptions, failed_payments, succeeded_payments)
      SELECT $1::date, count(*) FILTER (WHERE i.status <> 'DELETED'), count(*) FILTER (WHERE i.status = 'ACTIVE'), count(*) FILTER (WHERE s.status = 'TRIALING'),
             count(*) FILTER (WHERE i.status = 'SUSPENDED'), coalesce(sum(s.amount_minor) FILTER (WHERE s.status = 'ACTIVE'), 0), 0, 0, 0, 0, 0, 0, 0
      FROM instances i LEFT JOIN subscriptions s ON s.instance_id = i.id`);
    await q(`UPDATE job_runs SET status = 'SUCCEEDED', finished_at = $1 WHERE run_date = $1::date`);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}
