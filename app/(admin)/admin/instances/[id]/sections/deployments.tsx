/** Deployments of the pharmacy app with their state changes; simulated ones say so. */
import { format, formatDate } from "@/lib/i18n";
import { listDeployments } from "@/lib/services/vercel.service";
import { Badge, StatusBadge } from "@/components/admin/ui/badge";
import { Empty, Section } from "@/components/admin/ui/layout";
import type { SectionProps } from "../types";

export async function DeploymentsSection({ instance, locale, t }: SectionProps) {
  const d = t.detail.deployments;
  const deployments = await listDeployments(instance.id);
  return (
    <Section id="deployments" title={t.detail.sections.deployments}>
      {deployments.length === 0 ? (
        <Empty>{d.empty}</Empty>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="deployments">
          {deployments.slice(0, 10).map((dep) => (
            <li key={dep.id} className="py-3 first:pt-0 last:pb-0">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <StatusBadge status={dep.state} label={t.status.deployment[dep.state]} />
                <span className="font-medium">{(d.triggers as Record<string, string>)[dep.trigger] ?? dep.trigger}</span>
                <span className="text-xs text-slate-600">{formatDate(dep.createdAt, locale, true)}</span>
                {dep.simulated ? <Badge tone="amber">{d.simulated}</Badge> : <Badge tone="slate">{dep.driver}</Badge>}
              </div>
              <div className="mt-1 text-xs text-slate-600">
                {dep.url ? <span className="font-mono break-all">{dep.url}</span> : null}
                {dep.error ? <p className="mt-1 text-red-800">{dep.error}</p> : null}
              </div>
              {dep.events.length > 0 ? (
                <details className="mt-1 text-xs">
                  <summary className="cursor-pointer text-slate-600 hover:text-slate-900">{format(d.events, { count: dep.events.length })}</summary>
                  <ol className="mt-1 space-y-0.5 pl-4">
                    {dep.events.map((e) => (
                      <li key={e.id} className="list-disc">
                        {formatDate(e.createdAt, locale, true)} — {t.status.deployment[e.state]} ({e.source}){e.message ? ` : ${e.message}` : ""}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
