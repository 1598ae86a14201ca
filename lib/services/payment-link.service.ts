/**
 * Payment links: a signed, expiring token per instance and purpose (renew, change plan), with a
 * row that makes it single-use and revocable. The console and the notifications include them;
 * /pay/[token] reads them back.
 */
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { addDays } from "@/lib/clock";
import { prisma, type DbOrTx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { PaymentLinkPurpose, PlanCode } from "@/lib/generated/prisma/enums";
import { recordAudit } from "@/lib/services/audit.service";
import { paymentLinkUrl, verifyOwnerToken } from "@/lib/services/owner-links";

export const PAYMENT_LINK_TTL_DAYS = 7;

export const ZCreatePaymentLinkRequest = z.object({
  purpose: z.enum(["RENEW", "CHANGE_PLAN"]).default("RENEW"),
  planType: z.enum(["monthly", "annual", "lifetime"]).optional(),
  ttlDays: z.number().int().min(1).max(60).default(PAYMENT_LINK_TTL_DAYS),
});
export type TCreatePaymentLinkRequest = z.infer<typeof ZCreatePaymentLinkRequest>;

export type CreatedLink = { id: string; instanceId: string; url: string; expiresAt: Date };

/** One INSERT for many instances (the daily job's reminders); returns each link with its URL. */
export async function createPaymentLinks(
  db: DbOrTx,
  items: Array<{ instanceId: string; purpose?: PaymentLinkPurpose; planCode?: PlanCode | null }>,
  now: Date,
  options: { ttlDays?: number; createdById?: string } = {},
): Promise<CreatedLink[]> {
  if (items.length === 0) return [];
  const expiresAt = addDays(now, options.ttlDays ?? PAYMENT_LINK_TTL_DAYS);
  const rows = await db.$queryRaw<{ id: string; instance_id: string }[]>`
    INSERT INTO payment_links (instance_id, purpose, plan_code, expires_at, created_by_id, created_at)
    SELECT x.instance_id, x.purpose::payment_link_purpose, x.plan_code::plan_code, ${expiresAt}, ${options.createdById ?? null}, ${now}
    FROM unnest(${items.map((i) => i.instanceId)}::text[], ${items.map((i) => i.purpose ?? "RENEW")}::text[], ${items.map((i) => i.planCode ?? null)}::text[])
      AS x(instance_id, purpose, plan_code)
    RETURNING id, instance_id`;
  return rows.map((row) => ({ id: row.id, instanceId: row.instance_id, url: paymentLinkUrl(row.id, expiresAt), expiresAt }));
}

export async function createPaymentLink(options: { instanceId: string; request: TCreatePaymentLinkRequest; actor: Actor; now: Date }): Promise<CreatedLink> {
  return prisma.$transaction(async (tx) => {
    const instance = await tx.instance.findUnique({ where: { id: options.instanceId }, select: { id: true, status: true } });
    if (!instance || instance.status === "DELETED") throw notFound("Instance", options.instanceId);
    const planCode = options.request.planType ? (options.request.planType.toUpperCase() as PlanCode) : null;
    const [link] = await createPaymentLinks(tx, [{ instanceId: instance.id, purpose: options.request.purpose, planCode }], options.now, {
      ttlDays: options.request.ttlDays,
      createdById: options.actor.id,
    });
    await recordAudit(tx, options.actor, {
      action: "payment_link.create",
      targetType: "payment_link",
      targetId: link!.id,
      instanceId: instance.id,
      after: { purpose: options.request.purpose, planCode, expiresAt: link!.expiresAt },
    });
    return link!;
  });
}

export type PaymentLinkState =
  | { state: "valid"; link: NonNullable<Awaited<ReturnType<typeof findLink>>> }
  | { state: "expired" | "used" | "revoked"; link: NonNullable<Awaited<ReturnType<typeof findLink>>> }
  | { state: "invalid" };

function findLink(id: string, db: DbOrTx) {
  return db.paymentLink.findUnique({ where: { id }, include: { instance: { include: { settings: true, subscription: { include: { plan: true } } } } } });
}

/** What a token is worth now: tampered or unknown tokens are simply invalid (nothing is revealed). */
export async function resolvePaymentLink(token: string, now: Date, db: DbOrTx = prisma): Promise<PaymentLinkState> {
  const check = verifyOwnerToken("pay", token, now);
  if (!check.ok && check.reason !== "expired") return { state: "invalid" };
  const link = check.id ? await findLink(check.id, db) : null;
  if (!link) return { state: "invalid" };
  if (link.revokedAt) return { state: "revoked", link };
  if (link.usedAt) return { state: "used", link };
  if (!check.ok || link.expiresAt <= now) return { state: "expired", link };
  return { state: "valid", link };
}
