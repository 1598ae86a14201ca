"use client";
/**
 * A button that opens a modal (the native <dialog>: focus moves in, Escape closes, the page behind
 * is inert). Its content mounts on open, so each opening starts from empty fields; an ActionForm
 * inside closes it on success.
 */
import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { buttonClass } from "./styles";

type DialogApi = { close: () => void };
export const DialogContext = createContext<DialogApi | null>(null);

export function DialogButton({
  label,
  title,
  description,
  children,
  variant = "secondary",
  testId,
  closeLabel,
}: {
  label: ReactNode;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  variant?: keyof typeof buttonClass;
  testId?: string;
  closeLabel: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const titleId = useId();
  useEffect(() => {
    if (open && ref.current && !ref.current.open) ref.current.showModal();
  }, [open]);
  const close = () => ref.current?.close();
  return (
    <>
      <button type="button" className={buttonClass[variant]} onClick={() => setOpen(true)} data-testid={testId} aria-haspopup="dialog">
        {label}
      </button>
      <dialog
        ref={ref}
        onClose={() => setOpen(false)}
        aria-labelledby={titleId}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/50"
      >
        {open ? (
          <DialogContext.Provider value={{ close }}>
            <div className="flex items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
              <div>
                <h2 id={titleId} className="text-base font-semibold">
                  {title}
                </h2>
                {description ? <div className="mt-1 text-sm text-slate-600">{description}</div> : null}
              </div>
              <button type="button" onClick={close} className={buttonClass.ghost} aria-label={closeLabel}>
                ✕
              </button>
            </div>
            <div className="px-5 py-4">{children}</div>
          </DialogContext.Provider>
        ) : null}
      </dialog>
    </>
  );
}

export function DialogCancel({ label }: { label: string }) {
  const dialog = useContext(DialogContext);
  return (
    <button type="button" className={buttonClass.secondary} onClick={() => dialog?.close()}>
      {label}
    </button>
  );
}
