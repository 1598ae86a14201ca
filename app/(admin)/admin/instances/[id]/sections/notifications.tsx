/** Messages sent to the owner (link to the outbox) and the owner's opt-outs. */
import Link from "next/link";
import { format, formatDate } from "@/lib/i18n";
import { listNotifications, maskRecipient } from "@/lib/services/notifications/outbox.service";
import { preferencesAction } from "../../../_actions/content";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { formLabels } from "@/components/admin/ui/labels";
import { Empty, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import type { SectionProps } from "../types";

export async function NotificationsSection({ instance, locale, t, mutable }: SectionProps) {
  const n = t.detail.notifications;
  const page = await listNotifications({ instanceId: instance.id, limit: 10 });
  const emailOut = instance.settings?.emailOptOut ?? false;
  const whatsappOut = instance.settings?.whatsappOptOut ?? false;
  const out = [emailOut ? t.channels.EMAIL : null, whatsappOut ? t.channels.WHATSAPP : null].filter(Boolean).join(", ");
  return (
    <Section id="notifications" title={t.detail.sections.notifications} actions={<Link href={`/admin/outbox?instanceId=${instance.id}`} className="text-xs text-brand-700 underline">{n.all}</Link>}>
      {page.data.length === 0 ? (
        <Empty>{n.empty}</Empty>
      ) : (
        <Table caption={t.detail.sections.notifications}>
          <thead>
            <tr>
              <Th>{t.outbox.columns.createdAt}</Th>
              <Th>{t.outbox.columns.template}</Th>
              <Th>{t.outbox.columns.channel}</Th>
              <Th className="hidden md:table-cell">{t.outbox.columns.recipient}</Th>
              <Th>{t.outbox.columns.status}</Th>
            </tr>
          </thead>
          <Tbody>
            {page.data.map((m) => (
              <tr key={m.id}>
                <Td className="whitespace-nowrap text-xs">
                  <Link href={`/admin/outbox/${m.id}`} className="hover:underline">
                    {formatDate(m.createdAt, locale, true)}
                  </Link>
                </Td>
                <Td className="font-mono text-xs">{m.templateKey}</Td>
                <Td className="whitespace-nowrap">{t.channels[m.channel]}</Td>
                <Td className="hidden font-mono text-xs md:table-cell">{maskRecipient(m.channel, m.recipient)}</Td>
                <Td>
                  <StatusBadge status={m.status} label={t.outbox.statuses[m.status]} />
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
      <div className="mt-4 border-t border-slate-100 pt-3">
        <h3 className="text-xs font-semibold text-slate-700">{n.preferences}</h3>
        <p className="mt-1 text-sm text-slate-700">{out ? format(n.optOut, { channels: out }) : n.optOutNone}</p>
        {mutable ? (
          <ActionForm action={preferencesAction.bind(null, instance.id)} labels={formLabels(t)} className="mt-2 flex flex-wrap items-center gap-4 text-sm">
            <label className="flex items-center gap-2">
              <input type="checkbox" name="emailOptOut" defaultChecked={emailOut} /> {n.emailOptOut}
            </label>
            <label className="flex items-center gap-2">
              <input type="checkbox" name="whatsappOptOut" defaultChecked={whatsappOut} /> {n.whatsappOptOut}
            </label>
            <SubmitButton variant="secondary" pendingLabel={t.common.saving}>
              {t.common.save}
            </SubmitButton>
          </ActionForm>
        ) : null}
      </div>
    </Section>
  );
}
