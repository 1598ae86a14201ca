/**
 * `ownerPage` — the wrapper of every owner page (sign-up, payment, account). They are route
 * handlers that render React on the server to plain HTML (renderToStaticMarkup): no framework
 * JavaScript reaches the phone, which keeps each page far under its 100 KB budget (an App Router
 * page ships ~170 KB gzip of runtime before any of our code; see docs/decisions.md).
 *
 * The wrapper resolves the language (`?lang=` then the cookie, French otherwise), sets the
 * headers every owner page needs (no referrer, no caching, no indexing, a strict CSP), turns any
 * failure into a friendly page with the right status, and logs paths with their tokens shortened.
 */
import crypto from "node:crypto";
import type { ReactElement } from "react";
import type { NextRequest } from "next/server";
import { clientIp } from "@/lib/auth/options";
import { now as clockNow } from "@/lib/clock";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readBody, toAppError } from "@/lib/http";
import { isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n";
import { logger, type Logger } from "@/lib/logger";
import { deliverAfterResponse } from "@/lib/services/notifications/trigger";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";
import { ownerMessages, type OwnerMessages } from "./messages";
import { ErrorView } from "./views/errors";

export type OwnerContext<P> = {
  req: NextRequest;
  params: P;
  now: Date;
  ip: string;
  requestId: string;
  userAgent?: string;
  locale: Locale;
  t: OwnerMessages;
  log: Logger;
  /** The path as the browser asked for it (for the language links and form actions). */
  path: string;
  supportEmail: string;
};

type RouteParams<P> = { params: Promise<P> };

/** Per client address, over all owner pages (each page adds its own, tighter limits). */
export const OWNER_PAGE_LIMIT = { limit: 600, windowSeconds: 600 } as const;

/** `/pay/plk_…​.1798.AbC…` → `/pay/plk_3f2a…`: a token never reaches a log line whole. */
export function maskPath(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment.length > 16 ? `${segment.slice(0, 8)}…` : segment))
    .join("/");
}

function resolveLocale(req: NextRequest): { locale: Locale; fromQuery: boolean } {
  const asked = req.nextUrl.searchParams.get("lang");
  if (isLocale(asked)) return { locale: asked, fromQuery: true };
  const cookie = req.cookies.get(LOCALE_COOKIE)?.value;
  return { locale: isLocale(cookie) ? cookie : "fr", fromQuery: false };
}

export const OWNER_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  // After a POST the browser may follow our redirect to a provider's hosted checkout.
  "form-action 'self' https: http://localhost:* http://127.0.0.1:*",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export function ownerHeaders(headers: Headers): void {
  headers.set("Referrer-Policy", "no-referrer");
  headers.set("Cache-Control", "no-store");
  headers.set("X-Robots-Tag", "noindex, nofollow");
  if ((headers.get("content-type") ?? "").startsWith("text/html")) headers.set("Content-Security-Policy", OWNER_CSP);
}

// Loaded on first use: Next refuses a static import of react-dom/server in the app directory (it
// steers towards Server Components, whose client runtime is exactly what these pages avoid).
let reactDomServer: Promise<typeof import("react-dom/server")> | undefined;

export async function html(element: ReactElement, init: { status?: number; headers?: Record<string, string> } = {}): Promise<Response> {
  reactDomServer ??= import("react-dom/server");
  const { renderToStaticMarkup } = await reactDomServer;
  const body = `<!DOCTYPE html>${renderToStaticMarkup(element)}`;
  return new Response(body, { status: init.status ?? 200, headers: { "content-type": "text/html; charset=utf-8", ...init.headers } });
}

/** A 303 to a path of ours (or an absolute URL a provider gave us for its checkout). */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}

/** The form fields of an HTML form post (urlencoded), bounded in size. */
export async function readForm(req: NextRequest): Promise<Record<string, string>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/application\/x-www-form-urlencoded|multipart\/form-data/i.test(type)) throw new AppError("unsupported_media_type", "Send the form as application/x-www-form-urlencoded.");
  if (/multipart/i.test(type)) {
    const form = await req.formData();
    return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string").map(([k, v]) => [k, String(v).slice(0, 500)]));
  }
  const text = await readBody(req, 16 * 1024);
  return Object.fromEntries([...new URLSearchParams(text).entries()].map(([k, v]) => [k, v.slice(0, 500)]));
}

/** A browser says a cross-site form post is one: refuse it (the owner forms are ours only). */
export function assertSameSite(req: NextRequest): void {
  if (req.headers.get("sec-fetch-site") === "cross-site") throw new AppError("csrf_failed", "Cross-site form posts are refused.");
}

export type ErrorKind = "rate_limited" | "not_found" | "forbidden" | "bad_request" | "internal";

async function errorPage(error: unknown, ctx: OwnerContext<unknown>): Promise<Response> {
  const known = toAppError(error);
  const kind: ErrorKind =
    known?.code === "rate_limited" ? "rate_limited"
    : known?.code === "not_found" ? "not_found"
    : known?.code === "csrf_failed" || known?.code === "forbidden" ? "forbidden"
    : known && known.status < 500 ? "bad_request"
    : "internal";
  if (kind === "internal") ctx.log.error({ err: error }, "owner page failed");
  const status = kind === "internal" ? 500 : known!.status;
  return html(ErrorView({ ctx, kind }), { status, headers: known?.headers });
}

export function ownerPage<P = Record<string, never>>(handler: (ctx: OwnerContext<P>) => Promise<Response>) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    const { locale, fromQuery } = resolveLocale(req);
    const path = req.nextUrl.pathname;
    const ctx: OwnerContext<P> = {
      req,
      params: {} as P,
      now: clockNow(),
      ip: clientIp(req.headers),
      requestId,
      userAgent: req.headers.get("user-agent") ?? undefined,
      locale,
      t: ownerMessages(locale),
      log: logger.child({ requestId, method: req.method, path: maskPath(path) }),
      path,
      supportEmail: env().SUPPORT_EMAIL,
    };
    let response: Response;
    try {
      ctx.params = (await route?.params) ?? ({} as P);
      // Every owner page, read or write: generous, since many phones share one address on mobile networks.
      await enforceRateLimits([{ key: `owner-page:ip:${ctx.ip}`, ...OWNER_PAGE_LIMIT }], ctx.now, "Too many requests from this address; wait a few minutes.");
      response = await handler(ctx);
      // Messages queued by a form post (verification email, new link) go out right after the answer.
      if (req.method !== "GET" && req.method !== "HEAD") deliverAfterResponse(ctx.log);
    } catch (error) {
      response = await errorPage(error, ctx as OwnerContext<unknown>);
    }
    ownerHeaders(response.headers);
    response.headers.set("x-request-id", requestId);
    if (fromQuery) response.headers.append("set-cookie", `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${365 * 86_400}; SameSite=Lax; HttpOnly`);
    return response;
  };
}
