import Link from "next/link";

/** Keyset pagination: back to the first page, or on to the next (the browser's Back goes back one). */
export function Pagination({ basePath, params, cursor, nextCursor, labels }: { basePath: string; params: Record<string, string | undefined>; cursor?: string; nextCursor: string | null; labels: { first: string; next: string; nav: string } }) {
  const href = (extra: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...params, ...extra })) if (v) search.set(k, v);
    const text = search.toString();
    return text ? `${basePath}?${text}` : basePath;
  };
  if (!cursor && !nextCursor) return null;
  return (
    <nav aria-label={labels.nav} className="mt-3 flex items-center justify-end gap-2 text-sm">
      {cursor ? (
        <Link href={href({ cursor: undefined })} className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50">
          {labels.first}
        </Link>
      ) : null}
      {nextCursor ? (
        <Link href={href({ cursor: nextCursor })} rel="next" className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50">
          {labels.next} <span aria-hidden>→</span>
        </Link>
      ) : null}
    </nav>
  );
}
