"use client";
/**
 * A GET filter form that applies itself: selects at once, text after a pause in typing (the URL
 * changes, the server renders the filtered page). Without JavaScript it is a plain form.
 */
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useRef, useTransition, type ReactNode } from "react";

export function FilterBar({ children, label, submitLabel, resetLabel, testId }: { children: ReactNode; label: string; submitLabel: string; resetLabel: string; testId?: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const [pending, start] = useTransition();
  useEffect(() => () => window.clearTimeout(timer.current), []);
  function apply() {
    if (!form.current) return;
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form.current)) if (typeof value === "string" && value.trim()) params.set(key, value.trim());
    const search = params.toString();
    start(() => router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false }));
  }
  return (
    <form
      ref={form}
      method="get"
      aria-label={label}
      data-testid={testId}
      aria-busy={pending}
      className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-3 shadow-xs"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
      onChange={(event) => {
        const target = event.target as unknown as HTMLInputElement;
        window.clearTimeout(timer.current);
        if (target.type === "search" || target.type === "text") timer.current = window.setTimeout(apply, 350);
        else apply();
      }}
    >
      {children}
      <div className="flex items-center gap-2">
        <button type="submit" className="rounded-lg bg-slate-900 px-3 py-2 text-sm font-medium text-white hover:bg-slate-700">
          {submitLabel}
        </button>
        <a href={pathname} className="rounded-lg px-2 py-2 text-sm text-slate-700 underline hover:text-slate-900">
          {resetLabel}
        </a>
        {pending ? <span aria-hidden className="h-4 w-4 animate-spin rounded-full border-2 border-slate-400 border-t-transparent" /> : null}
      </div>
    </form>
  );
}
