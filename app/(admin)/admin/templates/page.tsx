// /admin/templates — every message template (key × channel × language) at its current version
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { formatDate } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { listTemplates } from "@/lib/services/notifications/templates.service";
import { Badge } from "@/components/admin/ui/badge";
import { PageHeader } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";

export const generateMetadata = titled((t) => t.templates.title);

export default async function TemplatesPage() {
  const [, { locale, t }, templates] = await Promise.all([requireAdminPage(), getMessages(), listTemplates()]);
  const m = t.templates;
  const keys = [...new Set(templates.map((x) => x.key))];
  return (
    <div>
      <PageHeader title={m.title} description={m.subtitle} />
      <Table caption={m.caption} testId="templates-table">
        <thead>
          <tr>
            <Th>{m.columns.template}</Th>
            <Th>{m.columns.channel}</Th>
            <Th>{m.columns.locale}</Th>
            <Th>{m.columns.version}</Th>
            <Th className="hidden md:table-cell">{m.columns.updated}</Th>
          </tr>
        </thead>
        <Tbody>
          {keys.flatMap((key) =>
            templates
              .filter((x) => x.key === key)
              .map((x, i) => (
                <tr key={`${x.key}:${x.channel}:${x.locale}`} className={i === 0 ? "border-t-2 border-slate-200" : ""}>
                  <Td>
                    {i === 0 ? (
                      <>
                        <div className="font-mono text-xs font-semibold text-slate-900">{x.key}</div>
                        <div className="text-xs text-slate-600">{(m.descriptions as Record<string, string>)[x.key] ?? x.description}</div>
                      </>
                    ) : null}
                  </Td>
                  <Td className="whitespace-nowrap">{t.channels[x.channel]}</Td>
                  <Td className="whitespace-nowrap">
                    <Link href={`/admin/templates/${x.key}/${x.channel.toLowerCase()}/${x.locale}`} className="font-medium text-brand-700 underline" data-testid={`template-${x.key}-${x.channel.toLowerCase()}-${x.locale}`}>
                      {(t.locales as Record<string, string>)[x.locale] ?? x.locale}
                    </Link>
                  </Td>
                  <Td>{x.version > 0 ? <Badge tone={x.version > 1 ? "violet" : "slate"}>v{x.version}</Badge> : <Badge>{m.defaultVersion}</Badge>}</Td>
                  <Td className="hidden text-xs whitespace-nowrap md:table-cell">{x.createdAt ? formatDate(x.createdAt, locale, true) : "—"}</Td>
                </tr>
              )),
          )}
        </Tbody>
      </Table>
    </div>
  );
}
