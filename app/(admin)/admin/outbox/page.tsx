// /admin/outbox — the messages the console sent or will send, filterable by status, channel, instance and template
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { format, formatDate, type Locale, type Messages } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { issuesText, pick, type RawSearchParams } from "@/lib/search-params";
import { TEMPLATE_KEYS } from "@/lib/services/notifications/catalog";
import { listNotifications, maskRecipient, type NotificationFilters } from "@/lib/services/notifications/outbox.service";
import { NOTIFICATION_STATUSES, ZListNotificationsRequest } from "@/types/notifications";
import { FilterBar } from "@/components/admin/filter-bar";
import { StatusBadge } from "@/components/admin/ui/badge";
import { Field, SelectInput, TextInput } from "@/components/admin/ui/fields";
import { Empty, Notice, PageHeader } from "@/components/admin/ui/layout";
import { Pagination } from "@/components/admin/ui/pagination";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export const generateMetadata = titled((t) => t.outbox.title);

const KEYS = ["status", "channel", "instanceId", "templateKey", "cursor"] as const;

export default async function OutboxPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const [, { locale, t }, raw] = await Promise.all([requireAdminPage(), getMessages(), searchParams]);
  const values = pick(raw, KEYS);
  const parsed = ZListNotificationsRequest.safeParse(values);
  const filters = parsed.success ? parsed.data : {};
  const o = t.outbox;
  return (
    <div>
      <PageHeader title={o.title} description={o.subtitle} />
      <FilterBar label={o.filters} submitLabel={o.apply} resetLabel={o.reset}>
        <Field label={o.status} name="status" className="w-[calc(50%-0.375rem)] sm:w-40">
          <SelectInput name="status" defaultValue={filters.status ?? ""} options={[{ value: "", label: o.all }, ...NOTIFICATION_STATUSES.map((s) => ({ value: s, label: o.statuses[s] }))]} />
        </Field>
        <Field label={o.channel} name="channel" className="w-[calc(50%-0.375rem)] sm:w-36">
          <SelectInput name="channel" defaultValue={filters.channel ?? ""} options={[{ value: "", label: o.all }, { value: "EMAIL", label: o.channels.EMAIL }, { value: "WHATSAPP", label: o.channels.WHATSAPP }]} />
        </Field>
        <Field label={o.template} name="templateKey" className="w-full sm:w-56">
          <SelectInput name="templateKey" defaultValue={filters.templateKey ?? ""} options={[{ value: "", label: o.all }, ...TEMPLATE_KEYS.map((k) => ({ value: k, label: k }))]} />
        </Field>
        <Field label={o.instance} name="instanceId" className="w-full sm:w-64">
          <TextInput type="text" name="instanceId" defaultValue={filters.instanceId ?? ""} placeholder="inst_…" spellCheck={false} />
        </Field>
      </FilterBar>
      {parsed.success ? null : <Notice>{format(o.invalidFilter, { message: issuesText(parsed.error) })}</Notice>}
      <Suspense key={JSON.stringify(filters)} fallback={<SectionSkeleton rows={8} label={t.common.loading} />}>
        <OutboxList filters={filters} cursor={filters.cursor} locale={locale} t={t} params={{ ...values, cursor: undefined }} />
      </Suspense>
    </div>
  );
}

async function OutboxList({ filters, cursor, locale, t, params }: { filters: NotificationFilters; cursor?: string; locale: Locale; t: Messages; params: Record<string, string | undefined> }) {
  const o = t.outbox;
  const c = o.columns;
  let problem: string | undefined;
  let page: Awaited<ReturnType<typeof listNotifications>>;
  try {
    page = await listNotifications({ ...filters, cursor, limit: 50 });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
    page = await listNotifications({ ...filters, limit: 50 });
  }
  return (
    <>
      {problem ? <Notice>{format(o.invalidFilter, { message: problem })}</Notice> : null}
      {page.data.length === 0 ? (
        <Empty>{o.empty}</Empty>
      ) : (
        <Table caption={o.caption} testId="outbox-table">
          <thead>
            <tr>
              <Th>{c.status}</Th>
              <Th>{c.template}</Th>
              <Th className="hidden sm:table-cell">{c.channel}</Th>
              <Th className="hidden md:table-cell">{c.recipient}</Th>
              <Th className="hidden lg:table-cell">{c.subject}</Th>
              <Th className="hidden md:table-cell">{c.attempts}</Th>
              <Th>{c.createdAt}</Th>
              <Th className="hidden lg:table-cell">{c.sentAt}</Th>
            </tr>
          </thead>
          <Tbody>
            {page.data.map((n) => (
              <tr key={n.id} className="hover:bg-slate-50">
                <Td>
                  <StatusBadge status={n.status} label={o.statuses[n.status]} />
                </Td>
                <Td>
                  <Link href={`/admin/outbox/${n.id}`} className="font-mono text-xs text-brand-700 underline">
                    {n.templateKey}
                  </Link>
                  {n.lastError ? <div className="mt-0.5 max-w-xs text-xs break-words text-red-800">{n.lastError}</div> : null}
                </Td>
                <Td className="hidden whitespace-nowrap sm:table-cell">{o.channels[n.channel]}</Td>
                <Td className="hidden font-mono text-xs whitespace-nowrap md:table-cell">{maskRecipient(n.channel, n.recipient)}</Td>
                <Td className="hidden max-w-xs truncate lg:table-cell" title={n.subject ?? undefined}>
                  {n.subject ?? o.detail.none}
                </Td>
                <Td className="hidden tabular-nums md:table-cell">
                  {n.attempts}/{n.maxAttempts}
                </Td>
                <Td className="whitespace-nowrap text-xs">{formatDate(n.createdAt, locale, true)}</Td>
                <Td className="hidden whitespace-nowrap text-xs lg:table-cell">{formatDate(n.sentAt, locale, true)}</Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
      <Pagination basePath="/admin/outbox" params={params} cursor={cursor} nextCursor={page.nextCursor} labels={{ first: o.first, next: o.next, nav: t.common.pagination }} />
    </>
  );
}
