/**
 * Delivery of the outbox. `deliverDue` claims the rows that are due, sends each through its
 * channel's driver and records the outcome:
 *   sent → SENT (provider message id, driver, sent_at);
 *   transient failure → QUEUED again after the backoff (backoff.ts), until max_attempts → FAILED;
 *   permanent failure (bad mailbox, invalid number, no approved template) → FAILED at once.
 * Delivery is at least once: a worker that dies between the provider's acceptance and the SENT
 * update leaves the row in SENDING, and it is sent again after LOCK_TIMEOUT_MS (docs/decisions.md).
 */
import crypto from "node:crypto";
import { logger as rootLogger, maskEmail, maskPhone, type Logger } from "@/lib/logger";
import { messageDrivers, type MessageDrivers } from "@/lib/providers/messaging";
import { asDriverError, type MessageDriverError } from "@/lib/providers/messaging/types";
import { LOCK_TIMEOUT_MS, retryDelayMs } from "./backoff";
import { claimDue, contentSidsOf, failAbandoned, markFailed, markSent, releaseClaims, scheduleRetry, type ClaimedNotification } from "./store";
import { applyPendingTwilioStatuses } from "./twilio-status";

export const DEFAULT_BATCH_SIZE = 25;
export const MAX_BATCH_SIZE = 100;
/** Sends in flight at once within one batch. */
export const SEND_CONCURRENCY = 5;
/** A backstop above the drivers' own timeouts, so one hung send cannot hold a batch. */
export const SEND_TIMEOUT_MS = 90_000;

export type DeliverOptions = {
  now: Date;
  limit?: number;
  workerId?: string;
  /** Defaults to the configured drivers (EMAIL_DRIVER, WHATSAPP_DRIVER). */
  drivers?: MessageDrivers;
  random?: () => number;
  log?: Logger;
};

export type DeliveryCounts = {
  claimed: number;
  /** Of the claimed rows, those taken over from a worker that stopped mid-send. */
  reclaimed: number;
  sent: number;
  retried: number;
  failed: number;
  /** Abandoned on their last attempt and marked FAILED without another send. */
  abandoned: number;
  /** Claimed but handed back unsent because the batch ran out of time. */
  released: number;
  /** Outcomes that could not be recorded (database trouble); those rows wait for the lock timeout. */
  errors: number;
};

