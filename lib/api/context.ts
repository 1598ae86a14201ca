/** Request-scoped plumbing shared by the route wrappers: request id, client address, logger. */
import crypto from "node:crypto";
import type { NextRequest } from "next/server";
import { clientIp } from "@/lib/auth/options";
import { logger, type Logger } from "@/lib/logger";

export type RouteParams<P> = { params: Promise<P> };

export type RequestBasics = { requestId: string; ip: string; userAgent?: string; log: Logger };

export function requestBasics(req: NextRequest): RequestBasics {
  const incoming = req.headers.get("x-request-id");
  const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  const ip = clientIp(req.headers);
  const log = logger.child({ requestId, method: req.method, path: req.nextUrl.pathname });
  return { requestId, ip, userAgent: req.headers.get("user-agent") ?? undefined, log };
}

export function isReadMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

export function withRequestId(response: Response, requestId: string): Response {
  response.headers.set("x-request-id", requestId);
  return response;
}
