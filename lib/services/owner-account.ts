/**
 * The owner's side of an instance, reached only through signed links (no account): the status page
 * (plan, renewal, last payments, invoices), a fresh payment link from that page, and a new link
 * asked for from a dead one (expired, used, revoked or damaged), which is SENT to the owner's own
 * email and WhatsApp, never shown — so a forwarded or guessed link id cannot be turned into a
 * working payment page by a third party.
 */
import type { Actor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { formatDate } from "@/lib/i18n";
import { logger } from "@/lib/logger";
import { recordAudit } from "@/lib/services/audit.service";
import { invoiceUrl, verifyOwnerToken } from "@/lib/services/owner-links";
import { queueNotifications, recipientOf } from "@/lib/services/notifications/queue";
import { createPaymentLinks, type CreatedLink } from "@/lib/services/payment-link.service";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";

export const NEW_LINK_LIMITS = {
  perLink: { limit: 3, windowSeconds: 3600 },
  perInstance: { limit: 6, windowSeconds: 86_400 },
  perIp: { limit: 20, windowSeconds: 3600 },
} as const;

export function ownerActor(instance: { id: string; subdomain: string }, context: { ip?: string; requestId?: string; userAgent?: string }): Actor {
  return { type: "owner", id: instance.id, label: `owner of ${instance.subdomain}`, ip: context.ip, requestId: context.requestId, userAgent: context.userAgent };
}

/** Everything the status page shows; null for an unknown or deleted instance. */
export async function loadOwnerAccount(instanceId: string, now: Date) {
  const instance = await prisma.instance.findUnique({
    where: { id: instanceId },
    include: { settings: true, subscription: { include: { plan: true, pendingPlan: true, defaultPaymentMethod: true } } },
  });
  if (!instance || instance.status === "DELETED") return null;
  const [payments, invoices] = await Promise.all([
    prisma.payment.findMany({
      where: { instanceId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
      select: { id: true, status: true, planCode: true, amountMinor: true, currency: true, provider: true, createdAt: true, succeededAt: true, failureMessage: true },
    }),
    prisma.invoice.findMany({ where: { instanceId }, orderBy: [{ year: "desc" }, { sequence: "desc" }], take: 12 }),
  ]);
  return {
    instance,
    payments,
    invoices: invoices.map((invoice) => ({ ...invoice, downloadPath: new URL(invoiceUrl(invoice.id, now)).pathname })),
  };
}

async function newLink(instance: { id: string; subdomain: string }, actor: Actor, now: Date, via: string): Promise<CreatedLink> {
  return prisma.$transaction(async (tx) => {
    const [link] = await createPaymentLinks(tx, [{ instanceId: instance.id, purpose: "RENEW" }], now);
    await recordAudit(tx, actor, { action: "payment_link.create", targetType: "payment_link", targetId: link!.id, instanceId: instance.id, after: { purpose: "RENEW", expiresAt: link!.expiresAt, via } });
    return link!;
  });
}

/** "Payer / changer de formule" on the status page: a fresh link, then the payment page. */
export async function createOwnerPaymentLink(options: { instanceId: string; now: Date; ip: string; requestId?: string; userAgent?: string }): Promise<CreatedLink | null> {
  const { now } = options;
  await enforceRateLimits(
    [
      { key: `owner-link:instance:${options.instanceId}`, limit: 20, windowSeconds: 3600 },
      { key: `owner-link:ip:${options.ip}`, limit: 60, windowSeconds: 3600 },
    ],
    now,
    "Too many payment links asked for; wait a little.",
  );
  const instance = await prisma.instance.findUnique({ where: { id: options.instanceId }, select: { id: true, subdomain: true, status: true } });
  if (!instance || instance.status === "DELETED") return null;
  return newLink(instance, ownerActor(instance, options), now, "status_page");
}

export type NewLinkResult = { sent: boolean };

/**
 * From a dead payment link: when its id names a link of a live instance, a new link goes to the
 * owner's email and WhatsApp. The caller shows the same page whatever happened.
 */
export async function requestNewPaymentLink(options: { token: string; now: Date; ip: string; requestId?: string; userAgent?: string }): Promise<NewLinkResult> {
  const { now } = options;
  const tooMany = "Too many new links asked for; the last one is on its way.";
  await enforceRateLimits([{ key: `new-link:ip:${options.ip}`, ...NEW_LINK_LIMITS.perIp }], now, tooMany);
  const check = verifyOwnerToken("pay", options.token, now);
  const linkId = check.id;
  if (!linkId) return { sent: false };
  const old = await prisma.paymentLink.findUnique({ where: { id: linkId }, include: { instance: { include: { settings: true } } } });
  if (!old || old.instance.status === "DELETED") return { sent: false };
  await enforceRateLimits(
    [
      { key: `new-link:link:${old.id}`, ...NEW_LINK_LIMITS.perLink },
      { key: `new-link:instance:${old.instanceId}`, ...NEW_LINK_LIMITS.perInstance },
    ],
    now,
    tooMany,
  );
  const actor = ownerActor(old.instance, options);
  const recipient = recipientOf(old.instance);
  await prisma.$transaction(async (tx) => {
    const [link] = await createPaymentLinks(tx, [{ instanceId: old.instanceId, purpose: "RENEW" }], now);
    await queueNotifications(
      tx,
      [{ recipient, templateKey: "payment_link", variables: { paymentLink: link!.url, expiresAt: formatDate(link!.expiresAt, recipient.locale) }, dedupeKey: `payment_link:${link!.id}` }],
      now,
    );
    await recordAudit(tx, actor, {
      action: "payment_link.resend",
      targetType: "payment_link",
      targetId: link!.id,
      instanceId: old.instanceId,
      before: { linkId: old.id, state: old.revokedAt ? "revoked" : old.usedAt ? "used" : old.expiresAt <= now ? "expired" : check.ok ? "valid" : check.reason },
      after: { purpose: "RENEW", expiresAt: link!.expiresAt, channels: ["EMAIL", "WHATSAPP"] },
    });
  });
  logger.info({ instanceId: old.instanceId }, "a new payment link was sent to the owner");
  return { sent: true };
}
