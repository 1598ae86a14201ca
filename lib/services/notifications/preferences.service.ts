/**
 * Owners' opt-outs, per channel, in instance_settings. Queuing honours them by writing SUPPRESSED
 * rows (queue.ts); opting out also suppresses what is still waiting in the outbox for that
 * channel, so nothing queued before the change goes out after it.
 */
import type { Actor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { NotificationChannel } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/services/audit.service";

export type UpdateNotificationPreferencesOptions = {
  instanceId: string;
  emailOptOut?: boolean;
  whatsappOptOut?: boolean;
  actor: Actor;
  now: Date;
};

export async function updateNotificationPreferences(options: UpdateNotificationPreferencesOptions) {
  const { instanceId, actor, now } = options;
  return prisma.$transaction(async (tx) => {
    const instance = await tx.instance.findUnique({ where: { id: instanceId }, include: { settings: true } });
    if (!instance) throw notFound("Instance", instanceId);
    const before = { emailOptOut: instance.settings?.emailOptOut ?? false, whatsappOptOut: instance.settings?.whatsappOptOut ?? false };
    const after = { emailOptOut: options.emailOptOut ?? before.emailOptOut, whatsappOptOut: options.whatsappOptOut ?? before.whatsappOptOut };
    if (instance.settings && before.emailOptOut === after.emailOptOut && before.whatsappOptOut === after.whatsappOptOut) {
      return { instanceId, ...after, optOutUpdatedAt: instance.settings.optOutUpdatedAt, suppressedQueued: 0, changed: false };
    }
    const settings = await tx.instanceSettings.upsert({
      where: { instanceId },
      create: { instanceId, ...after, optOutUpdatedAt: now },
      update: { ...after, optOutUpdatedAt: now },
    });
    const newlyOptedOut: NotificationChannel[] = [
      ...(after.emailOptOut && !before.emailOptOut ? (["EMAIL"] as const) : []),
      ...(after.whatsappOptOut && !before.whatsappOptOut ? (["WHATSAPP"] as const) : []),
    ];
    const suppressed = newlyOptedOut.length
      ? await tx.notification.updateMany({
          where: { instanceId, channel: { in: newlyOptedOut }, status: "QUEUED" },
          data: { status: "SUPPRESSED", lastError: "opted out", updatedAt: now },
        })
      : { count: 0 };
    await recordAudit(tx, actor, {
      action: "instance.notification_preferences.update",
      targetType: "instance",
      targetId: instanceId,
      instanceId,
      before,
      after: { ...after, optOutUpdatedAt: now, suppressedQueued: suppressed.count },
    });
    return { instanceId, ...after, optOutUpdatedAt: settings.optOutUpdatedAt, suppressedQueued: suppressed.count, changed: true };
  });
}
