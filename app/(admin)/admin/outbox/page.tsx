// /admin/outbox — the messages the console sent or will send, filterable by status and channel
import type { Metadata } from "next";
import Link from "next/link";
import { NotificationStatusBadge } from "@/components/admin/notification-status";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { AppError } from "@/lib/errors";
import { format, formatDate } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { listNotifications, maskRecipient } from "@/lib/services/notifications/outbox.service";
import { NOTIFICATION_STATUSES, ZListNotificationsRequest } from "@/types/notifications";

export const metadata: Metadata = { title: "Boîte d'envoi" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export default async function OutboxPage({ searchParams }: { searchParams: SearchParams }) {
  const [, { locale, t }, raw] = await Promise.all([requireAdminPage(), getMessages(), searchParams]);
  const query = { status: single(raw.status), channel: single(raw.channel), cursor: single(raw.cursor) };
  const parsed = ZListNotificationsRequest.safeParse(query);
  let problem: string | undefined = parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const filters = parsed.success ? parsed.data : {};
  let page: Awaited<ReturnType<typeof listNotifications>> = { data: [], nextCursor: null };
  try {
    page = await listNotifications({ status: filters.status, channel: filters.channel, cursor: filters.cursor, limit: 50 });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = error.message;
    page = await listNotifications({ status: filters.status, channel: filters.channel, limit: 50 });
  }
  const params = (extra: Record<string, string | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: filters.status, channel: filters.channel, ...extra })) if (v) search.set(k, v);
    const text = search.toString();
    return text ? `?${text}` : "";
  };
  const c = t.outbox.columns;

  return (
    <div>
      <h1 className="text-xl font-semibold tracking-tight">{t.outbox.title}</h1>
      <p className="mt-1 text-sm text-slate-600">{t.outbox.subtitle}</p>

      <form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label={t.outbox.filters}>
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600">{t.outbox.status}</span>
          <select name="status" defaultValue={filters.status ?? ""} className="mt-1 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="">{t.outbox.all}</option>
            {NOTIFICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.outbox.statuses[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-xs font-medium text-slate-600">{t.outbox.channel}</span>
          <select name="channel" defaultValue={filters.channel ?? ""} className="mt-1 rounded-lg border border-slate-300 bg-white px-2 py-1.5 text-sm">
            <option value="">{t.outbox.all}</option>
            <option value="EMAIL">{t.outbox.channels.EMAIL}</option>
            <option value="WHATSAPP">{t.outbox.channels.WHATSAPP}</option>
          </select>
        </label>
        <button type="submit" className="rounded-lg bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900">
          {t.outbox.apply}
        </button>
        <Link href="/admin/outbox" className="px-2 py-1.5 text-sm text-slate-700 underline">
          {t.outbox.reset}
        </Link>
      </form>

      {problem ? (
        <p role="alert" className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {format(t.outbox.invalidFilter, { message: problem })}
        </p>
      ) : null}

      <div className="mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{t.outbox.caption}</caption>
          <thead className="bg-slate-50 text-xs text-slate-600">
            <tr>
              {[c.status, c.channel, c.template, c.recipient, c.subject, c.attempts, c.lastError, c.createdAt, c.sentAt, c.details].map((label) => (
                <th key={label} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.data.map((n) => (
              <tr key={n.id} className="align-top">
                <td className="px-3 py-2">
                  <NotificationStatusBadge status={n.status} label={t.outbox.statuses[n.status]} />
                </td>
                <td className="px-3 py-2 whitespace-nowrap">{t.outbox.channels[n.channel]}</td>
                <td className="px-3 py-2 font-mono text-xs">{n.templateKey}</td>
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{maskRecipient(n.channel, n.recipient)}</td>
                <td className="max-w-xs truncate px-3 py-2" title={n.subject ?? undefined}>
                  {n.subject ?? t.outbox.detail.none}
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {n.attempts}/{n.maxAttempts}
                </td>
                <td className="max-w-xs px-3 py-2 text-xs break-words text-red-800">{n.lastError ?? ""}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDate(n.createdAt, locale, true)}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDate(n.sentAt, locale, true)}</td>
                <td className="px-3 py-2">
                  <Link href={`/admin/outbox/${n.id}`} className="text-brand-700 underline">
                    {t.outbox.view}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.data.length === 0 ? <p className="px-3 py-6 text-center text-sm text-slate-500">{t.outbox.empty}</p> : null}
      </div>

      <nav className="mt-3 flex gap-4 text-sm" aria-label="Pagination">
        {filters.cursor ? (
          <Link href={`/admin/outbox${params({})}`} className="text-brand-700 underline">
            {t.outbox.first}
          </Link>
        ) : null}
        {page.nextCursor ? (
          <Link href={`/admin/outbox${params({ cursor: page.nextCursor })}`} className="text-brand-700 underline">
            {t.outbox.next}
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
