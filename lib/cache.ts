/**
 * A small in-process stale-while-revalidate cache for expensive read-only aggregates (the
 * dashboard's figures). A fresh value is served as is; a stale one is served at once while one
 * refresh runs in the background (concurrent callers share it); a value older than `maxStaleMs`
 * is recomputed before answering. Each server process keeps its own copy, so callers must show how
 * old the value is (`computedAt`).
 */
import { logger } from "@/lib/logger";

export type Cached<T> = { value: T; computedAt: Date };

type Entry<T> = { value?: Cached<T>; pending?: Promise<Cached<T>> };

export type SwrCache<T> = {
  get(key: string, load: () => Promise<T>): Promise<Cached<T>>;
  clear(): void;
};

export function createSwrCache<T>(options: { ttlMs: number; maxStaleMs: number; maxEntries?: number; clock?: () => number }): SwrCache<T> {
  const clock = options.clock ?? Date.now;
  const maxEntries = options.maxEntries ?? 100;
  const entries = new Map<string, Entry<T>>();

  function refresh(key: string, entry: Entry<T>, load: () => Promise<T>): Promise<Cached<T>> {
    entry.pending ??= load()
      .then((value) => {
        entry.value = { value, computedAt: new Date(clock()) };
        return entry.value;
      })
      .finally(() => {
        entry.pending = undefined;
      });
    return entry.pending;
  }

  return {
    async get(key, load) {
      let entry = entries.get(key);
      if (!entry) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entry = {};
        entries.set(key, entry);
      }
      const age = entry.value ? clock() - entry.value.computedAt.getTime() : Infinity;
      if (entry.value && age < options.ttlMs) return entry.value;
      if (entry.value && age < options.maxStaleMs) {
        refresh(key, entry, load).catch((error: unknown) => logger.warn({ err: error, key }, "background refresh of a cached figure failed; the previous value stays"));
        return entry.value;
      }
      return refresh(key, entry, load);
    },
    clear() {
      entries.clear();
    },
  };
}
