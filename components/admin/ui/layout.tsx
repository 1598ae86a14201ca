/** Page and section scaffolding shared by every dashboard page. */
import Link from "next/link";
import type { ReactNode } from "react";

export function PageHeader({ title, description, actions, back, badge }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; back?: { href: string; label: string }; badge?: ReactNode }) {
  return (
    <header className="mb-6">
      {back ? (
        <Link href={back.href} className="mb-2 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
          <span aria-hidden>←</span> {back.label}
        </Link>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">{title}</h1>
            {badge}
          </div>
          {description ? <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
    </header>
  );
}

export function Section({ id, title, description, actions, children, className = "" }: { id?: string; title: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section id={id} aria-labelledby={headingId} className={`rounded-xl border border-slate-200 bg-white shadow-xs ${className}`}>
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <div className="min-w-0">
          <h2 id={headingId} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-slate-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      <div className="p-4">{children}</div>
    </section>
  );
}

/** Label/value pairs; values in monospace when they are identifiers. */
export function Facts({ items, columns = 2 }: { items: Array<{ label: string; value: ReactNode; mono?: boolean }>; columns?: 1 | 2 | 3 }) {
  const grid = columns === 1 ? "" : columns === 2 ? "sm:grid-cols-2" : "sm:grid-cols-2 lg:grid-cols-3";
  return (
    <dl className={`grid grid-cols-1 gap-x-6 gap-y-3 text-sm ${grid}`}>
      {items.map((item) => (
        <div key={item.label} className="min-w-0">
          <dt className="text-xs font-medium text-slate-500">{item.label}</dt>
          <dd className={`mt-0.5 break-words text-slate-900 ${item.mono ? "font-mono text-xs" : ""}`}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="rounded-lg border border-dashed border-slate-200 px-4 py-6 text-center text-sm text-slate-600">{children}</p>;
}

export function Notice({ tone = "amber", children }: { tone?: "amber" | "red" | "sky" | "green"; children: ReactNode }) {
  const tones = { amber: "bg-amber-50 text-amber-900 border-amber-200", red: "bg-red-50 text-red-900 border-red-200", sky: "bg-sky-50 text-sky-900 border-sky-200", green: "bg-emerald-50 text-emerald-900 border-emerald-200" };
  return (
    <p role={tone === "red" ? "alert" : "status"} className={`rounded-lg border px-3 py-2 text-sm ${tones[tone]}`}>
      {children}
    </p>
  );
}
