/** The instance's payments (with a refund action on each refundable one) and its refunds. */
import Link from "next/link";
import { format, formatDate } from "@/lib/i18n";
import { formatMoney, minorToMajor, isCurrency } from "@/lib/money";
import { listPayments } from "@/lib/services/payment.service";
import { listRefunds } from "@/lib/services/refund.service";
import { refundAction } from "../../../_actions/billing";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { Field, TextArea, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { Empty, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import type { SectionProps } from "../types";

export async function PaymentsSection({ instance, locale, t, mutable }: SectionProps) {
  const p = t.detail.payments;
  const [payments, refunds] = await Promise.all([listPayments({ instanceId: instance.id, limit: 20 }), listRefunds({ instanceId: instance.id, limit: 20 })]);
  const money = (minor: number, currency: string) => formatMoney(minor, currency.trim(), locale);
  return (
    <Section id="payments" title={t.detail.sections.payments} actions={<Link href={`/admin/payments?instanceId=${instance.id}`} className="text-xs text-brand-700 underline">{p.all}</Link>}>
      {payments.data.length === 0 ? (
        <Empty>{p.empty}</Empty>
      ) : (
        <Table caption={p.caption} testId="instance-payments">
          <thead>
            <tr>
              <Th>{p.date}</Th>
              <Th className="text-right">{p.amount}</Th>
              <Th>{p.provider}</Th>
              <Th>{p.status}</Th>
              <Th className="hidden 2xl:table-cell">{p.purpose}</Th>
              <Th className="hidden 2xl:table-cell">{p.reference}</Th>
              <Th>{p.invoice}</Th>
            </tr>
          </thead>
          <Tbody>
            {payments.data.map((pay) => {
              const currency = pay.currency.trim();
              const remaining = pay.amountMinor - pay.amountRefundedMinor;
              const refundable = mutable && (pay.status === "SUCCEEDED" || pay.status === "PARTIALLY_REFUNDED") && remaining > 0;
              return (
                <tr key={pay.id}>
                  <Td className="whitespace-nowrap">
                    <Link href={`/admin/payments/${pay.id}`} className="hover:underline">
                      {formatDate(pay.createdAt, locale, true)}
                    </Link>
                  </Td>
                  <Td className="text-right whitespace-nowrap tabular-nums">
                    {money(pay.amountMinor, currency)}
                    {pay.amountRefundedMinor > 0 ? <div className="text-xs text-violet-800">−{money(pay.amountRefundedMinor, currency)}</div> : null}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {t.providers[pay.provider]}
                    {pay.manualMethod ? <div className="text-xs text-slate-600">{(t.manualMethods as Record<string, string>)[pay.manualMethod] ?? pay.manualMethod}</div> : null}
                  </Td>
                  <Td>
                    <StatusBadge status={pay.status} label={t.status.payment[pay.status]} />
                    <div className="mt-1">
                      {refundable ? (
                        <DialogButton label={p.refund} variant="ghost" title={format(p.refundTitle, { id: pay.id })} closeLabel={t.common.close}>
                          <ActionForm action={refundAction.bind(null, pay.id)} labels={formLabels(t)} className="space-y-4">
                            <Field label={format(p.refundAmount, { currency })} name="amount" id="refund-amount" hint={format(p.refundAmountHint, { remaining: money(remaining, currency) })}>
                              <TextInput name="amount" id="refund-amount" inputMode="decimal" placeholder={isCurrency(currency) ? String(minorToMajor(remaining, currency)) : undefined} />
                            </Field>
                            <Field label={p.refundReason} name="reason" id="refund-reason" hint={t.instances.reasonHint}>
                              <TextArea name="reason" id="refund-reason" rows={2} required minLength={3} maxLength={500} />
                            </Field>
                            <label className="flex items-start gap-2 text-sm">
                              <input type="checkbox" name="endSubscription" className="mt-0.5" /> {p.endSubscription}
                            </label>
                            <div className="flex justify-end gap-2">
                              <DialogCancel label={t.common.cancel} />
                              <SubmitButton variant="danger" pendingLabel={t.common.working}>
                                {p.refund}
                              </SubmitButton>
                            </div>
                          </ActionForm>
                        </DialogButton>
                      ) : null}
                    </div>
                  </Td>
                  <Td className="hidden whitespace-nowrap 2xl:table-cell">{t.purposes[pay.purpose]}</Td>
                  <Td className="hidden max-w-40 truncate font-mono text-xs 2xl:table-cell" title={pay.providerReference ?? undefined}>
                    {pay.providerReference ?? "—"}
                  </Td>
                  <Td className="whitespace-nowrap">
                    {pay.invoice ? (
                      <a href={`/api/admin/invoices/${pay.invoice.id}/pdf?locale=${locale}`} className="text-brand-700 underline" aria-label={format(t.detail.invoices.download, { number: pay.invoice.number })}>
                        {pay.invoice.number}
                      </a>
                    ) : (
                      "—"
                    )}
                  </Td>

                </tr>
              );
            })}
          </Tbody>
        </Table>
      )}
      <h3 className="mt-5 mb-2 text-xs font-semibold text-slate-700">{p.refunds}</h3>
      {refunds.length === 0 ? (
        <p className="text-sm text-slate-600">{p.refundsEmpty}</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {refunds.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium tabular-nums">{money(r.amountMinor, r.currency)}</span> · {formatDate(r.createdAt, locale, true)} · {r.reason}
              </span>
              <span className="flex items-center gap-2">
                <Link href={`/admin/payments/${r.payment.id}`} className="font-mono text-xs text-brand-700 underline">
                  {r.payment.id}
                </Link>
                <StatusBadge status={r.status} label={t.status.refund[r.status]} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
