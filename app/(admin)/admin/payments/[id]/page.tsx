// /admin/payments/[id] — one payment: its figures, its events, refunds and invoice; refund or reconcile it
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { notFound } from "next/navigation";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { format, formatDate, planLabel } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { formatMoney, isCurrency, minorToMajor } from "@/lib/money";
import { getPaymentOrThrow } from "@/lib/services/payment.service";
import { reconcileAction, refundAction } from "../../_actions/billing";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { Empty, Facts, PageHeader, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export const generateMetadata = titled((t) => t.nav.payments);

async function load(id: string) {
  try {
    return await getPaymentOrThrow(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function PaymentPage({ params }: { params: Promise<{ id: string }> }) {
  const [principal, { locale, t }, { id }] = await Promise.all([requireAdminPage(), getMessages(), params]);
  const pay = await load(id);
  const d = t.payments.detail;
  const currency = pay.currency.trim();
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const remaining = pay.amountMinor - pay.amountRefundedMinor - pay.refunds.filter((r) => r.status === "PENDING").reduce((s, r) => s + r.amountMinor, 0);
  const mutable = canMutate(principal);
  const actions = mutable ? (
    <>
      {(pay.status === "SUCCEEDED" || pay.status === "PARTIALLY_REFUNDED") && remaining > 0 ? (
        <DialogButton label={t.detail.payments.refund} title={format(t.detail.payments.refundTitle, { id: pay.id })} closeLabel={t.common.close} testId="refund">
          <ActionForm action={refundAction.bind(null, pay.id)} labels={formLabels(t)} className="space-y-4">
            <Field label={format(t.detail.payments.refundAmount, { currency })} name="amount" hint={format(t.detail.payments.refundAmountHint, { remaining: money(remaining) })}>
              <TextInput name="amount" inputMode="decimal" placeholder={isCurrency(currency) ? String(minorToMajor(remaining, currency)) : undefined} />
            </Field>
            <Field label={t.detail.payments.refundReason} name="reason" hint={t.instances.reasonHint}>
              <TextArea name="reason" rows={2} required minLength={3} maxLength={500} />
            </Field>
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="endSubscription" className="mt-0.5" /> {t.detail.payments.endSubscription}
            </label>
            <div className="flex justify-end gap-2">
              <DialogCancel label={t.common.cancel} />
              <SubmitButton variant="danger" pendingLabel={t.common.working}>
                {t.detail.payments.refund}
              </SubmitButton>
            </div>
          </ActionForm>
        </DialogButton>
      ) : null}
      {pay.status === "PENDING" && pay.provider !== "MANUAL" ? (
        <ActionForm action={reconcileAction.bind(null, pay.id)} labels={formLabels(t)}>
          <SubmitButton variant="secondary" pendingLabel={t.common.working}>
            {d.reconcile}
          </SubmitButton>
        </ActionForm>
      ) : null}
    </>
  ) : null;
  return (
    <div className="space-y-6">
      <PageHeader
        back={{ href: "/admin/payments", label: d.back }}
        title={format(d.title, { id: pay.id })}
        badge={<StatusBadge status={pay.status} label={t.status.payment[pay.status]} />}
        description={
          <Link href={`/admin/instances/${pay.instanceId}`} className="text-brand-700 underline">
            {pay.instance.name} ({pay.instance.subdomain})
          </Link>
        }
        actions={actions}
      />
      <Section id="summary" title={d.summary}>
        <Facts
          columns={3}
          items={[
            { label: t.payments.columns.amount, value: <span className="text-lg font-semibold tabular-nums">{money(pay.amountMinor)}</span> },
            { label: d.plan, value: planLabel(pay.planCode, locale) },
            { label: t.payments.columns.purpose, value: t.purposes[pay.purpose] },
            { label: t.payments.columns.provider, value: t.providers[pay.provider] },
            { label: d.reference, value: pay.providerReference ?? "—", mono: true },
            { label: d.initiatedBy, value: pay.initiatedBy },
            ...(pay.creditMinor > 0 ? [{ label: d.credit, value: money(pay.creditMinor) }] : []),
            ...(pay.amountRefundedMinor > 0 ? [{ label: d.refunded, value: money(pay.amountRefundedMinor) }] : []),
            ...(pay.manualMethod ? [{ label: d.manualMethod, value: (t.manualMethods as Record<string, string>)[pay.manualMethod] ?? pay.manualMethod }] : []),
            ...(pay.failureMessage ? [{ label: d.failure, value: `${pay.failureMessage} (${pay.failureCode ?? ""})` }] : []),
            { label: t.common.date, value: formatDate(pay.createdAt, locale, true) },
            ...(pay.succeededAt ? [{ label: d.succeededAt, value: formatDate(pay.succeededAt, locale, true) }] : []),
            ...(pay.failedAt ? [{ label: d.failedAt, value: formatDate(pay.failedAt, locale, true) }] : []),
            ...(pay.status === "PENDING" && pay.expiresAt ? [{ label: d.expiresAt, value: formatDate(pay.expiresAt, locale, true) }] : []),
            ...(pay.invoice
              ? [{ label: t.payments.columns.invoice, value: <a href={`/api/admin/invoices/${pay.invoice.id}/pdf?locale=${locale}`} className="text-brand-700 underline">{pay.invoice.number} (PDF)</a> }]
              : []),
          ]}
        />
      </Section>
      <Section id="events" title={d.events}>
        {pay.events.length === 0 ? (
          <Empty>—</Empty>
        ) : (
          <Table caption={d.eventsCaption}>
            <thead>
              <tr>
                <Th>{t.common.date}</Th>
                <Th>{d.type}</Th>
                <Th>{d.change}</Th>
                <Th>{d.source}</Th>
                <Th className="hidden md:table-cell">{d.data}</Th>
              </tr>
            </thead>
            <Tbody>
              {pay.events.map((e) => (
                <tr key={e.id}>
                  <Td className="whitespace-nowrap text-xs">{formatDate(e.createdAt, locale, true)}</Td>
                  <Td className="font-mono text-xs">{e.type}</Td>
                  <Td className="text-xs whitespace-nowrap">{e.fromStatus || e.toStatus ? `${e.fromStatus ? t.status.payment[e.fromStatus] : "∅"} → ${e.toStatus ? t.status.payment[e.toStatus] : "∅"}` : "—"}</Td>
                  <Td className="text-xs">{e.source}</Td>
                  <Td className="hidden max-w-md md:table-cell">
                    <code className="block truncate text-[11px] text-slate-700" title={JSON.stringify(e.data)}>
                      {JSON.stringify(e.data)}
                    </code>
                  </Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Section>
      <Section id="refunds" title={t.detail.payments.refunds}>
        {pay.refunds.length === 0 ? (
          <Empty>{t.detail.payments.refundsEmpty}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {pay.refunds.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium tabular-nums">{money(r.amountMinor)}</span> · {formatDate(r.createdAt, locale, true)} · {r.reason}
                  {r.failureMessage ? <span className="text-red-800"> — {r.failureMessage}</span> : null}
                </span>
                <StatusBadge status={r.status} label={t.status.refund[r.status]} />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
