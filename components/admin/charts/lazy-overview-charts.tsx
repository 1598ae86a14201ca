"use client";
/**
 * Recharts stays out of the page's first JavaScript: the charts module is imported in the browser
 * only, once the page has hydrated, and a placeholder of the same height holds its place meanwhile.
 */
import { useEffect, useState, type ComponentType } from "react";
import type { ChartLabels, OverviewChartsProps } from "./overview-charts";

type Props = OverviewChartsProps & { labels: ChartLabels };

export function LazyOverviewCharts(props: Props) {
  const [Charts, setCharts] = useState<ComponentType<Props> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    import("./overview-charts")
      .then((m) => alive && setCharts(() => m.OverviewCharts))
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
    };
  }, []);
  if (Charts) return <Charts {...props} />;
  return (
    <div role="status" className="grid h-[720px] place-items-center rounded-lg bg-slate-50 text-xs text-slate-600 lg:h-[300px]">
      {failed ? props.labels.failed : props.labels.loading}
    </div>
  );
}
