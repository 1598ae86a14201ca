"use client";
/**
 * Recharts stays out of the page's first JavaScript: the charts module is imported in the browser
 * only, once the page has hydrated and the charts come near the viewport (on a phone they sit far
 * below the figures), and a placeholder of the same height holds their place meanwhile.
 */
import { useEffect, useRef, useState, type ComponentType } from "react";
import type { ChartLabels, OverviewChartsProps } from "./overview-charts";

type Props = OverviewChartsProps & { labels: ChartLabels };

export function LazyOverviewCharts(props: Props) {
  const [Charts, setCharts] = useState<ComponentType<Props> | null>(null);
  const [failed, setFailed] = useState(false);
  const placeholder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let alive = true;
    const load = () =>
      import("./overview-charts")
        .then((m) => alive && setCharts(() => m.OverviewCharts))
        .catch(() => alive && setFailed(true));
    if (!("IntersectionObserver" in window) || !placeholder.current) {
      void load();
      return () => void (alive = false);
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          void load();
        }
      },
      { rootMargin: "300px" },
    );
    observer.observe(placeholder.current);
    return () => {
      alive = false;
      observer.disconnect();
    };
  }, []);
  if (Charts) return <Charts {...props} />;
  return (
    <div ref={placeholder} role="status" className="grid h-[720px] place-items-center rounded-lg bg-slate-50 text-xs text-slate-600 lg:h-[300px]">
      {failed ? props.labels.failed : props.labels.loading}
    </div>
  );
}
