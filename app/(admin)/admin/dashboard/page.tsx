import type { Metadata } from "next";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { format, formatNumber } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { countInstancesByStatus } from "@/lib/services/stats.service";

export const metadata: Metadata = { title: "Vue d'ensemble" };

export default async function DashboardPage() {
  const [principal, { locale, t }, counts] = await Promise.all([requireAdminPage(), getMessages(), countInstancesByStatus()]);
  const cards = [
    { label: t.dashboard.totalInstances, value: counts.total },
    { label: t.dashboard.active, value: counts.ACTIVE },
    { label: t.dashboard.trialing, value: counts.trialing },
    { label: t.dashboard.suspended, value: counts.SUSPENDED },
  ];
  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight">{t.dashboard.title}</h1>
      <p className="mt-1 text-sm text-slate-600">{format(t.dashboard.welcome, { name: principal.name })}</p>
      <dl className="mt-6 grid grid-cols-2 gap-4 lg:grid-cols-4">
        {cards.map((card) => (
          <div key={card.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-xs font-medium tracking-wide text-slate-500 uppercase">{card.label}</dt>
            <dd className="mt-2 text-2xl font-semibold tabular-nums">{formatNumber(card.value, locale)}</dd>
          </div>
        ))}
      </dl>
      {counts.total === 0 ? <p className="mt-8 text-sm text-slate-500">{t.dashboard.empty}</p> : null}
    </div>
  );
}
