/** One figure with its name, a line of context and its definition (hover or keyboard focus). */
import { InfoTip } from "./info-tip";

export function Kpi({ id, label, value, hint, definition, definitionLabel, tone }: { id: string; label: string; value: string; hint?: string; definition: string; definitionLabel: string; tone?: "warn" }) {
  return (
    <div className="relative rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid={`kpi-${id}`}>
      <dt className="flex items-center justify-between gap-2 text-xs font-medium text-slate-600">
        <span>{label}</span>
        <InfoTip id={`def-${id}`} label={`${definitionLabel} — ${label}`} text={definition} />
      </dt>
      <dd className={`mt-2 text-2xl font-semibold tracking-tight tabular-nums ${tone === "warn" ? "text-amber-800" : "text-slate-900"}`} data-testid={`kpi-${id}-value`}>
        {value}
      </dd>
      {hint ? <dd className="mt-1 text-xs text-slate-600">{hint}</dd> : null}
    </div>
  );
}
