/**
 * A definition shown on hover and on keyboard focus (CSS only, no JavaScript): the button is
 * described by the tooltip, so screen readers read the definition with the figure's name. The
 * tooltip spans its positioned container (the figure's card) and takes no room while hidden, so it
 * never widens a phone's page.
 */
export function InfoTip({ id, label, text }: { id: string; label: string; text: string }) {
  return (
    <span className="group inline-flex">
      <button
        type="button"
        aria-describedby={id}
        aria-label={label}
        className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-[11px] font-semibold text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100 hover:text-slate-900"
      >
        ?
      </button>
      <span role="tooltip" id={id} className="absolute inset-x-2 top-11 z-20 hidden rounded-lg bg-slate-900 px-3 py-2 text-xs leading-snug font-normal text-white shadow-lg group-focus-within:block group-hover:block">
        {text}
      </span>
    </span>
  );
}
