/**
 * `mutation(fn)` for server actions: the signed-in admin from the session cookie (re-checked on
 * every call), the request's address and locale, then runMutation. Notifications queued by the
 * change are delivered after the response, as the API does, and the page re-renders. An editor-only
 * action that writes nothing (a template preview) passes `{ writes: false }`.
 */
import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { sessionPrincipal } from "@/lib/auth/admin-session";
import { clientIp } from "@/lib/auth/options";
import { now } from "@/lib/clock";
import { getLocale } from "@/lib/i18n/server";
import { logger } from "@/lib/logger";
import { invalidateReads } from "@/lib/read-cache";
import { deliverAfterResponse } from "@/lib/services/notifications/trigger";
import type { ActionResult } from "./result";
import { runMutation, type MutationContext, type Success } from "./run";

export async function mutation<T>(fn: (ctx: MutationContext) => Promise<T>, success?: Success<T>, options: { writes?: boolean } = {}): Promise<ActionResult> {
  const [cookieStore, headerStore, locale] = await Promise.all([cookies(), headers(), getLocale()]);
  const principal = await sessionPrincipal({
    headers: Object.fromEntries(headerStore.entries()),
    cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])),
  } as never);
  const result = await runMutation(principal, { ip: clientIp(headerStore), userAgent: headerStore.get("user-agent") ?? undefined, locale, now }, fn, success);
  if (result.ok && options.writes !== false) {
    invalidateReads();
    deliverAfterResponse(logger);
    // Every dashboard page reads through the services: re-render what the admin is looking at.
    revalidatePath("/admin", "layout");
  }
  return result;
}

/** A FormData field as a trimmed string ("" when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}
