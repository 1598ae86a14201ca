/**
 * The overview's three charts (MRR, instances by status, customer churn over 12 months) as SVG
 * drawn on the server: d3-scale places the axes and their ticks, d3-shape draws the curves. They
 * arrive with the page's HTML, ship no JavaScript and print; hovering a month shows its values (an
 * SVG <title> per month column), and the same numbers are in the table below them (chart-table).
 * Why not a client-side chart library: docs/decisions.md, "Charts drawn on the server".
 */
import type { ReactNode } from "react";
import { scaleBand, scaleLinear, type ScaleBand, type ScaleLinear } from "d3-scale";
import { area, curveMonotoneX, line } from "d3-shape";
import type { SeriesPoint } from "@/types/stats";

export type ChartLabels = { mrr: string; status: string; churn: string; live: string; active: string; trialing: string; suspended: string };
export type OverviewChartsProps = { series: SeriesPoint[]; intlLocale: string; labels: ChartLabels };

// Drawn at about the width each chart gets (a third of a laptop's content column, a phone's width),
// so that the 10-unit labels read at about 10 px.
const WIDTH = 300;
const HEIGHT = 180;
const MARGIN = { top: 10, right: 6, bottom: 22, left: 46 };
const FONT = 10;
const COLORS = { mrr: "#047857", mrrFill: "#d1fae5", active: "#059669", trialing: "#0284c7", suspended: "#d97706", churn: "#b91c1c", grid: "#e2e8f0", axis: "#475569" };

type Month = { key: string; label: string; title: string; point: SeriesPoint };
type Scales = { x: ScaleBand<string>; y: ScaleLinear<number, number> };

/** A month's centre on the x axis. */
const centre = (x: ScaleBand<string>, key: string) => (x(key) ?? 0) + x.bandwidth() / 2;

/** `max` is the largest value drawn; `empty` the top of the axis when there is none yet. */
function scales(months: Month[], max: number, empty: number): Scales {
  const x = scaleBand<string>()
    .domain(months.map((m) => m.key))
    .range([MARGIN.left, WIDTH - MARGIN.right])
    .padding(0.25);
  const y = scaleLinear()
    .domain([0, max > 0 ? max : empty])
    .range([HEIGHT - MARGIN.bottom, MARGIN.top])
    .nice(4);
  return { x, y };
}

/** Grid, y ticks, month labels, the marks, then one hover column per month carrying its values. */
function Chart({ caption, months, scales: { x, y }, yFormat, integers, tooltip, children, legend }: { caption: string; months: Month[]; scales: Scales; yFormat: (v: number) => string; integers?: boolean; tooltip: (m: Month) => string; children: ReactNode; legend?: ReactNode }) {
  const ticks = y.ticks(4).filter((tick) => !integers || Number.isInteger(tick));
  // Every other month is labelled when they would overlap, counting back from the current one.
  const every = x.step() < FONT * 2.6 ? 2 : 1;
  return (
    <figure className="rounded-lg border border-slate-100 p-3">
      <figcaption className="mb-2 text-xs font-medium text-slate-700">{caption}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-auto w-full" role="img" aria-label={caption}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={COLORS.grid} />
            <text x={MARGIN.left - 5} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={FONT} fill={COLORS.axis}>
              {yFormat(tick)}
            </text>
          </g>
        ))}
        {months.map((m, i) =>
          (months.length - 1 - i) % every === 0 ? (
            <text key={m.key} x={centre(x, m.key)} y={HEIGHT - 6} textAnchor="middle" fontSize={FONT} fill={COLORS.axis}>
              {m.label}
            </text>
          ) : null,
        )}
        {children}
        {months.map((m) => (
          <rect key={m.key} data-month={m.key} x={(x(m.key) ?? 0) - (x.step() - x.bandwidth()) / 2} y={MARGIN.top} width={x.step()} height={HEIGHT - MARGIN.top - MARGIN.bottom} className="fill-slate-900/0 hover:fill-slate-900/5">
            <title>{tooltip(m)}</title>
          </rect>
        ))}
      </svg>
      {legend}
    </figure>
  );
}

