/**
 * A definition shown on hover and on keyboard focus (CSS only, no JavaScript): the button is
 * described by the tooltip, so screen readers read the definition with the figure's name.
 */
export function InfoTip({ id, label, text }: { id: string; label: string; text: string }) {
  return (
    <span className="group relative inline-flex">
      <button
        type="button"
        aria-describedby={id}
        aria-label={label}
        className="inline-flex h-5 w-5 items-center justify-center rounded-full text-[11px] font-semibold text-slate-500 ring-1 ring-slate-300 hover:bg-slate-100 hover:text-slate-800"
      >
        ?
      </button>
      <span
        role="tooltip"
        id={id}
        className="pointer-events-none invisible absolute top-6 left-1/2 z-20 w-64 -translate-x-1/2 rounded-lg bg-slate-900 px-3 py-2 text-xs leading-snug font-normal text-white opacity-0 shadow-lg transition-opacity group-focus-within:visible group-focus-within:opacity-100 group-hover:visible group-hover:opacity-100"
      >
        {text}
      </span>
    </span>
  );
}
