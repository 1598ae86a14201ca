// /admin/subscriptions — expiring soon, expired, past due; the daily job's runs, forecast and "run now"
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { Suspense } from "react";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { now } from "@/lib/clock";
import { format, formatDate, formatNumber, planLabel, type Locale, type Messages } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { pick, type RawSearchParams } from "@/lib/search-params";
import { listSubscriptions, ZListSubscriptionsQuery } from "@/lib/services/subscription.service";
import { StatusBadge } from "@/components/admin/ui/badge";
import { Empty, PageHeader } from "@/components/admin/ui/layout";
import { Pagination } from "@/components/admin/ui/pagination";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import { JobSection } from "./job-section";

export const generateMetadata = titled((t) => t.subscriptions.title);

const TABS = ["expiring", "expired", "past_due"] as const;
type Tab = (typeof TABS)[number];
const WINDOWS = [3, 7, 14, 30];

export default async function SubscriptionsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const [principal, { locale, t }, raw] = await Promise.all([requireAdminPage(), getMessages(), searchParams]);
  const values = pick(raw, ["tab", "days", "cursor", "forecast"] as const);
  const tab: Tab = (TABS as readonly string[]).includes(values.tab ?? "") ? (values.tab as Tab) : "expiring";
  const days = WINDOWS.includes(Number(values.days)) ? Number(values.days) : 7;
  const forecast = Math.min(Math.max(Number.isInteger(Number(values.forecast)) ? Number(values.forecast) : 1, 0), 60);
  const s = t.subscriptions;
  const href = (extra: Record<string, string | number>) => `/admin/subscriptions?${new URLSearchParams(Object.entries({ tab, days, forecast, ...extra }).map(([k, v]) => [k, String(v)])).toString()}`;
  return (
    <div className="space-y-8">
      <div>
        <PageHeader title={s.title} description={s.subtitle} />
        <nav aria-label={s.title} className="mb-4 flex flex-wrap items-center gap-2">
          {TABS.map((key) => (
            <Link key={key} href={href({ tab: key })} aria-current={key === tab ? "page" : undefined} className={`rounded-full px-3 py-1.5 text-sm font-medium ${key === tab ? "bg-slate-900 text-white" : "bg-white text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50"}`}>
              {s.tabs[key]}
            </Link>
          ))}
          {tab === "expiring" ? (
            <span className="ml-2 flex flex-wrap items-center gap-1 text-xs text-slate-600">
              {s.within}
              {WINDOWS.map((w) => (
                <Link key={w} href={href({ days: w })} aria-current={w === days ? "true" : undefined} className={`rounded px-2 py-1 ${w === days ? "bg-brand-50 font-semibold text-brand-900" : "hover:bg-slate-100"}`}>
                  {format(s.withinDays, { n: w })}
                </Link>
              ))}
            </span>
          ) : null}
        </nav>
        <Suspense key={`${tab}:${days}:${values.cursor ?? ""}`} fallback={<SectionSkeleton rows={6} label={t.common.loading} />}>
          <SubscriptionList tab={tab} days={days} cursor={values.cursor} locale={locale} t={t} params={{ tab, days: String(days), forecast: String(forecast) }} />
        </Suspense>
      </div>
      <JobSection locale={locale} t={t} mutable={canMutate(principal)} forecastDays={forecast} href={href} />
    </div>
  );
}

async function SubscriptionList({ tab, days, cursor, locale, t, params }: { tab: Tab; days: number; cursor?: string; locale: Locale; t: Messages; params: Record<string, string> }) {
  const s = t.subscriptions;
  const query = ZListSubscriptionsQuery.parse({ status: tab, days, limit: 50, ...(cursor ? { cursor } : {}) });
  const page = await listSubscriptions(query, now()).catch(() => listSubscriptions({ ...query, cursor: undefined }, now()));
  if (page.data.length === 0) return <Empty>{s.empty}</Empty>;
  return (
    <>
      <p className="mb-2 text-xs text-slate-600">{format(t.common.results, { total: formatNumber(page.total, locale) })}</p>
      <Table caption={`${s.caption} — ${s.tabs[tab]}`} testId="subscriptions-table">
        <thead>
          <tr>
            <Th>{s.columns.instance}</Th>
            <Th>{s.columns.plan}</Th>
            <Th>{s.columns.status}</Th>
            <Th>{s.columns.periodEnd}</Th>
            <Th className="hidden sm:table-cell">{s.columns.autoRenew}</Th>
            <Th className="hidden md:table-cell">{s.columns.failed}</Th>
            <Th className="hidden lg:table-cell">{s.columns.owner}</Th>
          </tr>
        </thead>
        <Tbody>
          {page.data.map((sub) => (
            <tr key={sub.id}>
              <Td>
                <Link href={`/admin/instances/${sub.instance.id}`} className="font-medium hover:text-brand-700 hover:underline">
                  {sub.instance.name}
                </Link>
                <div className="font-mono text-xs text-slate-600">{sub.instance.subdomain}</div>
              </Td>
              <Td className="whitespace-nowrap">{planLabel(sub.plan.code, locale)}</Td>
              <Td>
                <StatusBadge status={sub.status} label={t.status.subscription[sub.status]} />
              </Td>
              <Td className="whitespace-nowrap">{sub.currentPeriodEnd ? formatDate(sub.currentPeriodEnd, locale, true) : "—"}</Td>
              <Td className="hidden sm:table-cell">{sub.autoRenew ? t.common.yes : t.common.no}</Td>
              <Td className="hidden tabular-nums md:table-cell">{sub.failedPaymentCount}</Td>
              <Td className="hidden max-w-56 truncate lg:table-cell">{sub.instance.ownerEmail}</Td>
            </tr>
          ))}
        </Tbody>
      </Table>
      <Pagination basePath="/admin/subscriptions" params={params} cursor={cursor} nextCursor={page.nextCursor} labels={{ first: t.common.first, next: t.common.next, nav: t.common.pagination }} />
    </>
  );
}
