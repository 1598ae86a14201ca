import type { Messages } from "@/lib/i18n";

/** The few words every ActionForm needs (toast fallback, copy button). */
export function formLabels(t: Messages) {
  return { done: t.common.done, copy: t.common.copy, copied: t.common.copied };
}
