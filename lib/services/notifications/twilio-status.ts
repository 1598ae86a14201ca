/**
 * Twilio's delivery status callbacks (POST /api/webhooks/twilio). Each callback is checked with
 * X-Twilio-Signature (HMAC of APP_URL + path and the form parameters, by the SDK's
 * validateRequest), recorded once in webhook_events as "<MessageSid>:<MessageStatus>", then
 * applied to the outbox row with that provider message id. A state only moves forward
 * (SENT → FAILED → DELIVERED): duplicates and late or out-of-order callbacks change nothing.
 * A callback that arrives before the sender recorded the message id stays RECEIVED and is applied
 * when the SENT update lands (applyPendingTwilioStatuses).
 */
import twilio from "twilio";
import { prisma, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { maskPhone } from "@/lib/logger";
import { twilioStatusCallbackUrl } from "@/lib/providers/messaging";

const DELIVERED = new Set(["delivered", "read"]);
const FAILED = new Set(["failed", "undelivered"]);
/** Order in which pending statuses of one message are applied. */
const RANK: Record<string, number> = { failed: 1, undelivered: 1, delivered: 2, read: 3 };

export type TwilioStatusOutcome = "applied" | "unchanged" | "pending" | "duplicate";

/** Throws 403 unless the callback is signed with our auth token for our callback URL. */
export function verifyTwilioSignature(signature: string | null, params: Record<string, string>): void {
  const authToken = env().TWILIO_AUTH_TOKEN;
  if (!authToken) throw new AppError("forbidden", "Twilio callbacks are refused: TWILIO_AUTH_TOKEN is not configured.");
  if (!signature || !twilio.validateRequest(authToken, signature, twilioStatusCallbackUrl(), params)) {
    throw new AppError("forbidden", "The X-Twilio-Signature header is missing or does not match this request.");
  }
}

function failureReason(status: string, errorCode?: string, errorMessage?: string): string {
  return [`WhatsApp ${status}`, errorCode ? `(Twilio error ${errorCode})` : "", errorMessage ? `— ${errorMessage}` : ""].filter(Boolean).join(" ").slice(0, 1000);
}

async function applyStatus(db: DbOrTx, sid: string, status: string, now: Date, errorCode?: string, errorMessage?: string): Promise<Exclude<TwilioStatusOutcome, "duplicate">> {
  const row = await db.notification.findUnique({ where: { providerMessageId: sid }, select: { id: true } });
  if (!row) return "pending";
  if (DELIVERED.has(status)) {
    const updated = await db.notification.updateMany({
      where: { id: row.id, status: { in: ["SENT", "FAILED"] } },
      data: { status: "DELIVERED", deliveredAt: now, updatedAt: now },
    });
    return updated.count ? "applied" : "unchanged";
  }
  if (FAILED.has(status)) {
    const updated = await db.notification.updateMany({
      where: { id: row.id, status: "SENT" },
      data: { status: "FAILED", failedAt: now, lastError: failureReason(status, errorCode, errorMessage), updatedAt: now },
    });
    return updated.count ? "applied" : "unchanged";
  }
  return "unchanged";
}

export type TwilioStatusResult = { outcome: TwilioStatusOutcome; messageSid: string; messageStatus: string };

/** Records one verified callback and applies it. */
export async function recordTwilioStatus(options: { params: Record<string, string>; now: Date }): Promise<TwilioStatusResult> {
  const { params, now } = options;
  const messageSid = params.MessageSid ?? params.SmsSid;
  const messageStatus = (params.MessageStatus ?? params.SmsStatus ?? "").toLowerCase();
  if (!messageSid || !messageStatus) {
    throw new AppError("validation_failed", "A status callback needs MessageSid and MessageStatus.", [
      { path: messageSid ? "MessageStatus" : "MessageSid", message: "is required" },
    ]);
  }
  const payload = { ...params, ...(params.To ? { To: maskPhone(params.To.replace(/^whatsapp:/, "")) } : {}), ...(params.From ? { From: maskPhone(params.From.replace(/^whatsapp:/, "")) } : {}) };
  return prisma.$transaction(async (tx) => {
    const eventId = `${messageSid}:${messageStatus}`;
    const inserted = await tx.webhookEvent.createMany({
      data: [{ provider: "twilio", eventId, type: `message.${messageStatus}`, payload, receivedAt: now }],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return { outcome: "duplicate" as const, messageSid, messageStatus };
    const outcome = await applyStatus(tx, messageSid, messageStatus, now, params.ErrorCode, params.ErrorMessage);
    await tx.webhookEvent.update({
      where: { provider_eventId: { provider: "twilio", eventId } },
      data:
        outcome === "pending"
          ? { error: "No notification carries this MessageSid yet; applied when its send is recorded." }
          : { status: outcome === "applied" ? "PROCESSED" : "IGNORED", processedAt: now },
    });
    return { outcome, messageSid, messageStatus };
  });
}

/** Applies callbacks that arrived before the SENT update recorded their MessageSid. */
export async function applyPendingTwilioStatuses(messageSid: string, now: Date): Promise<number> {
  const events = await prisma.webhookEvent.findMany({
    where: { provider: "twilio", status: "RECEIVED", eventId: { startsWith: `${messageSid}:` } },
  });
  events.sort((a, b) => (RANK[a.eventId.split(":")[1] ?? ""] ?? 0) - (RANK[b.eventId.split(":")[1] ?? ""] ?? 0));
  let applied = 0;
  for (const event of events) {
    const status = event.eventId.slice(messageSid.length + 1);
    const payload = (event.payload ?? {}) as Record<string, string>;
    await prisma.$transaction(async (tx) => {
      const outcome = await applyStatus(tx, messageSid, status, now, payload.ErrorCode, payload.ErrorMessage);
      if (outcome === "applied") applied += 1;
      await tx.webhookEvent.update({ where: { id: event.id }, data: { status: outcome === "applied" ? "PROCESSED" : "IGNORED", processedAt: now, error: null } });
    });
  }
  return applied;
}
