/**
 * `withAdmin` — the one wrapper for super-admin routes (session cookie or API token).
 *  - 401 without valid credentials, 403 for a SUPPORT user on anything but a read;
 *  - cookie-authenticated writes must come from our own origin (CSRF);
 *  - a request id, a child logger, the acting user for the audit log, one error mapper.
 * The handler returns a Response, or a value sent as JSON (200).
 */
import { NextResponse, type NextRequest } from "next/server";
import type { Actor } from "@/lib/actor";
import { authenticateApiToken } from "@/lib/auth/api-tokens";
import { sessionPrincipal, type AdminPrincipal } from "@/lib/auth/admin-session";
import { now as clockNow } from "@/lib/clock";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { deliverAfterResponse } from "@/lib/services/notifications/trigger";
import { errorResponse } from "@/lib/http";
import { invalidateReads } from "@/lib/read-cache";
import type { Logger } from "@/lib/logger";
import { isReadMethod, requestBasics, withRequestId, type RouteParams } from "@/lib/api/context";

export type AdminContext<P> = {
  req: NextRequest;
  params: P;
  principal: AdminPrincipal;
  actor: Actor;
  now: Date;
  requestId: string;
  log: Logger;
};

export type AdminHandler<P> = (ctx: AdminContext<P>) => Promise<Response | unknown>;

function bearer(req: NextRequest): string | undefined {
  const header = req.headers.get("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

/** Browsers send Origin on every cross-site or same-site write; it must be ours. */
export function sameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  const allowed = new Set([new URL(env().APP_URL).origin, req.nextUrl.origin]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  if (origin) return allowed.has(origin);
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite) return fetchSite === "same-origin";
  const referer = req.headers.get("referer");
  if (referer) {
    try {
      return allowed.has(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  return false;
}

export function withAdmin<P = Record<string, never>>(handler: AdminHandler<P>) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    const { requestId, ip, userAgent, log } = requestBasics(req);
    try {
      const now = clockNow();
      const token = bearer(req);
      let principal: AdminPrincipal | undefined;
      let actor: Actor | undefined;
      if (token !== undefined) {
        const found = await authenticateApiToken(token, now, { reuse: isReadMethod(req.method) });
        if (!found) throw new AppError("unauthenticated", "The API token is invalid, expired or revoked.");
        const user = found.adminUser;
        principal = { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
        actor = { type: "api_token", id: user.id, label: `${user.email} (token ${found.prefix}…)`, role: user.role, tokenId: found.id, requestId, ip, userAgent };
      } else {
        principal = await sessionPrincipal(req, { reuse: isReadMethod(req.method) });
        if (!principal) throw new AppError("unauthenticated", "Sign in, or send an API token as 'Authorization: Bearer <token>'.");
        if (!isReadMethod(req.method) && !sameOrigin(req)) {
          throw new AppError("csrf_failed", "This request did not come from the console (Origin check failed).");
        }
        actor = { type: "admin", id: principal.id, label: principal.email, role: principal.role, requestId, ip, userAgent };
      }
      if (!isReadMethod(req.method) && principal.role !== "SUPER_ADMIN") {
        throw new AppError("forbidden", "Your role (SUPPORT) can read but not change anything.");
      }
      const params = (await route?.params) ?? ({} as P);
      const result = await handler({ req, params, principal, actor, now, requestId, log });
      if (!isReadMethod(req.method)) {
        invalidateReads();
        deliverAfterResponse(log);
      }
      const response = result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
      return withRequestId(response, requestId);
    } catch (error) {
      return withRequestId(errorResponse(error, log, requestId), requestId);
    }
  };
}
