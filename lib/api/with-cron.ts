/**
 * `withCron` — Vercel Cron targets. Vercel sends `Authorization: Bearer $CRON_SECRET`; the secret
 * is compared in constant time and nothing runs without it.
 */
import { NextResponse, type NextRequest } from "next/server";
import { systemActor, type Actor } from "@/lib/actor";
import { now as clockNow } from "@/lib/clock";
import { safeEqual } from "@/lib/crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";
import { invalidateReads } from "@/lib/read-cache";
import type { Logger } from "@/lib/logger";
import { requestBasics, withRequestId } from "@/lib/api/context";

export type CronContext = { req: NextRequest; actor: Actor; now: Date; requestId: string; log: Logger };

export function withCron(handler: (ctx: CronContext) => Promise<Response | unknown>) {
  return async (req: NextRequest): Promise<Response> => {
    const { requestId, ip, log } = requestBasics(req);
    try {
      const header = req.headers.get("authorization") ?? "";
      const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1] ?? "";
      if (!presented || !safeEqual(presented, env().CRON_SECRET)) {
        throw new AppError("unauthenticated", "A valid 'Authorization: Bearer <CRON_SECRET>' header is required.");
      }
      const actor = systemActor("cron", { type: "cron", requestId, ip });
      const result = await handler({ req, actor, now: clockNow(), requestId, log });
      invalidateReads();
      return withRequestId(result instanceof Response ? result : NextResponse.json(result ?? { ok: true }), requestId);
    } catch (error) {
      return withRequestId(errorResponse(error, log, requestId), requestId);
    }
  };
}
