-- AfrikaPharma Console — first migration.
-- Hand-written parts (this preamble and the closing section) hold what schema.prisma cannot say:
-- the id generator, CHECK constraints, and the append-only, hash-chained audit log.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Prefixed, unguessable ids ("inst_3f2a9c0d4e5b6a7f8e9d0c1b"): 96 random bits from gen_random_uuid().
CREATE OR REPLACE FUNCTION afp_id(prefix text) RETURNS text
  LANGUAGE sql VOLATILE PARALLEL SAFE
  AS $$ SELECT prefix || '_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 24) $$;

-- CreateEnum
CREATE TYPE "admin_role" AS ENUM ('SUPER_ADMIN', 'SUPPORT');

-- CreateEnum
CREATE TYPE "instance_status" AS ENUM ('PROVISIONING', 'PROVISIONING_FAILED', 'ACTIVE', 'SUSPENDED', 'DELETED');

-- CreateEnum
CREATE TYPE "tenant_database_status" AS ENUM ('CREATING', 'READY', 'FAILED', 'DROPPED');

-- CreateEnum
CREATE TYPE "deployment_state" AS ENUM ('QUEUED', 'BUILDING', 'READY', 'ERROR', 'CANCELED', 'PAUSED', 'REMOVED');

-- CreateEnum
CREATE TYPE "plan_code" AS ENUM ('TRIAL', 'MONTHLY', 'ANNUAL', 'LIFETIME');

-- CreateEnum
CREATE TYPE "billing_interval" AS ENUM ('DAY', 'MONTH', 'YEAR', 'NONE');

-- CreateEnum
CREATE TYPE "subscription_status" AS ENUM ('TRIALING', 'ACTIVE', 'PAST_DUE', 'EXPIRED', 'CANCELED');

-- CreateEnum
CREATE TYPE "payment_provider" AS ENUM ('STRIPE', 'AVADAPAY', 'STROWALLET', 'MANUAL', 'SANDBOX');

-- CreateEnum
CREATE TYPE "payment_status" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'PARTIALLY_REFUNDED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "payment_purpose" AS ENUM ('INITIAL', 'RENEWAL', 'PLAN_CHANGE');

-- CreateEnum
CREATE TYPE "refund_status" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "payment_link_purpose" AS ENUM ('RENEW', 'CHANGE_PLAN');

-- CreateEnum
CREATE TYPE "webhook_event_status" AS ENUM ('RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED');

-- CreateEnum
CREATE TYPE "notification_channel" AS ENUM ('EMAIL', 'WHATSAPP');

-- CreateEnum
CREATE TYPE "notification_status" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED');

-- CreateEnum
CREATE TYPE "job_run_status" AS ENUM ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED');

-- CreateTable
CREATE TABLE "admin_users" (
    "id" TEXT NOT NULL DEFAULT afp_id('adm'::text),
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "admin_role" NOT NULL DEFAULT 'SUPPORT',
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "disabled_at" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "admin_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL DEFAULT afp_id('tok'::text),
    "admin_user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "reset_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key","window")
);

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by_id" TEXT,

    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "instances" (
    "id" TEXT NOT NULL DEFAULT afp_id('inst'::text),
    "name" TEXT NOT NULL,
    "subdomain" TEXT NOT NULL,
    "owner_name" TEXT,
    "owner_email" TEXT NOT NULL,
    "owner_phone" TEXT,
    "country" CHAR(2),
    "status" "instance_status" NOT NULL DEFAULT 'PROVISIONING',
    "suspended_reason" TEXT,
    "suspended_note" TEXT,
    "suspended_at" TIMESTAMPTZ(3),
    "provisioning_step" TEXT,
    "provisioning_error" TEXT,
    "provisioned_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "purge_after" TIMESTAMPTZ(3),
    "purged_at" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL DEFAULT 'admin',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_settings" (
    "instance_id" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "timezone" TEXT NOT NULL DEFAULT 'Africa/Abidjan',
    "email_opt_out" BOOLEAN NOT NULL DEFAULT false,
    "whatsapp_opt_out" BOOLEAN NOT NULL DEFAULT false,
    "opt_out_updated_at" TIMESTAMPTZ(3),
    "entitlement_key_id" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "instance_settings_pkey" PRIMARY KEY ("instance_id")
);

