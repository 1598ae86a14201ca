/** Status and history: the instance's audit entries, newest first. */
import Link from "next/link";
import { formatDate } from "@/lib/i18n";
import { listAuditEntries } from "@/lib/services/audit.service";
import { AuditChange } from "@/components/admin/audit-change";
import { Empty, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import type { SectionProps } from "../types";

export async function HistorySection({ instance, locale, t }: SectionProps) {
  const h = t.detail.history;
  const entries = await listAuditEntries({ instanceId: instance.id, limit: 15 });
  return (
    <Section id="history" title={t.detail.sections.history} actions={<Link href={`/admin/audit?instanceId=${instance.id}`} className="text-xs text-brand-700 underline">{h.all}</Link>}>
      {entries.data.length === 0 ? (
        <Empty>{h.empty}</Empty>
      ) : (
        <Table caption={t.detail.sections.history} testId="instance-history">
          <thead>
            <tr>
              <Th>{h.when}</Th>
              <Th>{h.what}</Th>
              <Th className="hidden md:table-cell">{h.who}</Th>
              <Th>{h.change}</Th>
            </tr>
          </thead>
          <Tbody>
            {entries.data.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap text-xs">{formatDate(e.at, locale, true)}</Td>
                <Td className="font-mono text-xs whitespace-nowrap">{e.action}</Td>
                <Td className="hidden max-w-48 truncate text-xs md:table-cell" title={e.actorLabel ?? undefined}>
                  {e.actorLabel ?? (t.audit.actorTypes as Record<string, string>)[e.actorType] ?? e.actorType}
                </Td>
                <Td>
                  <AuditChange before={e.before} after={e.after} labels={{ before: t.audit.before, after: t.audit.after, none: t.audit.noChange }} />
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Section>
  );
}