export function OverviewCharts({ series, intlLocale, labels }: OverviewChartsProps) {
  const shortMonth = new Intl.DateTimeFormat(intlLocale, { month: "short", timeZone: "UTC" });
  const longMonth = new Intl.DateTimeFormat(intlLocale, { month: "long", year: "numeric", timeZone: "UTC" });
  const euros = new Intl.NumberFormat(intlLocale, { style: "currency", currency: "EUR", notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 });
  const eurosFull = new Intl.NumberFormat(intlLocale, { style: "currency", currency: "EUR", maximumFractionDigits: 0 });
  const count = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(intlLocale, { style: "percent", maximumFractionDigits: 1 });
  const months: Month[] = series.map((point) => {
    const date = new Date(`${point.month}-01T00:00:00Z`);
    return { key: point.month, label: `${shortMonth.format(date)}${point.live ? " •" : ""}`, title: `${longMonth.format(date)}${point.live ? ` (${labels.live})` : ""}`, point };
  });
  const withData = months.filter((m) => m.point.hasData);

  const mrr = scales(months, Math.max(0, ...withData.map((m) => m.point.mrrMinor / 100)), 100);
  const mrrY = (m: Month) => mrr.y(m.point.mrrMinor / 100);
  const mrrArea = area<Month>()
    .defined((m) => m.point.hasData)
    .x((m) => centre(mrr.x, m.key))
    .y0(mrr.y(0))
    .y1(mrrY)
    .curve(curveMonotoneX);
  const mrrLine = line<Month>()
    .defined((m) => m.point.hasData)
    .x((m) => centre(mrr.x, m.key))
    .y(mrrY)
    .curve(curveMonotoneX);

  const stack = scales(months, Math.max(0, ...withData.map((m) => m.point.active + m.point.trialing + m.point.suspended)), 4);
  const segments = (m: Month) => {
    let base = 0;
    return (["active", "trialing", "suspended"] as const).map((status) => {
      const from = base;
      base += m.point[status];
      return { status, from, to: base };
    });
  };

  const churned = months.filter((m) => m.point.churnRate !== null);
  const churn = scales(months, Math.max(0, ...churned.map((m) => m.point.churnRate!)), 0.1);
  // Months without a rate are skipped: the line joins its neighbours.
  const churnLine = line<Month>()
    .x((m) => centre(churn.x, m.key))
    .y((m) => churn.y(m.point.churnRate!))
    .curve(curveMonotoneX);

  const valueOr = (m: Month, text: () => string) => `${m.title} — ${m.point.hasData ? text() : "—"}`;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3" data-testid="overview-charts">
      <Chart caption={labels.mrr} months={months} scales={mrr} yFormat={(v) => euros.format(v)} tooltip={(m) => valueOr(m, () => eurosFull.format(m.point.mrrMinor / 100))}>
        <path d={mrrArea(months) ?? ""} fill={COLORS.mrrFill} />
        <path d={mrrLine(months) ?? ""} fill="none" stroke={COLORS.mrr} strokeWidth={2} />
        {withData.map((m) => (
          <circle key={m.key} cx={centre(mrr.x, m.key)} cy={mrrY(m)} r={3} fill={COLORS.mrr} />
        ))}
      </Chart>
      <Chart
        caption={labels.status}
        months={months}
        scales={stack}
        yFormat={(v) => count.format(v)}
        integers
        tooltip={(m) => valueOr(m, () => segments(m).map((s) => `${labels[s.status]} ${count.format(s.to - s.from)}`).join(" · "))}
        legend={
          <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-slate-700">
            {(["active", "trialing", "suspended"] as const).map((status) => (
              <li key={status} className="flex items-center gap-1.5">
                <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: COLORS[status] }} />
                {labels[status]}
              </li>
            ))}
          </ul>
        }
      >
        {withData.flatMap((m) =>
          segments(m)
            .filter((s) => s.to > s.from)
            .map((s) => <rect key={`${m.key}-${s.status}`} x={stack.x(m.key)} width={stack.x.bandwidth()} y={stack.y(s.to)} height={stack.y(s.from) - stack.y(s.to)} fill={COLORS[s.status]} />),
        )}
      </Chart>
      <Chart caption={labels.churn} months={months} scales={churn} yFormat={(v) => percent.format(v)} tooltip={(m) => `${m.title} — ${m.point.churnRate === null ? "—" : percent.format(m.point.churnRate)}`}>
        <path d={churnLine(churned) ?? ""} fill="none" stroke={COLORS.churn} strokeWidth={2} />
        {churned.map((m) => (
          <circle key={m.key} cx={centre(churn.x, m.key)} cy={churn.y(m.point.churnRate!)} r={2} fill={COLORS.churn} />
        ))}
      </Chart>
    </div>
  );
}
