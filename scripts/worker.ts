// npm run worker [-- --interval-ms 5000] [--batch 25] [--once]
// A long-running delivery process for the outbox: claims due messages, sends them, sleeps a bounded
// interval when nothing is due, and stops cleanly on SIGINT/SIGTERM (it finishes the batch in hand,
// closes the SMTP pool and the database, then exits 0). `--once` delivers what is due and exits.
import { parseArgs } from "node:util";
import { runScript } from "./lib/runtime";

const { values } = parseArgs({
  options: { "interval-ms": { type: "string" }, batch: { type: "string" }, once: { type: "boolean", default: false } },
});

function bounded(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be a whole number between ${min} and ${max}.`);
    process.exit(2);
  }
  return n;
}

const intervalMs = bounded(values["interval-ms"], 5_000, 100, 60_000, "interval-ms");
const batch = bounded(values.batch, 25, 1, 100, "batch");
const MAX_ERROR_SLEEP_MS = 60_000;

await runScript(async () => {
  const { env } = await import("@/lib/env");
  const { logger } = await import("@/lib/logger");
  const { deliverDue, deliverUntilIdle, newWorkerId } = await import("@/lib/services/notifications/deliver");
  const { resetMessageDrivers } = await import("@/lib/providers/messaging");
  const { disconnectDb } = await import("@/lib/db");
  const e = env();
  const workerId = newWorkerId("worker");
  const log = logger.child({ workerId });
  log.info({ email: e.EMAIL_DRIVER, whatsapp: e.WHATSAPP_DRIVER, intervalMs, batch, once: values.once }, "notification worker started");

  let stopping = false;
  let wake: (() => void) | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "notification worker stopping after the current batch");
    wake?.();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  try {
    if (values.once) {
      const counts = await deliverUntilIdle({ now: new Date(), limit: batch, workerId, log, maxBatches: 1000, timeBudgetMs: 10 * 60_000 });
      log.info(counts, "notification worker: one pass done");
      return;
    }
    let failures = 0;
    while (!stopping) {
      let more = false;
      try {
        const counts = await deliverDue({ now: new Date(), limit: batch, workerId, log });
        more = counts.claimed >= batch && counts.released === 0;
        failures = 0;
      } catch (error) {
        failures += 1;
        log.error({ err: error, failures }, "notification worker: delivery pass failed");
      }
      if (stopping) break;
      if (!more) await sleep(failures ? Math.min(intervalMs * 2 ** failures, MAX_ERROR_SLEEP_MS) : intervalMs);
    }
  } finally {
    await resetMessageDrivers();
    await disconnectDb();
    log.info("notification worker stopped");
  }
});
