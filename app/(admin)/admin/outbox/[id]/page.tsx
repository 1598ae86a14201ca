// /admin/outbox/[id] — one message: its state and its rendered content (text, and HTML in a sandbox)
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { NotificationStatusBadge } from "@/components/admin/notification-status";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { format, formatDate } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { getNotificationOrThrow } from "@/lib/services/notifications/outbox.service";

export const metadata: Metadata = { title: "Message" };

async function load(id: string) {
  try {
    return await getNotificationOrThrow(id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  const [{ locale, t }, n] = await Promise.all([getMessages(), load(id)]);
  const d = t.outbox.detail;
  const c = t.outbox.columns;
  const rows: [string, string][] = [
    [c.channel, t.outbox.channels[n.channel]],
    [c.template, n.templateKey],
    [d.version, n.templateVersion ? String(n.templateVersion) : d.defaultVersion],
    [d.locale, n.locale],
    [c.recipient, n.recipient || d.none],
    [d.instance, n.instanceId ?? d.none],
    [c.attempts, `${n.attempts}/${n.maxAttempts}`],
    [d.nextAttempt, n.status === "QUEUED" ? formatDate(n.nextAttemptAt, locale, true) : d.none],
    [c.lastError, n.lastError ?? d.none],
    [d.driver, n.driver ?? d.none],
    [d.provider, n.providerMessageId ?? d.none],
    [d.dedupeKey, n.dedupeKey],
    [c.createdAt, formatDate(n.createdAt, locale, true)],
    [c.sentAt, formatDate(n.sentAt, locale, true)],
    [d.deliveredAt, formatDate(n.deliveredAt, locale, true)],
    [d.failedAt, formatDate(n.failedAt, locale, true)],
  ];

  return (
    <div>
      <Link href="/admin/outbox" className="text-sm text-brand-700 underline">
        {t.outbox.back}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight">{format(d.title, { id: n.id })}</h1>
        <NotificationStatusBadge status={n.status} label={t.outbox.statuses[n.status]} />
      </div>
      {n.subject ? <p className="mt-1 text-sm text-slate-700">{n.subject}</p> : null}

      <section aria-labelledby="summary" className="mt-6">
        <h2 id="summary" className="text-sm font-semibold text-slate-900">
          {d.summary}
        </h2>
        <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2">
          {rows.map(([label, value]) => (
            <div key={label} className="flex gap-2">
              <dt className="w-44 shrink-0 text-slate-500">{label}</dt>
              <dd className="min-w-0 font-mono text-xs break-words text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="text" className="mt-6">
        <h2 id="text" className="text-sm font-semibold text-slate-900">
          {d.text}
        </h2>
        <pre className="mt-2 overflow-x-auto rounded-xl border border-slate-200 bg-white p-4 text-sm whitespace-pre-wrap">{n.bodyText}</pre>
      </section>

      <section aria-labelledby="html" className="mt-6">
        <h2 id="html" className="text-sm font-semibold text-slate-900">
          {d.html}
        </h2>
        {n.bodyHtml ? (
          // sandbox="" : no scripts, no forms, no navigation, an opaque origin — the stored HTML cannot act.
          <iframe sandbox="" srcDoc={n.bodyHtml} title={d.htmlFrame} className="mt-2 h-[480px] w-full rounded-xl border border-slate-200 bg-white" />
        ) : (
          <p className="mt-2 text-sm text-slate-500">{d.noHtml}</p>
        )}
      </section>
    </div>
  );
}
