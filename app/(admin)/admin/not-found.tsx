import Link from "next/link";
import { getMessages } from "@/lib/i18n/server";

export default async function AdminNotFound() {
  const { t } = await getMessages();
  return (
    <div className="mx-auto mt-10 max-w-lg rounded-2xl border border-slate-200 bg-white p-6 text-center shadow-sm">
      <p className="text-3xl font-semibold text-slate-400" aria-hidden>
        404
      </p>
      <h1 className="mt-2 text-lg font-semibold text-slate-900">{t.errors.notFoundTitle}</h1>
      <p className="mt-2 text-sm text-slate-700">{t.errors.notFoundBody}</p>
      <Link href="/admin/dashboard" className="mt-4 inline-block rounded-lg bg-brand-700 px-3 py-2 text-sm font-medium text-white hover:bg-brand-900">
        {t.errors.backToDashboard}
      </Link>
    </div>
  );
}
