"use client";
/** Toasts for action outcomes: successes in a polite live region, errors in an assertive one. */
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from "react";

export type Toast = { tone: "success" | "error"; title: string; description?: string };
type Shown = Toast & { id: number };

const ToastContext = createContext<(toast: Toast) => void>(() => {});

export function useToast() {
  return useContext(ToastContext);
}

export function Toaster({ children, closeLabel }: { children: ReactNode; closeLabel: string }) {
  const [toasts, setToasts] = useState<Shown[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (toast: Toast) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-3), { ...toast, id }]);
      window.setTimeout(() => dismiss(id), toast.tone === "error" ? 10_000 : 5_000);
    },
    [dismiss],
  );
  const region = (tone: Toast["tone"]) => (
    <div role={tone === "error" ? "alert" : "status"} aria-live={tone === "error" ? "assertive" : "polite"} className="flex flex-col gap-2">
      {toasts
        .filter((t) => t.tone === tone)
        .map((t) => (
          <div
            key={t.id}
            data-testid={`toast-${tone}`}
            className={`pointer-events-auto flex w-full items-start gap-3 rounded-xl border px-4 py-3 text-sm shadow-lg sm:w-96 ${tone === "error" ? "border-red-200 bg-red-50 text-red-950" : "border-emerald-200 bg-white text-slate-900"}`}
          >
            <span aria-hidden className={`mt-0.5 ${tone === "error" ? "text-red-700" : "text-emerald-700"}`}>
              {tone === "error" ? "✕" : "✓"}
            </span>
            <div className="min-w-0 flex-1">
              <p className="font-medium">{t.title}</p>
              {t.description ? <p className="mt-0.5 break-words text-xs opacity-90">{t.description}</p> : null}
            </div>
            <button type="button" onClick={() => dismiss(t.id)} className="rounded px-1 text-xs opacity-70 hover:opacity-100" aria-label={closeLabel}>
              ✕
            </button>
          </div>
        ))}
    </div>
  );
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="pointer-events-none fixed inset-x-4 bottom-4 z-50 flex flex-col items-end gap-2 sm:inset-x-auto sm:right-4">
        {region("success")}
        {region("error")}
      </div>
    </ToastContext.Provider>
  );
}
