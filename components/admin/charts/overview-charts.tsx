"use client";
/** The overview's three charts (recharts, loaded lazily by lazy-overview-charts.tsx). */
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SeriesPoint } from "@/types/stats";

export type ChartLabels = { mrr: string; status: string; churn: string; loading: string; failed: string; live: string; active: string; trialing: string; suspended: string };
export type OverviewChartsProps = { series: SeriesPoint[]; intlLocale: string };

const AXIS = { fontSize: 11, fill: "#475569" };

export function OverviewCharts({ series, intlLocale, labels }: OverviewChartsProps & { labels: ChartLabels }) {
  const month = new Intl.DateTimeFormat(intlLocale, { month: "short", timeZone: "UTC" });
  const euros = new Intl.NumberFormat(intlLocale, { style: "currency", currency: "EUR", notation: "compact", maximumFractionDigits: 1 });
  const eurosFull = new Intl.NumberFormat(intlLocale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(intlLocale, { style: "percent", maximumFractionDigits: 1 });
  const data = series.map((p) => ({
    label: `${month.format(new Date(`${p.month}-01T00:00:00Z`))}${p.live ? " •" : ""}`,
    mrr: p.hasData ? p.mrrMinor / 100 : null,
    active: p.hasData ? p.active : null,
    trialing: p.hasData ? p.trialing : null,
    suspended: p.hasData ? p.suspended : null,
    churn: p.churnRate,
  }));
  const frame = "rounded-lg border border-slate-100 p-3";
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3" data-testid="overview-charts">
      <figure className={frame}>
        <figcaption className="mb-2 text-xs font-medium text-slate-700">{labels.mrr}</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <AreaChart data={data} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} />
            <YAxis tick={AXIS} tickLine={false} axisLine={false} width={56} tickFormatter={(v: number) => euros.format(v)} />
            <Tooltip formatter={(v) => eurosFull.format(Number(v))} />
            <Area type="monotone" dataKey="mrr" name={labels.mrr} stroke="#047857" fill="#d1fae5" strokeWidth={2} dot={{ r: 3, fill: "#047857" }} connectNulls={false} isAnimationActive={false} />
          </AreaChart>
        </ResponsiveContainer>
      </figure>
      <figure className={frame}>
        <figcaption className="mb-2 text-xs font-medium text-slate-700">{labels.status}</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} />
            <YAxis tick={AXIS} tickLine={false} axisLine={false} width={48} allowDecimals={false} />
            <Tooltip />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Bar dataKey="active" name={labels.active} stackId="s" fill="#059669" isAnimationActive={false} />
            <Bar dataKey="trialing" name={labels.trialing} stackId="s" fill="#0284c7" isAnimationActive={false} />
            <Bar dataKey="suspended" name={labels.suspended} stackId="s" fill="#d97706" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className={frame}>
        <figcaption className="mb-2 text-xs font-medium text-slate-700">{labels.churn}</figcaption>
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={data} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={AXIS} tickLine={false} axisLine={false} />
            <YAxis tick={AXIS} tickLine={false} axisLine={false} width={44} tickFormatter={(v: number) => percent.format(v)} />
            <Tooltip formatter={(v) => percent.format(Number(v))} />
            <Line type="monotone" dataKey="churn" name={labels.churn} stroke="#b91c1c" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
