/** `withPublic` — unauthenticated endpoints (health, entitlement, owner pages' API): errors mapped, request id set. */
import { NextResponse, type NextRequest } from "next/server";
import { now as clockNow } from "@/lib/clock";
import { deliverAfterResponse } from "@/lib/services/notifications/trigger";
import { errorResponse } from "@/lib/http";
import { invalidateReads } from "@/lib/read-cache";
import type { Logger } from "@/lib/logger";
import { requestBasics, withRequestId, type RouteParams } from "@/lib/api/context";

export type PublicContext<P> = { req: NextRequest; params: P; now: Date; requestId: string; ip: string; userAgent?: string; log: Logger };

export function withPublic<P = Record<string, never>>(handler: (ctx: PublicContext<P>) => Promise<Response | unknown>) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    const { requestId, ip, userAgent, log } = requestBasics(req);
    try {
      const params = (await route?.params) ?? ({} as P);
      const result = await handler({ req, params, now: clockNow(), requestId, ip, userAgent, log });
      if (req.method !== "GET" && req.method !== "HEAD") {
        invalidateReads();
        deliverAfterResponse(log);
      }
      return withRequestId(result instanceof Response ? result : NextResponse.json(result ?? { ok: true }), requestId);
    } catch (error) {
      return withRequestId(errorResponse(error, log, requestId), requestId);
    }
  };
}
