"use client";
/**
 * A form bound to a server action. The result is announced as a toast (success or the error in
 * words), field errors appear under their field, a value to show once (token, password, link)
 * appears in place, and a surrounding dialog closes on success. Submitting does not clear what
 * was typed when the action refuses it.
 */
import { createContext, startTransition, useActionState, useContext, useRef, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useFormStatus } from "react-dom";
import { fieldError, IDLE, type ActionResult } from "@/lib/actions/result";
import { CopyButton } from "./copy-button";
import { DialogContext } from "./dialog";
import { buttonClass } from "./styles";
import { useToast } from "./toaster";

export type FormAction = (state: ActionResult, form: FormData) => Promise<ActionResult>;

const ResultContext = createContext<ActionResult>(IDLE);

export function ActionForm({
  action,
  children,
  className = "",
  resetOnSuccess = false,
  labels,
  testId,
  ariaLabel,
  onResult,
}: {
  action: FormAction;
  children: ReactNode;
  className?: string;
  resetOnSuccess?: boolean;
  labels: { done: string; copy: string; copied: string };
  testId?: string;
  ariaLabel?: string;
  onResult?: (result: ActionResult) => void;
}) {
  const toast = useToast();
  const dialog = useContext(DialogContext);
  const form = useRef<HTMLFormElement>(null);
  const router = useRouter();
  // Announced here rather than in an effect: a success often removes the form itself (a suspended
  // instance has no "suspend" button), and the toast must still appear.
  const run: FormAction = async (previous, data) => {
    const result = await action(previous, data);
    onResult?.(result);
    if (result.ok) {
      toast({ tone: "success", title: result.message ?? labels.done });
      if (resetOnSuccess) form.current?.reset();
      if (!result.reveal) dialog?.close();
      if (result.redirectTo) router.push(result.redirectTo);
    } else {
      toast({ tone: "error", title: result.title, description: result.message });
      const invalid = result.details?.find((d) => d.path && form.current?.elements.namedItem(d.path));
      if (invalid?.path) (form.current?.elements.namedItem(invalid.path) as HTMLElement | null)?.focus?.();
    }
    return result;
  };
  const [state, formAction, pending] = useActionState(run, IDLE);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => formAction(data));
  }
  return (
    <ResultContext.Provider value={state}>
      <form ref={form} action={formAction} onSubmit={submit} aria-busy={pending} aria-label={ariaLabel} data-testid={testId} className={className}>
        {children}
        {state.ok && state.reveal ? (
          <div role="status" className="mt-3 rounded-lg border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-950 basis-full">
            <p className="font-medium">{state.reveal.label}</p>
            <div className="mt-2 flex items-center gap-2">
              <code data-testid="revealed-value" className="min-w-0 flex-1 overflow-x-auto rounded bg-white px-2 py-1 font-mono text-xs whitespace-nowrap ring-1 ring-emerald-200">
                {state.reveal.value}
              </code>
              <CopyButton value={state.reveal.value} label={labels.copy} copiedLabel={labels.copied} />
            </div>
          </div>
        ) : null}
      </form>
    </ResultContext.Provider>
  );
}

/** The error of one field, from the last result of the surrounding ActionForm. */
export function FieldError({ name }: { name: string }) {
  const message = fieldError(useContext(ResultContext), name);
  return message ? (
    <p id={`${name}-error`} className="mt-1 text-xs font-medium text-red-700">
      {message}
    </p>
  ) : null;
}

export function SubmitButton({ children, pendingLabel, variant = "primary", name, value, testId, disabled }: { children: ReactNode; pendingLabel?: string; variant?: keyof typeof buttonClass; name?: string; value?: string; testId?: string; disabled?: boolean }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name={name} value={value} disabled={pending || disabled} aria-disabled={pending || disabled} className={buttonClass[variant]} data-testid={testId}>
      {pending ? (
        <>
          <span aria-hidden className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />
          {pendingLabel ?? children}
        </>
      ) : (
        children
      )}
    </button>
  );
}