-- CreateTable
CREATE TABLE "tenant_databases" (
    "id" TEXT NOT NULL DEFAULT afp_id('tdb'::text),
    "instance_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "database_name" TEXT NOT NULL,
    "role_name" TEXT NOT NULL,
    "password_encrypted" TEXT NOT NULL,
    "status" "tenant_database_status" NOT NULL DEFAULT 'CREATING',
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMPTZ(3),
    "dropped_at" TIMESTAMPTZ(3),

    CONSTRAINT "tenant_databases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployments" (
    "id" TEXT NOT NULL DEFAULT afp_id('dpl'::text),
    "instance_id" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "state" "deployment_state" NOT NULL DEFAULT 'QUEUED',
    "external_project_id" TEXT,
    "external_deployment_id" TEXT,
    "url" TEXT,
    "domain" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "ready_at" TIMESTAMPTZ(3),

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_events" (
    "id" BIGSERIAL NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "state" "deployment_state" NOT NULL,
    "source" TEXT NOT NULL,
    "message" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "deployment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" TEXT NOT NULL DEFAULT afp_id('plan'::text),
    "code" "plan_code" NOT NULL,
    "name" TEXT NOT NULL,
    "interval" "billing_interval" NOT NULL,
    "interval_count" INTEGER NOT NULL DEFAULT 1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "sort_order" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_prices" (
    "id" TEXT NOT NULL DEFAULT afp_id('price'::text),
    "plan_id" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "derived" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plan_prices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" TEXT NOT NULL DEFAULT afp_id('sub'::text),
    "instance_id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "status" "subscription_status" NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "amount_minor" INTEGER NOT NULL DEFAULT 0,
    "current_period_start" TIMESTAMPTZ(3) NOT NULL,
    "current_period_end" TIMESTAMPTZ(3),
    "trial_ends_at" TIMESTAMPTZ(3),
    "auto_renew" BOOLEAN NOT NULL DEFAULT true,
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "canceled_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "pending_plan_id" TEXT,
    "failed_payment_count" INTEGER NOT NULL DEFAULT 0,
    "last_payment_failed_at" TIMESTAMPTZ(3),
    "default_payment_method_id" TEXT,
    "paid_periods" INTEGER NOT NULL DEFAULT 0,
    "first_paid_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_periods" (
    "id" TEXT NOT NULL DEFAULT afp_id('per'::text),
    "subscription_id" TEXT NOT NULL,
    "plan_code" "plan_code" NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "amount_minor" INTEGER NOT NULL DEFAULT 0,
    "currency" CHAR(3) NOT NULL DEFAULT 'EUR',
    "kind" TEXT NOT NULL,
    "payment_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_periods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_methods" (
    "id" TEXT NOT NULL DEFAULT afp_id('pm'::text),
    "instance_id" TEXT NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "type" TEXT NOT NULL,
    "external_customer_id" TEXT,
    "external_method_id" TEXT,
    "brand" TEXT,
    "last4" TEXT,
    "exp_month" INTEGER,
    "exp_year" INTEGER,
    "phone" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detached_at" TIMESTAMPTZ(3),

    CONSTRAINT "payment_methods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" TEXT NOT NULL DEFAULT afp_id('pay'::text),
    "instance_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "plan_code" "plan_code" NOT NULL,
    "purpose" "payment_purpose" NOT NULL,
    "provider" "payment_provider" NOT NULL,
    "status" "payment_status" NOT NULL DEFAULT 'PENDING',
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "credit_minor" INTEGER NOT NULL DEFAULT 0,
    "amount_refunded_minor" INTEGER NOT NULL DEFAULT 0,
    "provider_reference" TEXT,
    "checkout_url" TEXT,
    "payment_method_id" TEXT,
    "payer_phone" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "renewal_key" TEXT,
    "failure_code" TEXT,
    "failure_message" TEXT,
    "manual_method" TEXT,
    "recorded_by_id" TEXT,
    "payment_link_id" TEXT,
    "initiated_by" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "last_reconciled_at" TIMESTAMPTZ(3),
    "succeeded_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_events" (
    "id" BIGSERIAL NOT NULL,
    "payment_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "from_status" "payment_status",
    "to_status" "payment_status",
    "source" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL DEFAULT afp_id('ref'::text),
    "payment_id" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "refund_status" NOT NULL DEFAULT 'PENDING',
    "provider_reference" TEXT,
    "reason" TEXT,
    "ends_subscription" BOOLEAN NOT NULL DEFAULT false,
    "idempotency_key" TEXT NOT NULL,
    "failure_message" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "succeeded_at" TIMESTAMPTZ(3),

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_counters" (
    "year" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "invoice_counters_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "invoices" (
    "id" TEXT NOT NULL DEFAULT afp_id('inv'::text),
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "instance_id" TEXT NOT NULL,
    "subscription_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "plan_code" "plan_code" NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3),
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "pharmacy_name" TEXT NOT NULL,
    "owner_name" TEXT,
    "owner_email" TEXT NOT NULL,
    "payment_method" TEXT NOT NULL,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_links" (
    "id" TEXT NOT NULL DEFAULT afp_id('plk'::text),
    "instance_id" TEXT NOT NULL,
    "purpose" "payment_link_purpose" NOT NULL,
    "plan_code" "plan_code",
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" TEXT NOT NULL DEFAULT afp_id('evt'::text),
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "webhook_event_status" NOT NULL DEFAULT 'RECEIVED',
    "error" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_templates" (
    "id" TEXT NOT NULL DEFAULT afp_id('tpl'::text),
    "key" TEXT NOT NULL,
    "channel" "notification_channel" NOT NULL,
    "locale" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "subject" TEXT,
    "body_text" TEXT NOT NULL,
    "body_html" TEXT,
    "content_sid" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL DEFAULT afp_id('ntf'::text),
    "instance_id" TEXT,
    "channel" "notification_channel" NOT NULL,
    "template_key" TEXT NOT NULL,
    "template_version" INTEGER,
    "locale" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT,
    "body_text" TEXT NOT NULL,
    "body_html" TEXT,
    "variables" JSONB NOT NULL DEFAULT '{}',
    "status" "notification_status" NOT NULL DEFAULT 'QUEUED',
    "driver" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 8,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_at" TIMESTAMPTZ(3),
    "locked_by" TEXT,
    "last_error" TEXT,
    "provider_message_id" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signup_requests" (
    "id" TEXT NOT NULL DEFAULT afp_id('sgn'::text),
    "email" TEXT NOT NULL,
    "pharmacy_name" TEXT NOT NULL,
    "subdomain" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "phone" TEXT,
    "country" CHAR(2),
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "verified_at" TIMESTAMPTZ(3),
    "instance_id" TEXT,
    "ip" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signup_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "actor_label" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "instance_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "request_id" TEXT,
    "ip" TEXT,
    "user_agent" TEXT,
    "prev_hash" TEXT,
    "hash" TEXT,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" TEXT NOT NULL DEFAULT afp_id('run'::text),
    "job" TEXT NOT NULL,
    "run_date" DATE NOT NULL,
    "status" "job_run_status" NOT NULL DEFAULT 'RUNNING',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "report" JSONB NOT NULL DEFAULT '{}',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "trigger" TEXT NOT NULL DEFAULT 'cron',

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_snapshots" (
    "date" DATE NOT NULL,
    "total_instances" INTEGER NOT NULL,
    "active_instances" INTEGER NOT NULL,
    "trialing_instances" INTEGER NOT NULL,
    "suspended_instances" INTEGER NOT NULL,
    "mrr_minor" BIGINT NOT NULL,
    "lifetime_revenue_minor" BIGINT NOT NULL,
    "revenue_minor" BIGINT NOT NULL,
    "paying_subscriptions" INTEGER NOT NULL,
    "churned_subscriptions" INTEGER NOT NULL,
    "new_subscriptions" INTEGER NOT NULL,
    "failed_payments" INTEGER NOT NULL,
    "succeeded_payments" INTEGER NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_snapshots_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE UNIQUE INDEX "admin_users_email_key" ON "admin_users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_admin_user_id_idx" ON "api_tokens"("admin_user_id");

-- CreateIndex
CREATE INDEX "rate_limit_buckets_reset_at_idx" ON "rate_limit_buckets"("reset_at");

-- CreateIndex
CREATE UNIQUE INDEX "instances_subdomain_key" ON "instances"("subdomain");

-- CreateIndex
CREATE INDEX "instances_status_created_at_id_idx" ON "instances"("status", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "instances_created_at_id_idx" ON "instances"("created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "instances_country_status_idx" ON "instances"("country", "status");

-- CreateIndex
CREATE INDEX "instances_owner_email_idx" ON "instances"("owner_email");

-- CreateIndex
CREATE INDEX "instances_purge_after_idx" ON "instances"("purge_after");

-- CreateIndex
CREATE INDEX "instances_name_trgm_idx" ON "instances" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "instances_subdomain_trgm_idx" ON "instances" USING GIN ("subdomain" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "instances_owner_email_trgm_idx" ON "instances" USING GIN ("owner_email" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_databases_instance_id_key" ON "tenant_databases"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "tenant_databases_database_name_key" ON "tenant_databases"("database_name");

-- CreateIndex
CREATE UNIQUE INDEX "tenant_databases_role_name_key" ON "tenant_databases"("role_name");

-- CreateIndex
CREATE UNIQUE INDEX "deployments_external_deployment_id_key" ON "deployments"("external_deployment_id");

-- CreateIndex
CREATE INDEX "deployments_instance_id_created_at_idx" ON "deployments"("instance_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "deployments_state_updated_at_idx" ON "deployments"("state", "updated_at");

-- CreateIndex
CREATE INDEX "deployment_events_deployment_id_id_idx" ON "deployment_events"("deployment_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "plans_code_key" ON "plans"("code");

-- CreateIndex
CREATE UNIQUE INDEX "plan_prices_plan_id_currency_key" ON "plan_prices"("plan_id", "currency");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_instance_id_key" ON "subscriptions"("instance_id");

-- CreateIndex
CREATE INDEX "subscriptions_status_current_period_end_idx" ON "subscriptions"("status", "current_period_end");

-- CreateIndex
CREATE INDEX "subscriptions_current_period_end_idx" ON "subscriptions"("current_period_end");

-- CreateIndex
CREATE INDEX "subscriptions_plan_id_status_idx" ON "subscriptions"("plan_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_periods_payment_id_key" ON "subscription_periods"("payment_id");

-- CreateIndex
CREATE INDEX "subscription_periods_subscription_id_starts_at_idx" ON "subscription_periods"("subscription_id", "starts_at");

-- CreateIndex
CREATE INDEX "payment_methods_instance_id_idx" ON "payment_methods"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_methods_provider_external_method_id_key" ON "payment_methods"("provider", "external_method_id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_idempotency_key_key" ON "payments"("idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "payments_renewal_key_key" ON "payments"("renewal_key");

-- CreateIndex
CREATE INDEX "payments_instance_id_created_at_idx" ON "payments"("instance_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payments_status_created_at_idx" ON "payments"("status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payments_provider_status_created_at_idx" ON "payments"("provider", "status", "created_at" DESC);

-- CreateIndex
CREATE INDEX "payments_created_at_id_idx" ON "payments"("created_at" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_provider_reference_key" ON "payments"("provider", "provider_reference");

-- CreateIndex
CREATE INDEX "payment_events_payment_id_id_idx" ON "payment_events"("payment_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_idempotency_key_key" ON "refunds"("idempotency_key");

-- CreateIndex
CREATE INDEX "refunds_payment_id_idx" ON "refunds"("payment_id");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"("number");

-- CreateIndex
CREATE UNIQUE INDEX "invoices_payment_id_key" ON "invoices"("payment_id");

-- CreateIndex
CREATE INDEX "invoices_instance_id_issued_at_idx" ON "invoices"("instance_id", "issued_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "invoices_year_sequence_key" ON "invoices"("year", "sequence");

-- CreateIndex
CREATE INDEX "payment_links_instance_id_created_at_idx" ON "payment_links"("instance_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "webhook_events_status_received_at_idx" ON "webhook_events"("status", "received_at");

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_provider_event_id_key" ON "webhook_events"("provider", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "notification_templates_key_channel_locale_version_key" ON "notification_templates"("key", "channel", "locale", "version");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_provider_message_id_key" ON "notifications"("provider_message_id");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_status_next_attempt_at_idx" ON "notifications"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "notifications_instance_id_created_at_idx" ON "notifications"("instance_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notifications_created_at_id_idx" ON "notifications"("created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "notifications_template_key_created_at_idx" ON "notifications"("template_key", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "signup_requests_token_hash_key" ON "signup_requests"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "signup_requests_instance_id_key" ON "signup_requests"("instance_id");

-- CreateIndex
CREATE INDEX "signup_requests_email_created_at_idx" ON "signup_requests"("email", "created_at" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_at_id_idx" ON "audit_logs"("at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_instance_id_id_idx" ON "audit_logs"("instance_id", "id" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_actor_id_id_idx" ON "audit_logs"("actor_id", "id" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_action_id_idx" ON "audit_logs"("action", "id" DESC);

-- CreateIndex
CREATE INDEX "audit_logs_target_type_target_id_idx" ON "audit_logs"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "job_runs_started_at_idx" ON "job_runs"("started_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_run_date_key" ON "job_runs"("job", "run_date");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_admin_user_id_fkey" FOREIGN KEY ("admin_user_id") REFERENCES "admin_users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_settings" ADD CONSTRAINT "instance_settings_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_databases" ADD CONSTRAINT "tenant_databases_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_events" ADD CONSTRAINT "deployment_events_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_prices" ADD CONSTRAINT "plan_prices_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_pending_plan_id_fkey" FOREIGN KEY ("pending_plan_id") REFERENCES "plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_default_payment_method_id_fkey" FOREIGN KEY ("default_payment_method_id") REFERENCES "payment_methods"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_periods" ADD CONSTRAINT "subscription_periods_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_payment_method_id_fkey" FOREIGN KEY ("payment_method_id") REFERENCES "payment_methods"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_payment_link_id_fkey" FOREIGN KEY ("payment_link_id") REFERENCES "payment_links"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_events" ADD CONSTRAINT "payment_events_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payment_links" ADD CONSTRAINT "payment_links_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instances"("id") ON DELETE SET NULL ON UPDATE CASCADE;

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
