/**
 * The retry policy of the outbox. A failed attempt waits 30 s · 2^(attempt − 1), capped at one
 * hour, ±20 % jitter so a provider that comes back is not hit by every message at once. With the
 * default of 8 attempts a message keeps trying for about an hour before it is marked FAILED.
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 60 * 60_000;
export const RETRY_JITTER = 0.2;

/**
 * A row left in SENDING longer than this belongs to a worker that died; it is claimed again.
 * Longer than any legitimate attempt: drivers time out within a minute and a batch stops starting
 * new sends after half of it (see deliver.ts).
 */
export const LOCK_TIMEOUT_MS = 10 * 60_000;

/** Delay before the next attempt after `attempt` attempts have failed (attempt ≥ 1). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const base = Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_CAP_MS);
  const factor = 1 - RETRY_JITTER + 2 * RETRY_JITTER * Math.min(Math.max(random(), 0), 1);
  return Math.round(base * factor);
}
