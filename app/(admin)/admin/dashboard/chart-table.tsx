/** The charts' numbers as a table, for keyboard and screen-reader users (and anyone who wants the figures). */
import { formatNumber, formatPercent, intlLocale, type Locale, type Messages } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import type { SeriesPoint } from "@/types/stats";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export function monthLabel(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
}

export function ChartTable({ series, locale, t }: { series: SeriesPoint[]; locale: Locale; t: Messages }) {
  const d = t.dashboard;
  return (
    <details className="mt-4 text-sm">
      <summary className="cursor-pointer text-xs font-medium text-slate-700 hover:text-slate-900">{d.charts.table}</summary>
      <div className="mt-3">
        <Table caption={d.charts.table}>
          <thead>
            <tr>
              <Th>{d.charts.month}</Th>
              <Th className="text-right">{d.cards.mrr}</Th>
              <Th className="text-right">{d.cards.active}</Th>
              <Th className="text-right">{d.cards.trialing}</Th>
              <Th className="text-right">{d.cards.suspended}</Th>
              <Th className="text-right">{d.cards.customerChurn}</Th>
            </tr>
          </thead>
          <Tbody>
            {series.map((p) => (
              <tr key={p.month} className={p.hasData ? "" : "text-slate-500"}>
                <Td>
                  {monthLabel(p.month, locale)}
                  {p.live ? ` (${d.charts.live})` : ""}
                </Td>
                <Td className="text-right tabular-nums">{p.hasData ? formatMoney(p.mrrMinor, "EUR", locale) : "—"}</Td>
                <Td className="text-right tabular-nums">{p.hasData ? formatNumber(p.active, locale) : "—"}</Td>
                <Td className="text-right tabular-nums">{p.hasData ? formatNumber(p.trialing, locale) : "—"}</Td>
                <Td className="text-right tabular-nums">{p.hasData ? formatNumber(p.suspended, locale) : "—"}</Td>
                <Td className="text-right tabular-nums">{formatPercent(p.churnRate, locale)}</Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      </div>
    </details>
  );
}
