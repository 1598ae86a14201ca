/**
 * The once-per-(provider, event id) ledger of provider callbacks. Claiming an event returns false
 * for one already processed; an event whose processing failed may be claimed again by the
 * provider's retry.
 */
import { prisma, Prisma, type DbOrTx } from "@/lib/db";

export async function claimWebhookEvent(
  db: DbOrTx,
  event: { provider: string; eventId: string; type: string; payload: unknown; now: Date },
): Promise<{ id: string; fresh: boolean }> {
  const payload = JSON.stringify(event.payload ?? {});
  const rows = await db.$queryRaw<{ id: string; status: string; inserted: boolean }[]>`
    INSERT INTO webhook_events (provider, event_id, type, payload, received_at)
    VALUES (${event.provider}, ${event.eventId}, ${event.type}, ${payload}::jsonb, ${event.now})
    ON CONFLICT (provider, event_id) DO UPDATE SET type = webhook_events.type
    RETURNING id, status::text, (xmax = 0) AS inserted`;
  const row = rows[0]!;
  return { id: row.id, fresh: row.inserted || row.status === "FAILED" || row.status === "RECEIVED" };
}

export async function finishWebhookEvent(db: DbOrTx, id: string, status: "PROCESSED" | "IGNORED" | "FAILED", now: Date, error?: string) {
  await db.webhookEvent.update({ where: { id }, data: { status, processedAt: now, error: error?.slice(0, 1000) ?? null } });
}

export async function listWebhookEvents(options: { provider?: string; limit?: number }) {
  const where: Prisma.WebhookEventWhereInput = options.provider ? { provider: options.provider } : {};
  return prisma.webhookEvent.findMany({ where, orderBy: { receivedAt: "desc" }, take: Math.min(options.limit ?? 50, 200) });
}