export function newWorkerId(kind: string): string {
  return `${kind}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

function masked(row: ClaimedNotification): string | undefined {
  return row.channel === "EMAIL" ? maskEmail(row.recipient) : maskPhone(row.recipient);
}

/** Provider errors quote addresses ("<x@y>: mailbox unavailable", "The 'To' number +243…"): masked before logging. */
export function scrubContacts(text: string): string {
  return text
    .replace(/[^\s<>"'():,;]+@[^\s<>"'():,;]+\.[a-z]{2,}/gi, (m) => maskEmail(m) ?? "***")
    .replace(/\+?\d[\d -]{6,}\d/g, (m) => maskPhone(m.replace(/[ -]/g, "")) ?? "***");
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer from the provider within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function batchSize(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? DEFAULT_BATCH_SIZE) || 1, 1), MAX_BATCH_SIZE);
}

export async function deliverDue(options: DeliverOptions): Promise<DeliveryCounts> {
  const { now } = options;
  const limit = batchSize(options.limit);
  const workerId = options.workerId ?? newWorkerId("deliver");
  const base = options.log ?? rootLogger;
  const log = base.bindings().workerId ? base : base.child({ workerId });
  const random = options.random ?? Math.random;
  const staleBefore = new Date(now.getTime() - LOCK_TIMEOUT_MS);
  const counts: DeliveryCounts = { claimed: 0, reclaimed: 0, sent: 0, retried: 0, failed: 0, abandoned: 0, released: 0, errors: 0 };

  // Drivers first: a configuration problem must surface before any row is claimed.
  const drivers = options.drivers ?? messageDrivers();
  counts.abandoned = await failAbandoned({ now, staleBefore });
  const rows = await claimDue({ now, staleBefore, limit, workerId });
  counts.claimed = rows.length;
  counts.reclaimed = rows.filter((r) => r.previousStatus === "SENDING").length;
  if (rows.length === 0) {
    if (counts.abandoned) log.warn(counts, "notifications abandoned on their last attempt");
    return counts;
  }
  const contentSids = await contentSidsOf(rows);
  const started = performance.now();
  const pending = [...rows];
  const unsent: string[] = [];

  const sendOne = async (row: ClaimedNotification) => {
    const driver = drivers[row.channel];
    let providerMessageId: string;
    try {
      const result = await withTimeout(
        driver.send({
          id: row.id,
          channel: row.channel,
          to: row.recipient,
          subject: row.subject,
          text: row.bodyText,
          html: row.bodyHtml,
          templateKey: row.templateKey,
          locale: row.locale,
          variables: row.variables ?? {},
          contentSid: contentSids.get(`${row.templateKey}:${row.locale}:${row.templateVersion}`) ?? null,
        }),
        SEND_TIMEOUT_MS,
      );
      providerMessageId = result.providerMessageId;
    } catch (error) {
      await recordFailure(row, asDriverError(error), driver.name);
      return;
    }
    // Only a failed send is retried: a failure to record the success leaves the row SENDING (taken over after the lock timeout).
    if (await markSent(row.id, workerId, { providerMessageId, driver: driver.name, now })) {
      counts.sent += 1;
      if (driver.name === "twilio") await applyPendingTwilioStatuses(providerMessageId, now);
    } else {
      log.warn({ notificationId: row.id }, "sent, but the claim had been taken over: the row was left to its new owner");
    }
  };

  const recordFailure = async (row: ClaimedNotification, error: MessageDriverError, driverName: string) => {
    const reason = error.message.slice(0, 1000);
    const context = { notificationId: row.id, channel: row.channel, to: masked(row), attempt: row.attempts, code: error.providerCode };
    if (error.permanent || row.attempts >= row.maxAttempts) {
      const why = error.permanent ? reason : `Gave up after ${row.attempts} attempts — ${reason}`;
      if (await markFailed(row.id, workerId, { error: why, driver: driverName, now })) counts.failed += 1;
      log.warn({ ...context, permanent: error.permanent }, `notification failed: ${scrubContacts(reason)}`);
      return;
    }
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(row.attempts, random));
    if (await scheduleRetry(row.id, workerId, { error: reason, driver: driverName, nextAttemptAt, now })) counts.retried += 1;
    log.info({ ...context, nextAttemptAt }, `notification will be retried: ${scrubContacts(reason)}`);
  };

  const lane = async () => {
    for (let row = pending.shift(); row; row = pending.shift()) {
      // Past half the lock timeout, stop starting sends: another worker may take these rows soon.
      if (performance.now() - started > LOCK_TIMEOUT_MS / 2) {
        unsent.push(row.id);
        continue;
      }
      try {
        await sendOne(row);
      } catch (error) {
        counts.errors += 1;
        log.error({ err: error, notificationId: row.id }, "could not record a delivery outcome; the row is taken over after the lock timeout");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, rows.length) }, lane));
  counts.released = await releaseClaims(unsent, workerId, now);
  log.info(counts, "notifications delivery batch");
  return counts;
}

export type DrainOptions = DeliverOptions & { maxBatches?: number; timeBudgetMs?: number };

/** Batches until nothing is due, `maxBatches` ran, or the time budget is spent (cron, `after()`). */
export async function deliverUntilIdle(options: DrainOptions): Promise<DeliveryCounts & { batches: number }> {
  const maxBatches = Math.min(Math.max(options.maxBatches ?? 20, 1), 1000);
  const budget = options.timeBudgetMs ?? 60_000;
  const workerId = options.workerId ?? newWorkerId("drain");
  const started = performance.now();
  const total: DeliveryCounts & { batches: number } = { claimed: 0, reclaimed: 0, sent: 0, retried: 0, failed: 0, abandoned: 0, released: 0, errors: 0, batches: 0 };
  while (total.batches < maxBatches && performance.now() - started < budget) {
    const counts = await deliverDue({ ...options, workerId });
    total.batches += 1;
    for (const key of Object.keys(counts) as (keyof DeliveryCounts)[]) total[key] += counts[key];
    if (counts.claimed < batchSize(options.limit) || counts.released > 0) break;
  }
  return total;
}
