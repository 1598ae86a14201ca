/**
 * The one path of every dashboard mutation (server actions): re-read who is signed in, refuse a
 * SUPPORT user (read-only) before anything runs, build the audit actor, call the service, and turn
 * whatever it throws into words (an AppError's code and message, never a stack trace). Kept free
 * of next/headers so tests can drive it with any principal.
 */
import crypto from "node:crypto";
import type { Actor } from "@/lib/actor";
import { canMutate, type AdminPrincipal } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http";
import { messages, type Locale, type Messages } from "@/lib/i18n";
import { logger } from "@/lib/logger";
import type { ActionResult, Reveal } from "./result";

/** What to say after a success, in the admin's language, and optionally a value to show once. */
export type Success<T> = (data: T, t: Messages, locale: Locale) => string | { message: string; reveal?: Reveal; redirectTo?: string } | undefined;

export type MutationContext = { principal: AdminPrincipal; actor: Actor; now: Date };
export type RequestMeta = { ip: string; userAgent?: string; locale: Locale; now: () => Date };

export async function runMutation<T>(
  principal: AdminPrincipal | undefined,
  meta: RequestMeta,
  fn: (ctx: MutationContext) => Promise<T>,
  success?: Success<T>,
): Promise<ActionResult> {
  const requestId = crypto.randomUUID();
  try {
    if (!principal) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
    if (!canMutate(principal)) throw new AppError("forbidden", "Your role (SUPPORT) can read but not change anything.");
    const actor: Actor = { type: "admin", id: principal.id, label: principal.email, role: principal.role, requestId, ip: meta.ip, userAgent: meta.userAgent };
    const data = await fn({ principal, actor, now: meta.now() });
    const said = success?.(data, messages(meta.locale), meta.locale);
    const { message, reveal, redirectTo } = typeof said === "string" || said === undefined ? { message: said, reveal: undefined, redirectTo: undefined } : said;
    // The service's answer stays on the server: the page re-renders from the services anyway.
    return { ok: true, message, ...(reveal ? { reveal } : {}), ...(redirectTo ? { redirectTo } : {}), at: Date.now() };
  } catch (error) {
    return actionError(error, meta.locale, requestId);
  }
}

export function actionError(error: unknown, locale: Locale, requestId?: string): ActionResult {
  const t = messages(locale).errors;
  const known = toAppError(error);
  if (!known) {
    logger.error({ err: error, requestId }, "dashboard action failed unexpectedly");
    return { ok: false, code: "internal", title: t.internal, message: t.internalDetail, at: Date.now() };
  }
  if (known.status >= 500) logger.warn({ err: error, code: known.code, requestId }, known.message);
  const title = (t as Record<string, string>)[known.code] ?? t.internal;
  return { ok: false, code: known.code, title, message: known.message, details: known.details, at: Date.now() };
}
