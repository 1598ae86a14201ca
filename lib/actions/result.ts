/** What a dashboard server action answers: success (with data), or an error the page shows in words. */
import type { ErrorDetail } from "@/lib/errors";

/** A value shown once in the form that produced it (a new API token, a password, a payment link). */
export type Reveal = { label: string; value: string; kind: "secret" | "link" };
export type ActionOk = { ok: true; message?: string; reveal?: Reveal; redirectTo?: string; at: number };
export type ActionError = { ok: false; code: string; title: string; message: string; details?: ErrorDetail[]; at: number };
export type ActionResult = ActionOk | ActionError;

/** The initial state of a form bound with useActionState. */
export const IDLE: ActionResult = { ok: true, at: 0 };

/** The message of the first detail about `path` (a form field), if any. */
export function fieldError(result: ActionResult | undefined, path: string): string | undefined {
  if (!result || result.ok) return undefined;
  return result.details?.find((d) => d.path === path || d.path?.startsWith(`${path}.`))?.message;
}
