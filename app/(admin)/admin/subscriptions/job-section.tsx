/** The daily job: its reminder window, its last runs with their reports, a dry-run forecast, and "run now". */
import Link from "next/link";
import { Suspense } from "react";
import { addDays, now, startOfUtcDay } from "@/lib/clock";
import { format, formatDate, formatNumber, type Locale, type Messages } from "@/lib/i18n";
import { dryRunDailyJob } from "@/lib/services/jobs/daily-job";
import { listRuns } from "@/lib/services/jobs/ledger";
import { reminderWindowDays } from "@/lib/services/settings.service";
import { runDailyJobAction } from "../_actions/jobs";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { formLabels } from "@/components/admin/ui/labels";
import { Empty, Section } from "@/components/admin/ui/layout";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

type StepReport = Record<string, number>;

function StepList({ steps, t, locale }: { steps: Record<string, StepReport | undefined>; t: Messages; locale: Locale }) {
  const j = t.subscriptions.job;
  return (
    <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3">
      {Object.entries(steps).map(([step, report]) => (
        <div key={step} className="rounded-lg bg-slate-50 p-3">
          <dt className="text-xs font-semibold text-slate-800">{(j.steps as Record<string, string>)[step] ?? step}</dt>
          <dd className="mt-1 space-y-0.5 text-xs text-slate-700">
            {Object.entries(report ?? {}).map(([key, value]) => (
              <div key={key} className="flex justify-between gap-2">
                <span>{(j.keys as Record<string, string>)[key] ?? key}</span>
                <span className="font-medium tabular-nums">{typeof value === "number" ? formatNumber(value, locale) : String(value)}</span>
              </div>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export async function JobSection({ locale, t, mutable, forecastDays, href }: { locale: Locale; t: Messages; mutable: boolean; forecastDays: number; href: (extra: Record<string, string | number>) => string }) {
  const j = t.subscriptions.job;
  const [runs, windowDays] = await Promise.all([listRuns({ limit: 14 }), reminderWindowDays()]);
  const today = now().toISOString().slice(0, 10);
  const run = mutable ? (
    <DialogButton label={j.runNow} title={j.runNow} description={format(j.runConfirm, { date: formatDate(today, locale) })} closeLabel={t.common.close} testId="run-job">
      <ActionForm action={runDailyJobAction} labels={formLabels(t)} className="flex justify-end gap-2">
        <DialogCancel label={t.common.cancel} />
        <SubmitButton pendingLabel={t.common.working} testId="run-job-confirm">
          {j.runNow}
        </SubmitButton>
      </ActionForm>
    </DialogButton>
  ) : null;
  return (
    <div className="space-y-6">
      <Section id="job" title={j.title} description={`${j.subtitle} ${format(j.reminderWindow, { days: windowDays })}`} actions={run}>
        <h3 className="mb-2 text-xs font-semibold text-slate-700">{j.runs}</h3>
        {runs.data.length === 0 ? (
          <Empty>{j.runsEmpty}</Empty>
        ) : (
          <Table caption={j.runsCaption} testId="job-runs">
            <thead>
              <tr>
                <Th>{j.columns.date}</Th>
                <Th>{j.columns.status}</Th>
                <Th className="hidden sm:table-cell">{j.columns.trigger}</Th>
                <Th className="hidden sm:table-cell">{j.columns.attempts}</Th>
                <Th className="hidden md:table-cell">{j.columns.started}</Th>
                <Th>{j.columns.report}</Th>
              </tr>
            </thead>
            <Tbody>
              {runs.data.map((r) => {
                const report = (r.report ?? {}) as { steps?: Record<string, StepReport>; errors?: string[]; stoppedAt?: string };
                return (
                  <tr key={r.id}>
                    <Td className="whitespace-nowrap">{formatDate(r.runDate, locale)}</Td>
                    <Td>
                      <StatusBadge status={r.status} label={t.status.job[r.status]} />
                    </Td>
                    <Td className="hidden sm:table-cell">{(j.triggers as Record<string, string>)[r.trigger] ?? r.trigger}</Td>
                    <Td className="hidden tabular-nums sm:table-cell">{r.attempts}</Td>
                    <Td className="hidden whitespace-nowrap md:table-cell">{formatDate(r.startedAt, locale, true)}</Td>
                    <Td className="min-w-64">
                      <details>
                        <summary className="cursor-pointer text-xs text-brand-700 underline">{j.report}</summary>
                        <div className="mt-2 space-y-2">
                          {report.stoppedAt ? <p className="text-xs text-amber-900">{format(j.stoppedAt, { step: report.stoppedAt })}</p> : null}
                          {report.errors?.length ? <p className="text-xs text-red-800">{`${j.errors} : ${report.errors.join(" · ")}`}</p> : null}
                          <StepList steps={report.steps ?? {}} t={t} locale={locale} />
                        </div>
                      </details>
                    </Td>
                  </tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </Section>
      <Section
        id="forecast"
        title={j.forecast}
        description={j.forecastHelp}
        actions={
          <nav aria-label={j.forecast} className="flex flex-wrap gap-1 text-xs">
            {[0, 1, 2, 3, 7, 14, 30].map((n) => (
              <Link key={n} href={href({ forecast: n })} scroll={false} aria-current={n === forecastDays ? "true" : undefined} className={`rounded px-2 py-1 ${n === forecastDays ? "bg-brand-50 font-semibold text-brand-900" : "ring-1 ring-slate-200 hover:bg-slate-100"}`}>
                {n === 0 ? j.forecastDays["0"] : n === 1 ? j.forecastDays["1"] : format(j.forecastDays.n, { n })}
              </Link>
            ))}
          </nav>
        }
      >
        <Suspense key={forecastDays} fallback={<SectionSkeleton rows={3} label={t.common.loading} />}>
          <Forecast days={forecastDays} locale={locale} t={t} />
        </Suspense>
      </Section>
    </div>
  );
}

async function Forecast({ days, locale, t }: { days: number; locale: Locale; t: Messages }) {
  const j = t.subscriptions.job;
  const at = days === 0 ? now() : addDays(startOfUtcDay(now()), days);
  const f = await dryRunDailyJob({ now: at });
  return (
    <div data-testid="forecast">
      <p className="mb-3 text-sm font-medium text-slate-800">{format(j.forecastFor, { date: formatDate(f.date, locale) })}</p>
      <StepList steps={{ reminders: { subscriptions: f.reminders.subscriptions ?? 0 }, expiry: f.expiry, failedPayments: f.failedPayments, renewals: f.renewals, purge: f.purge }} t={t} locale={locale} />
      {f.reminders.sample.length > 0 ? (
        <details className="mt-3 text-xs">
          <summary className="cursor-pointer text-slate-700">{j.sample}</summary>
          <ul className="mt-1 space-y-0.5 pl-4">
            {f.reminders.sample.map((s) => (
              <li key={`${s.subscriptionId}:${s.kind}`} className="list-disc">
                <Link href={`/admin/instances/${s.instanceId}`} className="font-mono text-brand-700 underline">
                  {s.instanceId}
                </Link>{" "}
                — {s.kind} — {formatDate(s.endsAt, locale, true)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
