/** Invoices issued for the instance, each downloadable as PDF in the admin's language. */
import { format, formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { listInvoices } from "@/lib/services/invoice.service";
import { Empty, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import type { SectionProps } from "../types";

export async function InvoicesSection({ instance, locale, t }: SectionProps) {
  const v = t.detail.invoices;
  const invoices = await listInvoices({ instanceId: instance.id, limit: 20 });
  return (
    <Section id="invoices" title={t.detail.sections.invoices}>
      {invoices.length === 0 ? (
        <Empty>{v.empty}</Empty>
      ) : (
        <Table caption={v.caption}>
          <thead>
            <tr>
              <Th>{v.number}</Th>
              <Th>{v.date}</Th>
              <Th className="hidden sm:table-cell">{v.period}</Th>
              <Th className="text-right">{v.amount}</Th>
              <Th>{v.pdf}</Th>
            </tr>
          </thead>
          <Tbody>
            {invoices.map((i) => (
              <tr key={i.id}>
                <Td className="font-mono text-xs">{i.number}</Td>
                <Td className="whitespace-nowrap">{formatDate(i.issuedAt, locale)}</Td>
                <Td className="hidden whitespace-nowrap sm:table-cell">
                  {planLabel(i.planCode, locale)} · {formatDate(i.periodStart, locale)} → {i.periodEnd ? formatDate(i.periodEnd, locale) : "∞"}
                </Td>
                <Td className="text-right tabular-nums">{formatMoney(i.amountMinor, i.currency.trim(), locale)}</Td>
                <Td>
                  <a href={`/api/admin/invoices/${i.id}/pdf?locale=${locale}`} className="text-brand-700 underline" aria-label={format(v.download, { number: i.number })}>
                    PDF
                  </a>
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Section>
  );
}
