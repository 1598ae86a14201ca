// /admin/outbox/[id] — one message: its state and its rendered content (text, and HTML in a sandbox); resend it
import { titled } from "@/lib/i18n/metadata";
import Link from "next/link";
import { notFound } from "next/navigation";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { format, formatDate } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { getNotificationOrThrow } from "@/lib/services/notifications/outbox.service";
import { resendAction } from "../../_actions/content";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { formLabels } from "@/components/admin/ui/labels";
import { Facts, PageHeader, Section } from "@/components/admin/ui/layout";

export const generateMetadata = titled((t) => t.outbox.title);

async function load(id: string) {
  try {
    return await getNotificationOrThrow(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const [principal, { id }] = await Promise.all([requireAdminPage(), params]);
  const [{ locale, t }, n] = await Promise.all([getMessages(), load(id)]);
  const d = t.outbox.detail;
  const c = t.outbox.columns;
  const resendable = canMutate(principal) && ["FAILED", "SENT", "DELIVERED"].includes(n.status);
  const rows: Array<{ label: string; value: React.ReactNode; mono?: boolean }> = [
    { label: c.channel, value: t.outbox.channels[n.channel] },
    { label: c.template, value: n.templateKey, mono: true },
    { label: d.version, value: n.templateVersion ? String(n.templateVersion) : d.defaultVersion },
    { label: d.locale, value: n.locale },
    { label: c.recipient, value: n.recipient || d.none, mono: true },
    {
      label: d.instance,
      value: n.instanceId ? (
        <Link href={`/admin/instances/${n.instanceId}`} className="text-brand-700 underline">
          {n.instanceId}
        </Link>
      ) : (
        d.none
      ),
      mono: true,
    },
    { label: c.attempts, value: `${n.attempts}/${n.maxAttempts}` },
    { label: d.nextAttempt, value: n.status === "QUEUED" ? formatDate(n.nextAttemptAt, locale, true) : d.none },
    { label: c.lastError, value: n.lastError ?? d.none },
    { label: d.driver, value: n.driver ?? d.none },
    { label: d.provider, value: n.providerMessageId ?? d.none, mono: true },
    { label: d.dedupeKey, value: n.dedupeKey, mono: true },
    { label: c.createdAt, value: formatDate(n.createdAt, locale, true) },
    { label: c.sentAt, value: formatDate(n.sentAt, locale, true) },
    { label: d.deliveredAt, value: formatDate(n.deliveredAt, locale, true) },
    { label: d.failedAt, value: formatDate(n.failedAt, locale, true) },
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        back={{ href: "/admin/outbox", label: t.outbox.back }}
        title={format(d.title, { id: n.id })}
        badge={<StatusBadge status={n.status} label={t.outbox.statuses[n.status]} />}
        description={n.subject ?? undefined}
        actions={
          resendable ? (
            <ActionForm action={resendAction.bind(null, n.id)} labels={formLabels(t)}>
              <SubmitButton variant="secondary" pendingLabel={t.common.working}>
                {t.outbox.resend}
              </SubmitButton>
            </ActionForm>
          ) : null
        }
      />
      <Section id="summary" title={d.summary}>
        <Facts columns={2} items={rows} />
      </Section>
      <Section id="text" title={d.text}>
        <pre className="overflow-x-auto text-sm whitespace-pre-wrap">{n.bodyText}</pre>
      </Section>
      <Section id="html" title={d.html}>
        {n.bodyHtml ? (
          // sandbox="" : no scripts, no forms, no navigation, an opaque origin — the stored HTML cannot act.
          <iframe sandbox="" srcDoc={n.bodyHtml} title={d.htmlFrame} className="h-[480px] w-full rounded-lg border border-slate-200 bg-white" />
        ) : (
          <p className="text-sm text-slate-600">{d.noHtml}</p>
        )}
      </Section>
    </div>
  );
}
