/** The instance's card: who and where, what the pharmacy app would be told, and its database (never its password). */
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { countryName, formatDate, planLabel } from "@/lib/i18n";
import { entitlementFor, type Entitlement } from "@/lib/services/entitlement.service";
import { Badge, StatusBadge } from "@/components/admin/ui/badge";
import { Empty, Facts, Section } from "@/components/admin/ui/layout";
import type { SectionProps } from "../types";

export function SummarySection({ instance: i, locale, t }: SectionProps) {
  const f = t.detail.fields;
  const items = [
    { label: f.owner, value: i.ownerName ?? "—" },
    { label: f.email, value: i.ownerEmail },
    { label: f.phone, value: i.ownerPhone ?? "—" },
    { label: f.country, value: countryName(i.country, locale) },
    { label: f.locale, value: i.settings ? ((t.locales as Record<string, string>)[i.settings.locale] ?? i.settings.locale) : "—" },
    { label: f.currency, value: i.settings?.currency.trim() ?? "EUR" },
    { label: f.source, value: (t.detail.sources as Record<string, string>)[i.source] ?? i.source },
    { label: f.createdAt, value: formatDate(i.createdAt, locale, true) },
    ...(i.provisionedAt ? [{ label: f.provisionedAt, value: formatDate(i.provisionedAt, locale, true) }] : []),
    ...(i.suspendedAt ? [{ label: f.suspended, value: formatDate(i.suspendedAt, locale, true) }] : []),
    ...(i.suspendedReason
      ? [{ label: f.suspendedReason, value: `${(t.suspendReasons as Record<string, string>)[i.suspendedReason] ?? i.suspendedReason}${i.suspendedNote ? ` — ${i.suspendedNote}` : ""}` }]
      : []),
    ...(i.provisioningError ? [{ label: f.provisioningError, value: `${i.provisioningStep ?? ""} ${i.provisioningError}`.trim() }] : []),
    ...(i.deletedAt ? [{ label: f.deletedAt, value: formatDate(i.deletedAt, locale, true) }] : []),
    ...(i.purgeAfter ? [{ label: f.purgeAfter, value: formatDate(i.purgeAfter, locale) }] : []),
  ];
  return (
    <Section id="summary" title={t.detail.sections.summary}>
      <Facts columns={1} items={items} />
    </Section>
  );
}

async function entitlementOrRefusal(subdomain: string): Promise<Entitlement | undefined> {
  try {
    return await entitlementFor(subdomain, now());
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return undefined;
    throw error;
  }
}

export async function EntitlementSection({ instance, locale, t }: SectionProps) {
  const e = t.detail.entitlement;
  const answer = await entitlementOrRefusal(instance.subdomain);
  const reason = (code: string | null) => (code ? ((e.reasons as Record<string, string>)[code] ?? code) : "—");
  return (
    <Section id="entitlement" title={t.detail.sections.entitlement} description={e.help.replace("{subdomain}", instance.subdomain)}>
      {answer ? (
        <div data-testid="entitlement">
          <p className="mb-3">{answer.allowed ? <Badge tone="green">{e.allowed}</Badge> : <Badge tone="red">{e.refused}</Badge>}</p>
          <Facts
            columns={1}
            items={[
              ...(answer.allowed ? [] : [{ label: e.reason, value: reason(answer.reason) }]),
              { label: e.plan, value: planLabel(answer.plan, locale) },
              { label: e.status, value: answer.subscriptionStatus ? t.status.subscription[answer.subscriptionStatus as keyof typeof t.status.subscription] : "—" },
              { label: e.until, value: answer.until ? formatDate(answer.until, locale, true) : t.detail.subscription.never },
            ]}
          />
        </div>
      ) : (
        <p data-testid="entitlement">
          <Badge tone="red">{e.refused}</Badge> <span className="text-sm text-slate-700">{reason("deleted")}</span>
        </p>
      )}
    </Section>
  );
}

export function TenantDbSection({ instance, locale, t }: SectionProps) {
  const d = t.detail.tenantDb;
  const db = instance.tenantDatabase;
  return (
    <Section id="tenant-db" title={t.detail.sections.tenantDb} description={d.password}>
      {db ? (
        <Facts
          columns={1}
          items={[
            { label: d.status, value: <StatusBadge status={db.status} label={t.status.tenantDb[db.status]} /> },
            { label: d.database, value: db.databaseName, mono: true },
            { label: d.role, value: db.roleName, mono: true },
            { label: d.host, value: `${db.host}:${db.port}`, mono: true },
            { label: d.created, value: formatDate(db.createdAt, locale, true) },
            ...(db.readyAt ? [{ label: d.ready, value: formatDate(db.readyAt, locale, true) }] : []),
            ...(db.error ? [{ label: d.error, value: db.error }] : []),
          ]}
        />
      ) : (
        <Empty>{d.none}</Empty>
      )}
    </Section>
  );
}
