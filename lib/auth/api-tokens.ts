/**
 * Personal API tokens for scripts and curl: `afp_<43 random characters>`, shown once, stored as
 * a SHA-256 hash, accepted as `Authorization: Bearer`, revocable.
 */
import type { Actor } from "@/lib/actor";
import { sha256Hex, randomToken } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { createReadCache } from "@/lib/read-cache";
import { recordAudit } from "@/lib/services/audit.service";

export const TOKEN_PREFIX = "afp_";

export function hashApiToken(token: string): string {
  return sha256Hex(token);
}

export type CreateApiTokenOptions = { adminUserId: string; name: string; expiresAt?: Date; actor: Actor };

export async function createApiToken(options: CreateApiTokenOptions): Promise<{ id: string; token: string; prefix: string }> {
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  const prefix = token.slice(0, 12);
  return prisma.$transaction(async (tx) => {
    const user = await tx.adminUser.findUnique({ where: { id: options.adminUserId } });
    if (!user || user.disabledAt) throw notFound("Admin user", options.adminUserId);
    const created = await tx.apiToken.create({
      data: { adminUserId: user.id, name: options.name, prefix, tokenHash: hashApiToken(token), expiresAt: options.expiresAt ?? null },
    });
    await recordAudit(tx, options.actor, {
      action: "api_token.create",
      targetType: "api_token",
      targetId: created.id,
      after: { name: created.name, prefix, adminUserId: user.id, expiresAt: created.expiresAt },
    });
    return { id: created.id, token, prefix };
  });
}

export async function revokeApiToken(options: { id: string; actor: Actor; now: Date }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id: options.id } });
    if (!token) throw notFound("API token", options.id);
    if (token.revokedAt) throw new AppError("invalid_state", "This token is already revoked.");
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: options.now } });
    await recordAudit(tx, options.actor, {
      action: "api_token.revoke",
      targetType: "api_token",
      targetId: token.id,
      before: { revokedAt: null },
      after: { revokedAt: options.now },
    });
  });
}

function findToken(tokenHash: string) {
  return prisma.apiToken.findUnique({ where: { tokenHash }, include: { adminUser: true } });
}

/** How long a read request may trust a token row read by an earlier request (see lib/read-cache). */
export const CREDENTIAL_REUSE_MS = 2_000;
const recentTokens = createReadCache<Awaited<ReturnType<typeof findToken>>>({ ttlMs: CREDENTIAL_REUSE_MS, maxEntries: 1_000 });

/**
 * The admin behind a bearer token, or undefined when it is unknown, revoked, expired or its owner
 * disabled. With `reuse` (read requests only) the token row may come from a request of the last
 * CREDENTIAL_REUSE_MS; a revocation or a change of its owner through this process drops it at once.
 */
export async function authenticateApiToken(token: string, now: Date, options: { reuse?: boolean } = {}) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const tokenHash = hashApiToken(token);
  const found = options.reuse ? (await recentTokens.get(tokenHash, () => findToken(tokenHash))).value : await findToken(tokenHash);
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now) || found.adminUser.disabledAt) return undefined;
  // Last use is informative: record it at most once a minute to keep reads cheap.
  if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
    found.lastUsedAt = now;
    await prisma.apiToken.update({ where: { id: found.id }, data: { lastUsedAt: now } }).catch(() => {});
  }
  return found;
}

export async function listApiTokens(adminUserId?: string) {
  return prisma.apiToken.findMany({
    where: adminUserId ? { adminUserId } : {},
    orderBy: { createdAt: "desc" },
    include: { adminUser: { select: { email: true } } },
  });
}
