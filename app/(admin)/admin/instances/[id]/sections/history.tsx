/** Status and history: the instance's audit entries, newest first, as a timeline. */
import Link from "next/link";
import { formatDate } from "@/lib/i18n";
import { listAuditEntries } from "@/lib/services/audit.service";
import { AuditChange } from "@/components/admin/audit-change";
import { Empty, Section } from "@/components/admin/ui/layout";
import type { SectionProps } from "../types";

export async function HistorySection({ instance, locale, t }: SectionProps) {
  const h = t.detail.history;
  const entries = await listAuditEntries({ instanceId: instance.id, limit: 15 });
  return (
    <Section id="history" title={t.detail.sections.history} actions={<Link href={`/admin/audit?instanceId=${instance.id}`} className="text-xs text-brand-700 underline">{h.all}</Link>}>
      {entries.data.length === 0 ? (
        <Empty>{h.empty}</Empty>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-5" data-testid="instance-history">
          {entries.data.map((e) => (
            <li key={e.id} className="relative">
              <span aria-hidden className="absolute top-1.5 -left-[25px] h-2.5 w-2.5 rounded-full border-2 border-white bg-slate-400 ring-1 ring-slate-300" />
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                <span className="font-mono text-xs font-semibold text-slate-900">{e.action}</span>
                <span className="text-xs text-slate-600">{formatDate(e.at, locale, true)}</span>
                <span className="max-w-full truncate text-xs text-slate-600">· {e.actorLabel ?? (t.audit.actorTypes as Record<string, string>)[e.actorType] ?? e.actorType}</span>
              </div>
              <div className="mt-1">
                <AuditChange before={e.before} after={e.after} labels={{ before: t.audit.before, after: t.audit.after, none: t.audit.noChange }} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}
