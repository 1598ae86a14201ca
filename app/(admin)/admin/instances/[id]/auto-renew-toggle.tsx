"use client";
/** Auto-renew as a switch that flips at once (optimistic) and settles on the server's answer. */
import { useOptimistic } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { ActionForm, type FormAction } from "@/components/admin/ui/action-form";

export function AutoRenewToggle({ action, value, labels }: { action: FormAction; value: boolean; labels: { on: string; off: string; toggleOn: string; toggleOff: string; done: string; copy: string; copied: string } }) {
  const [shown, setShown] = useOptimistic(value);
  const wrapped: FormAction = async (state: ActionResult, form: FormData) => {
    setShown(form.get("autoRenew") === "true");
    return action(state, form);
  };
  return (
    <ActionForm action={wrapped} labels={labels} className="inline">
      <input type="hidden" name="autoRenew" value={String(!shown)} />
      <button
        type="submit"
        role="switch"
        aria-checked={shown}
        aria-label={shown ? labels.toggleOff : labels.toggleOn}
        data-testid="auto-renew"
        className="inline-flex items-center gap-2 text-sm"
      >
        <span className={`relative inline-flex h-5 w-9 items-center rounded-full transition-colors ${shown ? "bg-brand-700" : "bg-slate-300"}`}>
          <span className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${shown ? "translate-x-4" : "translate-x-0.5"}`} />
        </span>
        {shown ? labels.on : labels.off}
      </button>
    </ActionForm>
  );
}
