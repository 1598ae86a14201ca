import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { requireAdminPage } from "@/lib/auth/admin-session";
import { getMessages } from "@/lib/i18n/server";
import { AdminShell } from "@/components/admin/shell";
import { BANNER_COOKIE } from "@/components/admin/constants";
import { localDriverBanners } from "@/lib/services/drivers";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const [principal, { locale, t }, cookieStore] = await Promise.all([requireAdminPage(), getMessages(), cookies()]);
  return (
    <AdminShell principal={principal} locale={locale} t={t} banners={localDriverBanners(t)} bannersHidden={cookieStore.get(BANNER_COOKIE)?.value === "hidden"}>
      {children}
    </AdminShell>
  );
}
