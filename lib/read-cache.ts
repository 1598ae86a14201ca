/**
 * Reuse of read results for a second or two, in this process: the credential behind a read request
 * and the pages of the instance list. Each cache is a createSwrCache that never serves stale
 * values (a value older than its TTL is reloaded first, concurrent callers sharing the load).
 *
 * Every write empties them all: `invalidateReads()` runs in recordAudit (every mutation writes an
 * audit entry, in its transaction) and again once a write request or server action has answered
 * (after its commit), so a change made through this process is seen by the very next read. A change
 * made by another process (a second server, the daily job's CLI) is seen within the TTL.
 */
import { createSwrCache, type SwrCache } from "@/lib/cache";

const caches = new Set<SwrCache<unknown>>();

export function createReadCache<T>(options: { ttlMs: number; maxEntries: number }): SwrCache<T> {
  const cache = createSwrCache<T>({ ttlMs: options.ttlMs, maxStaleMs: options.ttlMs, maxEntries: options.maxEntries });
  caches.add(cache as SwrCache<unknown>);
  return cache;
}

/** Something was written: every read cache starts again. */
export function invalidateReads(): void {
  for (const cache of caches) cache.clear();
}

/** A request that asks for a fresh answer (`Cache-Control: no-cache`, as a browser's hard reload sends). */
export function wantsFresh(req: Request): boolean {
  return /\b(no-cache|no-store|max-age=0)\b/.test(req.headers.get("cache-control") ?? "");
}

/**
 * The JSON answer for `key`, reused while it is younger than the cache's TTL (serialised once).
 * `x-afp-cache` says which it was: hit (built by an earlier or concurrent request), miss (built for
 * this one), or bypass (the request asked for a fresh answer).
 */
export async function reusedJson(req: Request, cache: SwrCache<string>, key: string, load: () => Promise<unknown>): Promise<Response> {
  let loaded = false;
  const json = async () => {
    loaded = true;
    return JSON.stringify(await load());
  };
  const headers = { "content-type": "application/json" };
  if (wantsFresh(req)) return new Response(await json(), { headers: { ...headers, "x-afp-cache": "bypass" } });
  const { value } = await cache.get(key, json);
  return new Response(value, { headers: { ...headers, "x-afp-cache": loaded ? "miss" : "hit" } });
}
