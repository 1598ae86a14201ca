/**
 * Delivery right after a response: a route handler that queued messages calls
 * `deliverAfterResponse()` and Next.js runs the delivery once the response is sent (`after()`),
 * so owners get their email in seconds without the request waiting on SMTP or Twilio. The cron
 * route (every 5 minutes) and `npm run worker` pick up whatever this misses.
 */
import { after } from "next/server";
import { now as clockNow } from "@/lib/clock";
import { logger, type Logger } from "@/lib/logger";
import { deliverUntilIdle, newWorkerId } from "./deliver";

/** Schedules a bounded delivery pass after the response. False outside a request (scripts, tests). */
export function deliverAfterResponse(log: Logger = logger): boolean {
  try {
    after(async () => {
      try {
        await deliverUntilIdle({ now: clockNow(), workerId: newWorkerId("after"), maxBatches: 4, timeBudgetMs: 20_000, log });
      } catch (error) {
        log.error({ err: error }, "delivery after the response failed; the cron route or the worker will retry");
      }
    });
    return true;
  } catch {
    return false;
  }
}
