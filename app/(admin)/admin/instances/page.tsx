// /admin/instances — every instance: server-side filters, search, sort, keyset pages, bulk actions
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { Suspense } from "react";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { COUNTRIES } from "@/lib/countries";
import { AppError } from "@/lib/errors";
import { countryName, format, formatDate, formatNumber, intlLocale, planLabel, type Locale, type Messages } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { issuesText, pick, type RawSearchParams } from "@/lib/search-params";
import { listInstances } from "@/lib/services/instance.service";
import { ZListInstancesQuery, type TListInstancesQuery } from "@/types/instances";
import { FilterBar } from "@/components/admin/filter-bar";
import { PageHeader, Notice } from "@/components/admin/ui/layout";
import { Field, SelectInput, TextInput, buttonClass } from "@/components/admin/ui/fields";
import { Pagination } from "@/components/admin/ui/pagination";
import { SectionSkeleton } from "@/components/admin/ui/skeleton";
import { bulkAction } from "../_actions/instances";
import { InstancesTable, type InstanceRow } from "./instances-table";

export const generateMetadata = titled((t) => t.instances.title);

const KEYS = ["status", "plan", "country", "q", "sort", "cursor"] as const;
const STATUSES = ["ACTIVE", "SUSPENDED", "PROVISIONING", "PROVISIONING_FAILED", "DELETED"] as const;
const PLANS = ["TRIAL", "MONTHLY", "ANNUAL", "LIFETIME"] as const;

export default async function InstancesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const [principal, { locale, t }, raw] = await Promise.all([requireAdminPage(), getMessages(), searchParams]);
  const values = pick(raw, KEYS);
  const parsed = ZListInstancesQuery.safeParse({ ...values, limit: 50 });
  const query = parsed.success ? parsed.data : ZListInstancesQuery.parse({ limit: 50 });
  const problem = parsed.success ? undefined : issuesText(parsed.error);
  const ti = t.instances;
  const countries = [...COUNTRIES].map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) => a.label.localeCompare(b.label, intlLocale(locale)));
  return (
    <div>
      <PageHeader
        title={ti.title}
        description={ti.subtitle}
        actions={
          canMutate(principal) ? (
            <Link href="/admin/instances/new" className={buttonClass.primary} data-testid="new-instance">
              + {ti.create}
            </Link>
          ) : null
        }
      />
      <FilterBar label={t.common.filters} submitLabel={t.common.apply} resetLabel={t.common.reset} testId="instance-filters">
        <Field label={ti.search} name="q" className="w-full sm:w-72">
          <TextInput type="search" name="q" defaultValue={values.q ?? ""} placeholder={ti.searchPlaceholder} autoComplete="off" />
        </Field>
        <Field label={ti.status} name="status" className="w-[calc(50%-0.375rem)] sm:w-44">
          <SelectInput name="status" defaultValue={query.status ?? ""} options={[{ value: "", label: t.common.all }, ...STATUSES.map((s) => ({ value: s, label: t.status.instance[s] }))]} />
        </Field>
        <Field label={ti.plan} name="plan" className="w-[calc(50%-0.375rem)] sm:w-36">
          <SelectInput name="plan" defaultValue={query.plan ?? ""} options={[{ value: "", label: t.common.all }, ...PLANS.map((p) => ({ value: p, label: planLabel(p, locale) }))]} />
        </Field>
        <Field label={ti.country} name="country" className="w-[calc(50%-0.375rem)] sm:w-44">
          <SelectInput name="country" defaultValue={query.country ?? ""} options={[{ value: "", label: t.common.all }, ...countries]} />
        </Field>
        <Field label={ti.sort} name="sort" className="w-[calc(50%-0.375rem)] sm:w-40">
          <SelectInput name="sort" defaultValue={query.sort} options={(Object.keys(ti.sorts) as Array<keyof typeof ti.sorts>).map((s) => ({ value: s, label: ti.sorts[s] }))} />
        </Field>
      </FilterBar>
      {problem ? <Notice>{format(ti.invalidFilter, { message: problem })}</Notice> : null}
      <Suspense key={JSON.stringify(query)} fallback={<SectionSkeleton rows={8} label={t.common.loading} />}>
        <InstanceList query={query} locale={locale} t={t} mutable={canMutate(principal)} params={values} />
      </Suspense>
    </div>
  );
}

async function InstanceList({ query, locale, t, mutable, params }: { query: TListInstancesQuery; locale: Locale; t: Messages; mutable: boolean; params: Record<string, string | undefined> }) {
  let page: Awaited<ReturnType<typeof listInstances>>;
  let problem: string | undefined;
  try {
    page = await listInstances(query);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
    page = await listInstances({ ...query, cursor: undefined });
  }
  const rows: InstanceRow[] = page.data.map((i) => ({
    id: i.id,
    name: i.name,
    subdomain: i.subdomain,
    owner: i.ownerEmail,
    country: countryName(i.country, locale),
    status: i.status,
    statusLabel: t.status.instance[i.status],
    plan: i.subscription ? planLabel(i.subscription.plan.code, locale) : "—",
    subscription: i.subscription ? t.status.subscription[i.subscription.status] : "",
    periodEnd: i.subscription ? (i.subscription.currentPeriodEnd ? formatDate(i.subscription.currentPeriodEnd, locale) : t.instances.lifetime) : "—",
    created: formatDate(i.createdAt, locale),
  }));
  return (
    <>
      {problem ? <Notice>{format(t.instances.invalidFilter, { message: problem })}</Notice> : null}
      <p className="mb-2 text-xs text-slate-600" data-testid="instances-total">
        {format(t.instances.total, { total: formatNumber(page.total, locale) })}
      </p>
      <InstancesTable
        rows={rows}
        mutable={mutable}
        suspendAction={bulkAction.bind(null, "suspend")}
        reactivateAction={bulkAction.bind(null, "reactivate")}
        labels={{
          ...t.instances,
          columns: t.instances.columns,
          suspendedLabel: t.status.instance.SUSPENDED,
          activeLabel: t.status.instance.ACTIVE,
          cancel: t.common.cancel,
          close: t.common.close,
          done: t.common.done,
          copy: t.common.copy,
          copied: t.common.copied,
          working: t.common.working,
        }}
      />
      <Pagination basePath="/admin/instances" params={{ ...params, cursor: undefined }} cursor={query.cursor} nextCursor={page.nextCursor} labels={{ first: t.common.first, next: t.common.next, nav: t.common.pagination }} />
    </>
  );
}
