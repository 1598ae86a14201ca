/**
 * The outbox rows' state changes during delivery. Claiming is one statement (`FOR UPDATE SKIP
 * LOCKED`), so two workers never take the same row; every later change is guarded by the claim
 * (status SENDING and locked_by = this worker), so a worker whose claim was taken over after the
 * lock timeout cannot overwrite what the new owner did.
 */
import { prisma } from "@/lib/db";
import type { NotificationChannel } from "@/lib/generated/prisma/enums";

export type ClaimedNotification = {
  id: string;
  channel: NotificationChannel;
  templateKey: string;
  templateVersion: number | null;
  locale: string;
  recipient: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  variables: Record<string, string>;
  attempts: number;
  maxAttempts: number;
  /** SENDING when the row was taken over from a worker that did not finish it. */
  previousStatus: "QUEUED" | "SENDING";
};

/** Due rows (QUEUED, next attempt reached) and abandoned ones (SENDING past the lock timeout), claimed at once. */
export async function claimDue(options: { now: Date; staleBefore: Date; limit: number; workerId: string }): Promise<ClaimedNotification[]> {
  const { now, staleBefore, limit, workerId } = options;
  return prisma.$queryRaw<ClaimedNotification[]>`
    WITH due AS (
      SELECT id, status::text AS previous_status
      FROM notifications
      WHERE (status = 'QUEUED' AND next_attempt_at <= ${now})
         OR (status = 'SENDING' AND locked_at < ${staleBefore} AND attempts < max_attempts)
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE notifications AS n
    SET status = 'SENDING', locked_at = ${now}, locked_by = ${workerId}, attempts = n.attempts + 1, updated_at = ${now}
    FROM due
    WHERE n.id = due.id
    RETURNING n.id, n.channel::text AS channel, n.template_key AS "templateKey", n.template_version AS "templateVersion",
              n.locale, n.recipient, n.subject, n.body_text AS "bodyText", n.body_html AS "bodyHtml", n.variables,
              n.attempts, n.max_attempts AS "maxAttempts", due.previous_status AS "previousStatus"`;
}

/** Abandoned rows that already used their last attempt: FAILED, since we cannot know whether it went out. */
export async function failAbandoned(options: { now: Date; staleBefore: Date }): Promise<number> {
  return prisma.$executeRaw`
    UPDATE notifications
    SET status = 'FAILED', failed_at = ${options.now}, locked_at = NULL, locked_by = NULL, updated_at = ${options.now},
        last_error = 'The last attempt was interrupted (its worker stopped); it may or may not have been sent.'
    WHERE status = 'SENDING' AND locked_at < ${options.staleBefore} AND attempts >= max_attempts`;
}

const claimedBy = (id: string, workerId: string) => ({ id, status: "SENDING" as const, lockedBy: workerId });

export async function markSent(id: string, workerId: string, data: { providerMessageId: string; driver: string; now: Date }): Promise<boolean> {
  const result = await prisma.notification.updateMany({
    where: claimedBy(id, workerId),
    data: { status: "SENT", sentAt: data.now, providerMessageId: data.providerMessageId, driver: data.driver, lastError: null, lockedAt: null, lockedBy: null, updatedAt: data.now },
  });
  return result.count === 1;
}

export async function scheduleRetry(id: string, workerId: string, data: { error: string; driver: string; nextAttemptAt: Date; now: Date }): Promise<boolean> {
  const result = await prisma.notification.updateMany({
    where: claimedBy(id, workerId),
    data: { status: "QUEUED", lastError: data.error, driver: data.driver, nextAttemptAt: data.nextAttemptAt, lockedAt: null, lockedBy: null, updatedAt: data.now },
  });
  return result.count === 1;
}

export async function markFailed(id: string, workerId: string, data: { error: string; driver: string; now: Date }): Promise<boolean> {
  const result = await prisma.notification.updateMany({
    where: claimedBy(id, workerId),
    data: { status: "FAILED", failedAt: data.now, lastError: data.error, driver: data.driver, lockedAt: null, lockedBy: null, updatedAt: data.now },
  });
  return result.count === 1;
}

/** Gives back claimed rows this worker will not send after all (its batch ran out of time): the attempt is not counted. */
export async function releaseClaims(ids: string[], workerId: string, now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await prisma.notification.updateMany({
    where: { id: { in: ids }, status: "SENDING", lockedBy: workerId },
    data: { status: "QUEUED", attempts: { decrement: 1 }, lockedAt: null, lockedBy: null, updatedAt: now },
  });
  return result.count;
}

/** Content SIDs stored with the WhatsApp template versions the claimed rows were rendered from. */
export async function contentSidsOf(rows: ClaimedNotification[]): Promise<Map<string, string>> {
  const wanted = rows.filter((r) => r.channel === "WHATSAPP" && r.templateVersion !== null);
  if (wanted.length === 0) return new Map();
  const templates = await prisma.notificationTemplate.findMany({
    where: { channel: "WHATSAPP", contentSid: { not: null }, OR: wanted.map((r) => ({ key: r.templateKey, locale: r.locale, version: r.templateVersion! })) },
    select: { key: true, locale: true, version: true, contentSid: true },
  });
  return new Map(templates.map((t) => [`${t.key}:${t.locale}:${t.version}`, t.contentSid!]));
}
