
-- ─── Constraints schema.prisma cannot express ───────────────────────────────────────────────────

ALTER TABLE "instances"
  ADD CONSTRAINT "instances_subdomain_chk" CHECK (subdomain ~ '^[a-z0-9]([a-z0-9-]{1,38})[a-z0-9]$' AND subdomain NOT LIKE '%--%'),
  ADD CONSTRAINT "instances_country_chk" CHECK (country IS NULL OR country ~ '^[A-Z]{2}$'),
  ADD CONSTRAINT "instances_deleted_chk" CHECK (status <> 'DELETED' OR deleted_at IS NOT NULL),
  ADD CONSTRAINT "instances_suspended_chk" CHECK (status <> 'SUSPENDED' OR suspended_reason IS NOT NULL);

ALTER TABLE "instance_settings"
  ADD CONSTRAINT "instance_settings_locale_chk" CHECK (locale IN ('fr', 'en')),
  ADD CONSTRAINT "instance_settings_currency_chk" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "plan_prices"
  ADD CONSTRAINT "plan_prices_amount_chk" CHECK (amount_minor >= 0),
  ADD CONSTRAINT "plan_prices_currency_chk" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "plans"
  ADD CONSTRAINT "plans_interval_count_chk" CHECK (interval_count > 0);

ALTER TABLE "subscriptions"
  ADD CONSTRAINT "subscriptions_amount_chk" CHECK (amount_minor >= 0),
  ADD CONSTRAINT "subscriptions_currency_chk" CHECK (currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "subscriptions_failed_count_chk" CHECK (failed_payment_count >= 0),
  ADD CONSTRAINT "subscriptions_period_chk" CHECK (current_period_end IS NULL OR current_period_end > current_period_start),
  ADD CONSTRAINT "subscriptions_paid_periods_chk" CHECK (paid_periods >= 0);

ALTER TABLE "subscription_periods"
  ADD CONSTRAINT "subscription_periods_amount_chk" CHECK (amount_minor >= 0),
  ADD CONSTRAINT "subscription_periods_range_chk" CHECK (ends_at IS NULL OR ends_at >= starts_at);

ALTER TABLE "payments"
  ADD CONSTRAINT "payments_amount_chk" CHECK (amount_minor > 0),
  ADD CONSTRAINT "payments_credit_chk" CHECK (credit_minor >= 0),
  ADD CONSTRAINT "payments_refunded_chk" CHECK (amount_refunded_minor >= 0 AND amount_refunded_minor <= amount_minor),
  ADD CONSTRAINT "payments_currency_chk" CHECK (currency ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "payments_succeeded_chk" CHECK (status NOT IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED') OR succeeded_at IS NOT NULL),
  ADD CONSTRAINT "payments_refund_state_chk" CHECK (
    (status = 'REFUNDED') = (amount_refunded_minor = amount_minor AND amount_refunded_minor > 0)
    OR status NOT IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')
  );

ALTER TABLE "refunds"
  ADD CONSTRAINT "refunds_amount_chk" CHECK (amount_minor > 0),
  ADD CONSTRAINT "refunds_currency_chk" CHECK (currency ~ '^[A-Z]{3}$');

ALTER TABLE "invoices"
  ADD CONSTRAINT "invoices_amount_chk" CHECK (amount_minor >= 0),
  ADD CONSTRAINT "invoices_sequence_chk" CHECK (sequence > 0),
  ADD CONSTRAINT "invoices_number_chk" CHECK (number = 'AFP-' || year::text || '-' || lpad(sequence::text, 6, '0'));

ALTER TABLE "invoice_counters"
  ADD CONSTRAINT "invoice_counters_last_chk" CHECK (last_number >= 0);

ALTER TABLE "notifications"
  ADD CONSTRAINT "notifications_attempts_chk" CHECK (attempts >= 0 AND max_attempts > 0),
  ADD CONSTRAINT "notifications_locale_chk" CHECK (locale IN ('fr', 'en'));

ALTER TABLE "notification_templates"
  ADD CONSTRAINT "notification_templates_version_chk" CHECK (version > 0),
  ADD CONSTRAINT "notification_templates_locale_chk" CHECK (locale IN ('fr', 'en'));

ALTER TABLE "rate_limit_buckets"
  ADD CONSTRAINT "rate_limit_buckets_count_chk" CHECK (count >= 0);

ALTER TABLE "job_runs"
  ADD CONSTRAINT "job_runs_attempts_chk" CHECK (attempts > 0);

-- ─── Audit log: append-only and hash-chained ────────────────────────────────────────────────────
-- Every insert takes a transaction-scoped advisory lock, renumbers the row after the current head
-- and chains its hash to the head's. Updates, deletes and truncation are refused, even for the
-- table's owner unless the trigger is disabled (which `npm run audit:verify` would then expose).

CREATE OR REPLACE FUNCTION afp_audit_row_digest(r audit_logs) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$
    SELECT encode(sha256(convert_to(concat_ws('|',
      coalesce(r.prev_hash, ''), r.id::text, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      r.actor_type, coalesce(r.actor_id, ''), coalesce(r.actor_label, ''), r.action, r.target_type,
      coalesce(r.target_id, ''), coalesce(r.instance_id, ''), coalesce(r.before::text, ''),
      coalesce(r.after::text, ''), coalesce(r.request_id, ''), coalesce(r.ip, ''), coalesce(r.user_agent, '')
    ), 'UTF8')), 'hex')
  $$;

CREATE OR REPLACE FUNCTION afp_audit_chain() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    PERFORM pg_advisory_xact_lock(7305001);
    NEW.id := nextval(pg_get_serial_sequence('audit_logs', 'id'));
    SELECT hash INTO NEW.prev_hash FROM audit_logs ORDER BY id DESC LIMIT 1;
    NEW.hash := afp_audit_row_digest(NEW);
    RETURN NEW;
  END
  $$;

CREATE OR REPLACE FUNCTION afp_audit_append_only() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  BEGIN
    RAISE EXCEPTION 'audit_logs is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
  END
  $$;

CREATE TRIGGER audit_logs_chain BEFORE INSERT ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION afp_audit_chain();
CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON "audit_logs"
  FOR EACH ROW EXECUTE FUNCTION afp_audit_append_only();
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON "audit_logs"
  FOR EACH STATEMENT EXECUTE FUNCTION afp_audit_append_only();
