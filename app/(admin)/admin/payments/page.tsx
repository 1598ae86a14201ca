// /admin/payments — every payment, filtered by status, provider, instance and date
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { Suspense } from "react";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { format, formatDate, type Locale, type Messages } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { issuesText, pick, type RawSearchParams } from "@/lib/search-params";
import { listPayments, ZListPaymentsQuery, type TListPaymentsQuery } from "@/lib/services/payment.service";
import { FilterBar } from "@/components/admin/filter-bar";
import { StatusBadge } from "@/components/admin/ui/badge";
import { Field, InstanceAndDateFields, SelectInput } from "@/components/admin/ui/fields";
import { Empty, Notice, PageHeader } from "@/components/admin/ui/layout";
import { Pagination } from "@/components/admin/ui/pagination";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export const generateMetadata = titled((t) => t.payments.title);

const KEYS = ["status", "provider", "instanceId", "from", "to", "cursor"] as const;
const STATUSES = ["PENDING", "SUCCEEDED", "FAILED", "CANCELED", "PARTIALLY_REFUNDED", "REFUNDED"] as const;
const PROVIDERS = ["STRIPE", "AVADAPAY", "STROWALLET", "MANUAL", "SANDBOX"] as const;

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const [, { locale, t }, raw] = await Promise.all([requireAdminPage(), getMessages(), searchParams]);
  const values = pick(raw, KEYS);
  const parsed = ZListPaymentsQuery.safeParse({ ...values, limit: 50 });
  const query = parsed.success ? parsed.data : ZListPaymentsQuery.parse({ limit: 50 });
  const p = t.payments;
  return (
    <div>
      <PageHeader title={p.title} description={p.subtitle} />
      <FilterBar label={t.common.filters} submitLabel={t.common.apply} resetLabel={t.common.reset}>
        <Field label={p.status} name="status" className="w-[calc(50%-0.375rem)] sm:w-44">
          <SelectInput name="status" defaultValue={query.status ?? ""} options={[{ value: "", label: t.common.all }, ...STATUSES.map((s) => ({ value: s, label: t.status.payment[s] }))]} />
        </Field>
        <Field label={p.provider} name="provider" className="w-[calc(50%-0.375rem)] sm:w-48">
          <SelectInput name="provider" defaultValue={query.provider ?? ""} options={[{ value: "", label: t.common.all }, ...PROVIDERS.map((s) => ({ value: s, label: t.providers[s] }))]} />
        </Field>
        <InstanceAndDateFields labels={{ instance: p.instance, from: t.common.from, to: t.common.to }} values={{ instanceId: values.instanceId, from: query.from, to: query.to }} />
      </FilterBar>
      {parsed.success ? null : <Notice>{format(t.outbox.invalidFilter, { message: issuesText(parsed.error) })}</Notice>}
      <Suspense key={JSON.stringify(query)} fallback={<SectionSkeleton rows={8} label={t.common.loading} />}>
        <PaymentList query={query} locale={locale} t={t} params={{ ...values, cursor: undefined }} />
      </Suspense>
    </div>
  );
}

async function PaymentList({ query, locale, t, params }: { query: TListPaymentsQuery; locale: Locale; t: Messages; params: Record<string, string | undefined> }) {
  const p = t.payments;
  let page: Awaited<ReturnType<typeof listPayments>>;
  try {
    page = await listPayments(query);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    page = await listPayments({ ...query, cursor: undefined });
  }
  if (page.data.length === 0) return <Empty>{p.empty}</Empty>;
  return (
    <>
      <Table caption={p.caption} testId="payments-table">
        <thead>
          <tr>
            <Th>{p.columns.date}</Th>
            <Th>{p.columns.instance}</Th>
            <Th className="text-right">{p.columns.amount}</Th>
            <Th className="hidden sm:table-cell">{p.columns.provider}</Th>
            <Th>{p.columns.status}</Th>
            <Th className="hidden md:table-cell">{p.columns.purpose}</Th>
            <Th className="hidden lg:table-cell">{p.columns.invoice}</Th>
          </tr>
        </thead>
        <Tbody>
          {page.data.map((pay) => (
            <tr key={pay.id} className="hover:bg-slate-50">
              <Td className="whitespace-nowrap">
                <Link href={`/admin/payments/${pay.id}`} className="font-medium hover:text-brand-700 hover:underline">
                  {formatDate(pay.createdAt, locale, true)}
                </Link>
              </Td>
              <Td>
                <Link href={`/admin/instances/${pay.instanceId}`} className="hover:underline">
                  {pay.instance.name}
                </Link>
                <div className="font-mono text-xs text-slate-600">{pay.instance.subdomain}</div>
              </Td>
              <Td className="text-right whitespace-nowrap tabular-nums">{formatMoney(pay.amountMinor, pay.currency.trim(), locale)}</Td>
              <Td className="hidden whitespace-nowrap sm:table-cell">{t.providers[pay.provider]}</Td>
              <Td>
                <StatusBadge status={pay.status} label={t.status.payment[pay.status]} />
              </Td>
              <Td className="hidden whitespace-nowrap md:table-cell">{t.purposes[pay.purpose]}</Td>
              <Td className="hidden font-mono text-xs lg:table-cell">{pay.invoice?.number ?? "—"}</Td>
            </tr>
          ))}
        </Tbody>
      </Table>
      <Pagination basePath="/admin/payments" params={params} cursor={query.cursor} nextCursor={page.nextCursor} labels={{ first: t.common.first, next: t.common.next, nav: t.common.pagination }} />
    </>
  );
}
