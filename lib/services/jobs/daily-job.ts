/**
 * The daily job (00:00 UTC from Vercel Cron, or `npm run job:daily -- --date …`):
 *   1. remind subscriptions ending within the reminder window (email + WhatsApp);
 *   2. expire what has ended unrenewed and suspend its instance;
 *   3. suspend instances whose renewal failed three times;
 *   4. renew auto-renew subscriptions on their saved method, reactivating on success;
 * then housekeeping (reconciliation, deployments, purge, the day's metric snapshot).
 * One run per date; a second call resumes an unfinished run or does nothing; concurrent calls are
 * refused by the run lock; every side effect is keyed so that a repeat is a no-op; a run about to
 * exceed its time budget stops between batches and reports `partial`.
 */
import { systemActor } from "@/lib/actor";
import { isoDate } from "@/lib/clock";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { reminderWindowDays } from "@/lib/services/settings.service";
import { syncDeployments } from "@/lib/services/vercel.service";
import { BudgetExhausted, type JobContext, type StepReport } from "./context";
import { expireSubscriptions, suspendAfterFailedPayments } from "./expiry";
import { purgeStep, reconcileStep, refreshProvisioning, snapshotStep } from "./housekeeping";
import { acquireRun, finishRun, heartbeat } from "./ledger";
import { renewSubscriptions } from "./renewals";
import { sendReminders, type ReminderCandidate } from "./reminders";

export const DAILY_JOB = "daily";

export type DailyJobOptions = {
  runDate: string;
  now: Date;
  trigger: "cron" | "shell" | "admin" | "test";
  budgetMs?: number;
  batchSize?: number;
  reminderWindowDays?: number;
  clock?: () => number;
};

export type DailyJobResult =
  | { status: "SUCCEEDED" | "PARTIAL" | "FAILED"; runId: string; runDate: string; attempt: number; report: RunReport }
  | { status: "already_running"; runDate: string }
  | { status: "already_done"; runId: string; runDate: string; report: unknown };

type RunReport = { steps: Record<string, StepReport>; attempts: Array<Record<string, unknown>>; errors: string[]; stoppedAt?: string };

const STEPS = ["reminders", "expiry", "failed_payments", "renewals", "reconcile", "deployments", "purge", "snapshot"] as const;

function merge(into: StepReport | undefined, add: StepReport, replace: boolean): StepReport {
  if (replace || !into) return { ...add };
  const out = { ...into };
  for (const [k, v] of Object.entries(add)) out[k] = (out[k] ?? 0) + v;
  return out;
}

function context(options: DailyJobOptions): JobContext {
  const clock = options.clock ?? Date.now;
  return {
    runDate: options.runDate,
    now: options.now,
    actor: systemActor("daily job", { type: "cron", label: `daily job ${options.runDate}` }),
    batchSize: options.batchSize ?? 1500,
    deadline: clock() + (options.budgetMs ?? env().JOB_TIME_BUDGET_MS),
    reminderWindowDays: options.reminderWindowDays ?? env().REMINDER_WINDOW_DAYS,
    clock,
  };
}

export async function runDailyJob(options: DailyJobOptions): Promise<DailyJobResult> {
  const startedAt = Date.now();
  const windowDays = options.reminderWindowDays ?? (await reminderWindowDays());
  const acquired = await acquireRun({ job: DAILY_JOB, runDate: options.runDate, trigger: options.trigger, now: options.now });
  if (acquired.state === "locked") return { status: "already_running", runDate: options.runDate };
  if (acquired.state === "done") return { status: "already_done", runId: acquired.run.id, runDate: options.runDate, report: acquired.run.report };
  const { run, release, lost } = acquired.lease;
  const ctx = { ...context({ ...options, reminderWindowDays: windowDays }), leaseLost: lost };
  const previous = (run.report ?? {}) as Partial<RunReport>;
  const report: RunReport = { steps: previous.steps ?? {}, attempts: previous.attempts ?? [], errors: [] };
  const log = logger.child({ job: DAILY_JOB, runDate: options.runDate, attempt: run.attempts });
  let status: "SUCCEEDED" | "PARTIAL" | "FAILED" = "SUCCEEDED";
  try {
    for (const step of STEPS) {
      const stepStarted = Date.now();
      const changed: string[] = [];
      let result: StepReport;
      switch (step) {
        case "reminders":
          result = await sendReminders(ctx);
          break;
        case "expiry": {
          const r = await expireSubscriptions(ctx);
          changed.push(...r.suspended);
          result = r.report;
          break;
        }
        case "failed_payments": {
          const r = await suspendAfterFailedPayments(ctx);
          changed.push(...r.suspended);
          result = r.report;
          break;
        }
        case "renewals": {
          const r = await renewSubscriptions(ctx);
          changed.push(...r.changedInstances);
          result = r.report;
          break;
        }
        case "reconcile":
          result = await reconcileStep(ctx);
          break;
        case "deployments":
          result = await refreshProvisioning(ctx);
          break;
        case "purge":
          result = await purgeStep(ctx);
          break;
        case "snapshot":
          result = await snapshotStep(ctx);
          break;
      }
      if (changed.length) await syncDeployments(changed, ctx.now);
      report.steps[step] = merge(report.steps[step], { ...result, ms: Date.now() - stepStarted }, step === "snapshot");
      await heartbeat(run.id, report);
    }
  } catch (error) {
    if (error instanceof BudgetExhausted) {
      status = "PARTIAL";
      report.stoppedAt = error.step;
      log.warn({ step: error.step }, "daily job stopped at its time budget; the next call continues");
    } else {
      status = "FAILED";
      report.errors.push(error instanceof Error ? error.message.slice(0, 500) : String(error));
      log.error({ err: error }, "daily job failed; the next call resumes");
    }
  } finally {
    report.attempts.push({ attempt: run.attempts, trigger: options.trigger, status, startedAt: new Date(startedAt).toISOString(), durationMs: Date.now() - startedAt });
    await finishRun(run.id, status, report, new Date()).catch((e) => log.error({ err: e }, "could not record the run"));
    await release();
  }
  log.info({ status, steps: report.steps }, "daily job finished");
  return { status, runId: run.id, runDate: options.runDate, attempt: run.attempts, report };
}

/** What the job would do on `now` (a forecast for the dashboard): counts, nothing changed. */
export async function dryRunDailyJob(options: { now: Date; reminderWindowDays?: number }) {
  const windowDays = options.reminderWindowDays ?? (await reminderWindowDays());
  const ctx = context({ runDate: isoDate(options.now), now: options.now, trigger: "admin", reminderWindowDays: windowDays, budgetMs: 60_000 });
  const sample: ReminderCandidate[] = [];
  const reminders = await sendReminders(ctx, { dryRun: true, sample });
  const expiry = await expireSubscriptions(ctx, { dryRun: true });
  const failed = await suspendAfterFailedPayments(ctx, { dryRun: true });
  const renewals = await renewSubscriptions(ctx, { dryRun: true });
  const purge = await purgeStep(ctx, { dryRun: true });
  return {
    date: ctx.runDate,
    reminderWindowDays: windowDays,
    reminders: { subscriptions: reminders.subscriptions, sample: sample.slice(0, 20).map((c) => ({ subscriptionId: c.id, instanceId: c.instance_id, kind: c.kind, endsAt: c.current_period_end })) },
    expiry: expiry.report,
    failedPayments: failed.report,
    renewals: renewals.report,
    purge,
  };
}
