// /admin/audit — the audit log, filtered by actor, action, instance and date, exportable as CSV
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { format, formatDate, type Locale, type Messages } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { issuesText, pick, type RawSearchParams } from "@/lib/search-params";
import { listAdminUsers } from "@/lib/services/admin-user.service";
import { listAuditEntries } from "@/lib/services/audit.service";
import { auditFilters, ZAuditQuery, type TAuditQuery } from "@/types/audit";
import { AuditChange } from "@/components/admin/audit-change";
import { FilterBar } from "@/components/admin/filter-bar";
import { Field, InstanceAndDateFields, SelectInput, TextInput, buttonClass } from "@/components/admin/ui/fields";
import { Empty, Notice, PageHeader } from "@/components/admin/ui/layout";
import { Pagination } from "@/components/admin/ui/pagination";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export const generateMetadata = titled((t) => t.audit.title);

const KEYS = ["actorId", "action", "instanceId", "from", "to", "cursor"] as const;
const KNOWN_ACTIONS = [
  "instance.", "instance.create", "instance.suspend", "instance.reactivate", "instance.delete", "instance.purge", "instance.redeploy", "instance.retry_provisioning", "instance.update",
  "subscription.", "subscription.extend", "subscription.update", "subscription.cancel", "subscription.request_plan_change", "subscription.schedule_plan_change",
  "payment.", "payment.record_manual", "payment.initiate", "payment.succeeded", "payment.refund", "payment_link.create",
  "notification.resend", "notification_template.update", "plan.price_update", "settings.update", "admin_user.", "api_token.", "job.daily_run", "admin.sign_in",
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const [, { locale, t }, raw, admins] = await Promise.all([requireAdminPage(), getMessages(), searchParams, listAdminUsers()]);
  const values = pick(raw, KEYS);
  const parsed = ZAuditQuery.safeParse(values);
  const query = parsed.success ? parsed.data : ZAuditQuery.parse({});
  const a = t.audit;
  const exportQuery = new URLSearchParams(Object.entries({ ...values, cursor: undefined }).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return (
    <div>
      <PageHeader
        title={a.title}
        description={a.subtitle}
        actions={
          <a href={`/api/admin/audit/export${exportQuery ? `?${exportQuery}` : ""}`} className={buttonClass.secondary} download data-testid="audit-export">
            {t.common.exportCsv}
          </a>
        }
      />
      <FilterBar label={t.common.filters} submitLabel={t.common.apply} resetLabel={t.common.reset} testId="audit-filters">
        <Field label={a.actor} name="actorId" className="w-full sm:w-56">
          <SelectInput name="actorId" defaultValue={query.actorId ?? ""} options={[{ value: "", label: a.anyActor }, ...admins.map((u) => ({ value: u.id, label: u.email }))]} />
        </Field>
        <Field label={a.action} name="action" className="w-full sm:w-56">
          <TextInput type="text" name="action" defaultValue={query.action ?? ""} placeholder={a.actionPlaceholder} list="audit-actions" spellCheck={false} />
          <datalist id="audit-actions">
            {KNOWN_ACTIONS.map((x) => (
              <option key={x} value={x} />
            ))}
          </datalist>
        </Field>
        <InstanceAndDateFields labels={{ instance: a.instance, from: t.common.from, to: t.common.to }} values={{ instanceId: query.instanceId, from: query.from, to: query.to }} />
      </FilterBar>
      {parsed.success ? null : <Notice>{format(t.outbox.invalidFilter, { message: issuesText(parsed.error) })}</Notice>}
      <Suspense key={JSON.stringify(query)} fallback={<SectionSkeleton rows={8} label={t.common.loading} />}>
        <AuditList query={query} locale={locale} t={t} params={{ ...values, cursor: undefined }} />
      </Suspense>
    </div>
  );
}

async function AuditList({ query, locale, t, params }: { query: TAuditQuery; locale: Locale; t: Messages; params: Record<string, string | undefined> }) {
  const a = t.audit;
  const page = await listAuditEntries({ ...auditFilters(query), cursor: query.cursor, limit: 50 });
  if (page.data.length === 0) return <Empty>{a.empty}</Empty>;
  return (
    <>
      <Table caption={a.caption} testId="audit-table">
        <thead>
          <tr>
            <Th>{a.columns.at}</Th>
            <Th>{a.columns.action}</Th>
            <Th className="hidden md:table-cell">{a.columns.actor}</Th>
            <Th className="hidden lg:table-cell">{a.columns.target}</Th>
            <Th>{a.columns.details}</Th>
          </tr>
        </thead>
        <Tbody>
          {page.data.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <Td className="whitespace-nowrap text-xs">
                {formatDate(e.at, locale, true)}
                <div className="font-mono text-[11px] text-slate-500">#{e.id}</div>
              </Td>
              <Td className="font-mono text-xs whitespace-nowrap">{e.action}</Td>
              <Td className="hidden max-w-52 text-xs md:table-cell">
                <div className="truncate" title={e.actorLabel ?? undefined}>
                  {e.actorLabel ?? "—"}
                </div>
                <div className="text-slate-600">{(a.actorTypes as Record<string, string>)[e.actorType] ?? e.actorType}</div>
              </Td>
              <Td className="hidden text-xs lg:table-cell">
                <div>{e.targetType}</div>
                {e.instanceId ? (
                  <Link href={`/admin/instances/${e.instanceId}`} className="font-mono text-[11px] text-brand-700 underline">
                    {e.instanceId}
                  </Link>
                ) : e.targetId ? (
                  <div className="font-mono text-[11px] text-slate-600">{e.targetId}</div>
                ) : null}
              </Td>
              <Td>
                <AuditChange before={e.before} after={e.after} labels={{ before: a.before, after: a.after, none: a.noChange }} />
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
      <Pagination basePath="/admin/audit" params={params} cursor={query.cursor} nextCursor={page.nextCursor} labels={{ first: t.common.first, next: t.common.next, nav: t.common.pagination }} />
    </>
  );
}
