/**
 * Reading the outbox (dashboard and API) and resending a message. Lists are newest first with a
 * keyset cursor on (created_at, id), so a page costs the same however deep it is.
 */
import type { Actor } from "@/lib/actor";
import { Prisma, prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { NotificationChannel, NotificationStatus } from "@/lib/generated/prisma/enums";
import { maskEmail, maskPhone } from "@/lib/logger";
import { normalizePhone } from "@/lib/phone";
import { recordAudit } from "@/lib/services/audit.service";
import { recipientOf } from "./queue";

export type NotificationFilters = {
  status?: NotificationStatus;
  channel?: NotificationChannel;
  instanceId?: string;
  templateKey?: string;
};

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso = "", id = ""] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso);
  if (!id || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) {
    throw new AppError("validation_failed", "cursor is invalid: pass back the nextCursor of a previous page.", [{ path: "cursor", message: "is invalid" }]);
  }
  return { createdAt, id };
}

export function maskRecipient(channel: NotificationChannel, recipient: string): string {
  if (!recipient) return "—";
  return (channel === "EMAIL" ? maskEmail(recipient) : maskPhone(recipient)) ?? "—";
}

const listSelect = {
  id: true,
  instanceId: true,
  channel: true,
  templateKey: true,
  templateVersion: true,
  locale: true,
  recipient: true,
  subject: true,
  status: true,
  driver: true,
  attempts: true,
  maxAttempts: true,
  nextAttemptAt: true,
  lastError: true,
  providerMessageId: true,
  dedupeKey: true,
  sentAt: true,
  deliveredAt: true,
  failedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.NotificationSelect;

export type NotificationListItem = Prisma.NotificationGetPayload<{ select: typeof listSelect }>;

export async function listNotifications(options: NotificationFilters & { cursor?: string; limit?: number }) {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const where: Prisma.NotificationWhereInput = {
    ...(options.status ? { status: options.status } : {}),
    ...(options.channel ? { channel: options.channel } : {}),
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
    ...(options.templateKey ? { templateKey: options.templateKey } : {}),
    ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
  };
  const rows = await prisma.notification.findMany({ where, select: listSelect, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit + 1 });
  const page = rows.slice(0, limit);
  return { data: page, nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!) : null };
}

export async function getNotificationOrThrow(id: string) {
  const row = await prisma.notification.findUnique({ where: { id } });
  if (!row) throw notFound("Notification", id);
  return row;
}

const RESENDABLE: NotificationStatus[] = ["FAILED", "SENT", "DELIVERED"];

/**
 * Queues the same content again as a new row (`resend:<id>:<n>`), to the instance's current
 * address for the channel. Refused while the original is still pending, and when the owner has
 * opted out or has no valid address.
 */
export async function resendNotification(options: { id: string; actor: Actor; now: Date }) {
  const { id, actor, now } = options;
  return prisma.$transaction(async (tx) => {
    // Serialises resends of one message, so each gets its own number.
    await tx.$queryRaw`SELECT id FROM notifications WHERE id = ${id} FOR UPDATE`;
    const original = await tx.notification.findUnique({ where: { id }, include: { instance: { include: { settings: true } } } });
    if (!original) throw notFound("Notification", id);
    if (!RESENDABLE.includes(original.status)) {
      throw new AppError("invalid_state", `Only a FAILED, SENT or DELIVERED notification can be resent; this one is ${original.status}.`);
    }
    let recipient = original.recipient;
    if (original.instance) {
      const owner = recipientOf(original.instance);
      const email = original.channel === "EMAIL";
      if (email ? owner.emailOptOut : owner.whatsappOptOut) {
        throw new AppError("invalid_state", `The owner opted out of ${email ? "email" : "WhatsApp"} messages; nothing was resent.`);
      }
      const address = email ? owner.email?.trim() : owner.phone ? normalizePhone(owner.phone, owner.country ?? undefined) : undefined;
      if (!address) throw new AppError("invalid_state", `The instance has no valid ${email ? "email address" : "phone number"} to resend to.`);
      recipient = address;
    }
    const previous = await tx.notification.count({ where: { dedupeKey: { startsWith: `resend:${id}:` } } });
    const dedupeKey = `resend:${id}:${previous + 1}`;
    const created = await tx.notification.create({
      data: {
        instanceId: original.instanceId,
        channel: original.channel,
        templateKey: original.templateKey,
        templateVersion: original.templateVersion,
        locale: original.locale,
        recipient,
        subject: original.subject,
        bodyText: original.bodyText,
        bodyHtml: original.bodyHtml,
        variables: (original.variables ?? {}) as Prisma.InputJsonValue,
        status: "QUEUED",
        nextAttemptAt: now,
        dedupeKey,
        createdAt: now,
        updatedAt: now,
      },
      select: listSelect,
    });
    await recordAudit(tx, actor, {
      action: "notification.resend",
      targetType: "notification",
      targetId: original.id,
      instanceId: original.instanceId,
      before: { status: original.status, recipient: maskRecipient(original.channel, original.recipient) },
      after: { notificationId: created.id, dedupeKey, status: created.status, recipient: maskRecipient(created.channel, recipient) },
    });
    return created;
  });
}
