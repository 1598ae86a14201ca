/**
 * `withWebhook` — provider callbacks. Hands the handler the raw body (signatures are computed on
 * the exact bytes), refuses oversized bodies early, maps a bad signature to 400 `invalid_signature`
 * (nothing written), and answers JSON.
 */
import { NextResponse, type NextRequest } from "next/server";
import { now as clockNow } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { deliverAfterResponse } from "@/lib/services/notifications/trigger";
import { errorResponse, readBody } from "@/lib/http";
import { invalidateReads } from "@/lib/read-cache";
import type { Logger } from "@/lib/logger";
import { requestBasics, withRequestId } from "@/lib/api/context";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export type WebhookContext = { req: NextRequest; rawBody: string; headers: Headers; now: Date; requestId: string; log: Logger };

function isSignatureError(error: unknown): boolean {
  return error instanceof Error && /SignatureError$/.test(error.name);
}

export function withWebhook(provider: string, handler: (ctx: WebhookContext) => Promise<Response | unknown>) {
  return async (req: NextRequest): Promise<Response> => {
    const { requestId, log } = requestBasics(req);
    const child = log.child({ provider });
    try {
      const rawBody = await readBody(req, MAX_WEBHOOK_BYTES);
      const result = await handler({ req, rawBody, headers: req.headers, now: clockNow(), requestId, log: child });
      invalidateReads();
      deliverAfterResponse(child);
      return withRequestId(result instanceof Response ? result : NextResponse.json(result ?? { received: true }), requestId);
    } catch (error) {
      if (isSignatureError(error)) {
        child.warn({ err: error }, "webhook refused: bad signature");
        return withRequestId(errorResponse(new AppError("invalid_signature", `The ${provider} signature is missing or invalid.`), child, requestId), requestId);
      }
      return withRequestId(errorResponse(error, child, requestId), requestId);
    }
  };
}
