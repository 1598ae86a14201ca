/** The overview's cards, provider table and charts, from one Overview (server-rendered). */
import { format, formatNumber, formatPercent, intlLocale, type Locale, type Messages } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import type { Overview } from "@/types/stats";
import { OverviewCharts } from "@/components/admin/charts/overview-charts";
import { Kpi } from "@/components/admin/ui/kpi";
import { Empty, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import { ChartTable } from "./chart-table";

export function OverviewFigures({ overview: o, locale, t }: { overview: Overview; locale: Locale; t: Messages }) {
  const d = t.dashboard;
  const eur = (minor: number) => formatMoney(minor, "EUR", locale);
  const n = (value: number) => formatNumber(value, locale);
  const pct = (ratio: number | null) => formatPercent(ratio, locale);
  const kpi = (id: keyof typeof d.cards, value: string, hint?: string, tone?: "warn") => (
    <Kpi key={id} id={id} label={d.cards[id]} value={value} hint={hint} definition={d.definitions[id].replace("{days}", String(o.trialConversion.cohortDays))} definitionLabel={t.common.moreInfo} tone={tone} />
  );
  const failedTotal = o.failedPayments.failed + o.failedPayments.succeeded;
  return (
    <div className="space-y-8">
      <section aria-labelledby="kpi-instances">
        <h2 id="kpi-instances" className="mb-3 text-sm font-semibold text-slate-900">
          {d.sections.instances}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
          {kpi("total", n(o.instances.total), format(d.hints.total, { active: n(o.instances.active), suspended: n(o.instances.suspended) }))}
          {kpi("active", n(o.instances.active))}
          {kpi("trialing", n(o.instances.trialing))}
          {kpi("suspended", n(o.instances.suspended), undefined, o.instances.suspended > 0 ? "warn" : undefined)}
          {kpi("provisioning", n(o.instances.provisioning), format(d.hints.provisioning, { failed: n(o.instances.provisioningFailed) }))}
        </dl>
        {o.instances.total === 0 ? <p className="mt-3 text-sm text-slate-600">{d.empty}</p> : null}
      </section>

      <section aria-labelledby="kpi-revenue">
        <h2 id="kpi-revenue" className="mb-3 text-sm font-semibold text-slate-900">
          {d.sections.revenue}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
          {kpi("mrr", eur(o.revenue.mrrMinor), format(d.hints.paying, { count: n(o.revenue.payingSubscriptions) }))}
          {kpi("arr", eur(o.revenue.arrMinor))}
          {kpi("lifetime", eur(o.revenue.lifetimeRevenueMinor), format(d.hints.lifetime, { amount: eur(o.revenue.lifetimeSalesThisMonthMinor) }))}
          {kpi("collected", eur(o.revenue.collectedThisMonthMinor))}
        </dl>
      </section>

      <section aria-labelledby="kpi-health">
        <h2 id="kpi-health" className="mb-3 text-sm font-semibold text-slate-900">
          {d.sections.health}
        </h2>
        <dl className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
          {kpi("customerChurn", pct(o.churn.customerRate), o.churn.payingAtStart ? format(d.hints.churn, { churned: n(o.churn.churned), paying: n(o.churn.payingAtStart) }) : d.hints.noBase)}
          {kpi("revenueChurn", pct(o.churn.revenueRate), format(d.hints.revenueChurn, { amount: eur(o.churn.churnedMrrMinor) }))}
          {kpi("trialConversion", pct(o.trialConversion.rate), format(d.hints.conversion, { converted: n(o.trialConversion.converted), trials: n(o.trialConversion.trials), days: o.trialConversion.cohortDays }))}
          {kpi("failedRate", pct(o.failedPayments.rate), format(d.hints.failed, { failed: n(o.failedPayments.failed), total: n(failedTotal) }), (o.failedPayments.rate ?? 0) > 0.1 ? "warn" : undefined)}
        </dl>
      </section>

      <Section id="providers" title={d.sections.providers}>
        {o.revenueByProvider.length === 0 ? (
          <Empty>{d.providers.empty}</Empty>
        ) : (
          <Table caption={d.providers.caption} testId="revenue-by-provider">
            <thead>
              <tr>
                <Th>{d.providers.provider}</Th>
                <Th className="text-right">{d.providers.payments}</Th>
                <Th className="text-right">{d.providers.gross}</Th>
                <Th className="text-right">{d.providers.refunded}</Th>
                <Th className="text-right">{d.providers.net}</Th>
              </tr>
            </thead>
            <Tbody>
              {o.revenueByProvider.map((p) => (
                <tr key={p.provider}>
                  <Td className="font-medium">{(t.providers as Record<string, string>)[p.provider] ?? p.provider}</Td>
                  <Td className="text-right tabular-nums">{n(p.payments)}</Td>
                  <Td className="text-right tabular-nums">{eur(p.grossMinor)}</Td>
                  <Td className="text-right tabular-nums">{eur(p.refundedMinor)}</Td>
                  <Td className="text-right font-medium tabular-nums">{eur(p.netMinor)}</Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Section>

      <Section id="charts" title={d.sections.charts} description={o.series.some((p) => !p.hasData) ? d.charts.noSnapshot : undefined}>
        <OverviewCharts
          series={o.series}
          intlLocale={intlLocale(locale)}
          labels={{
            mrr: d.charts.mrr,
            status: d.charts.status,
            churn: d.charts.churn,
            live: d.charts.live,
            active: d.cards.active,
            trialing: d.cards.trialing,
            suspended: d.cards.suspended,
          }}
        />
        <ChartTable series={o.series} locale={locale} t={t} />
      </Section>
    </div>
  );
}
