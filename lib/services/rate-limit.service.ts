/**
 * Fixed-window rate limits kept in PostgreSQL, so every server process (and every serverless
 * invocation) shares them. Consuming is one atomic upsert: a burst of concurrent attempts cannot
 * all slip under the limit.
 */
import { AppError } from "@/lib/errors";
import { prisma, type DbOrTx } from "@/lib/db";

export type RateLimitRule = { key: string; limit: number; windowSeconds: number };
export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

export async function consumeRateLimit(rule: RateLimitRule, now: Date, db: DbOrTx = prisma): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const resetAt = new Date(windowStart.getTime() + windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO rate_limit_buckets (key, "window", count, reset_at)
    VALUES (${rule.key}, ${windowStart}, 1, ${resetAt})
    ON CONFLICT (key, "window") DO UPDATE SET count = rate_limit_buckets.count + 1
    RETURNING count`;
  const count = Number(rows[0]?.count ?? 1);
  return {
    allowed: count <= rule.limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  };
}

/** Consumes every rule and throws 429 when any is exceeded. */
export async function enforceRateLimits(rules: RateLimitRule[], now: Date, message: string): Promise<void> {
  for (const rule of rules) {
    const result = await consumeRateLimit(rule, now);
    if (!result.allowed) {
      throw new AppError("rate_limited", message, [{ message: `retry after ${result.retryAfterSeconds}s` }], {
        "Retry-After": String(result.retryAfterSeconds),
      });
    }
  }
}

export async function purgeExpiredRateLimits(now: Date): Promise<number> {
  return prisma.rateLimitBucket.deleteMany({ where: { resetAt: { lt: now } } }).then((r) => r.count);
}
