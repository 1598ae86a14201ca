import type { ReactNode } from "react";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { getMessages } from "@/lib/i18n/server";
import { AdminShell } from "@/components/admin/shell";
import { localDriverBanners } from "@/lib/services/drivers";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [principal, { locale, t }] = await Promise.all([requireAdminPage(), getMessages()]);
  return (
    <AdminShell principal={principal} locale={locale} t={t} banners={localDriverBanners(t)}>
      {children}
    </AdminShell>
  );
}
