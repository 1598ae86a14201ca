/** An audit entry's before/after as the keys that changed ("status: ACTIVE → SUSPENDED"), full JSON on demand. */
type Json = unknown;

function show(value: Json): string {
  if (value === null || value === undefined) return "∅";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

export function changedKeys(before: Json, after: Json): Array<{ key: string; from?: string; to: string }> {
  const b = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, Json>) : {};
  const a = after && typeof after === "object" && !Array.isArray(after) ? (after as Record<string, Json>) : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => (k in b ? { key: k, from: show(b[k]), to: show(a[k]) } : { key: k, to: show(a[k]) }));
}

export function AuditChange({ before, after, labels }: { before: Json; after: Json; labels: { before: string; after: string; none: string } }) {
  const changes = changedKeys(before, after).slice(0, 6);
  if (changes.length === 0 && before == null && after == null) return <span className="text-xs text-slate-600">{labels.none}</span>;
  return (
    <div className="min-w-0 text-xs">
      <ul className="space-y-0.5">
        {changes.map((c) => (
          <li key={c.key} className="break-words">
            <span className="font-medium text-slate-700">{c.key}</span>: {c.from !== undefined ? <span className="text-slate-600 line-through decoration-slate-400">{c.from.slice(0, 80)}</span> : null}
            {c.from !== undefined ? " → " : ""}
            <span className="text-slate-900">{c.to.slice(0, 120)}</span>
          </li>
        ))}
      </ul>
      {before != null || after != null ? (
        <details className="mt-1">
          <summary className="cursor-pointer text-slate-600 hover:text-slate-900">JSON</summary>
          <div className="mt-1 grid gap-2 sm:grid-cols-2">
            {before != null ? (
              <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-[11px]" aria-label={labels.before}>
                {JSON.stringify(before, null, 2)}
              </pre>
            ) : null}
            {after != null ? (
              <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-[11px]" aria-label={labels.after}>
                {JSON.stringify(after, null, 2)}
              </pre>
            ) : null}
          </div>
        </details>
      ) : null}
    </div>
  );
}
