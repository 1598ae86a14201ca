/** What every step of the daily job shares: the business date, `now`, its batch size and its time budget. */
import type { Actor } from "@/lib/actor";

export type JobContext = {
  runDate: string;
  now: Date;
  actor: Actor;
  batchSize: number;
  /** Epoch ms after which steps stop between batches and the run reports `partial`. */
  deadline: number;
  reminderWindowDays: number;
  /** Wall clock for the budget (tests inject one). */
  clock: () => number;
  /** True when the run's lock was lost (its connection dropped): stop at the next batch. */
  leaseLost?: () => boolean;
};

export type StepReport = Record<string, number>;

export class BudgetExhausted extends Error {
  constructor(readonly step: string) {
    super(`The time budget ran out during ${step}; the next call continues.`);
    this.name = "BudgetExhausted";
  }
}

export class LeaseLost extends Error {
  constructor(readonly step: string) {
    super(`The run's lock was lost during ${step} (its database connection dropped); the next call resumes.`);
    this.name = "LeaseLost";
  }
}

export function checkBudget(ctx: JobContext, step: string): void {
  if (ctx.leaseLost?.()) throw new LeaseLost(step);
  if (ctx.clock() >= ctx.deadline) throw new BudgetExhausted(step);
}

/** Runs `worker` over `items` with at most `limit` in flight (provider calls). */
export async function mapLimited<T, R>(items: T[], limit: number, worker: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Walks pages from `next` (called one at a time, so a keyset cursor stays simple) and processes up
 * to `concurrency` of them at once: the database writes one page while Node renders the next.
 * Returns when `next` yields an empty page; the budget is checked before each page is taken.
 */
export async function pipeline<T>(
  ctx: JobContext,
  step: string,
  next: () => Promise<T[]>,
  process: (page: T[]) => Promise<void>,
  concurrency = 2,
): Promise<void> {
  let fetching: Promise<T[]> | undefined;
  let done = false;
  const take = async (): Promise<T[]> => {
    // Serialise page fetches: the next one starts only after the previous returned.
    while (fetching) await fetching.catch(() => []);
    if (done) return [];
    checkBudget(ctx, step);
    fetching = next();
    try {
      const page = await fetching;
      if (page.length === 0) done = true;
      return page;
    } finally {
      fetching = undefined;
    }
  };
  const lane = async () => {
    for (let page = await take(); page.length > 0; page = await take()) await process(page);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}
