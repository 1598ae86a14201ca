import Link from "next/link";
import type { ReactNode } from "react";
import type { AdminPrincipal } from "@/lib/auth/admin-session";
import type { Locale, Messages } from "@/lib/i18n";
import { LocaleSwitch } from "@/components/locale-switch";
import { SignOutButton } from "./sign-out-button";
import { NavLinks } from "./nav-links";

export function AdminShell({
  principal,
  locale,
  t,
  banners,
  children,
}: {
  principal: AdminPrincipal;
  locale: Locale;
  t: Messages;
  banners: string[];
  children: ReactNode;
}) {
  const items = [
    { href: "/admin/dashboard", label: t.nav.dashboard },
    { href: "/admin/instances", label: t.nav.instances },
    { href: "/admin/subscriptions", label: t.nav.subscriptions },
    { href: "/admin/payments", label: t.nav.payments },
    { href: "/admin/outbox", label: t.nav.notifications },
    { href: "/admin/templates", label: t.nav.templates },
    { href: "/admin/audit", label: t.nav.audit },
    { href: "/admin/settings", label: t.nav.settings },
  ];
  return (
    <div className="min-h-screen lg:flex">
      <aside className="border-b border-slate-200 bg-white lg:fixed lg:inset-y-0 lg:w-60 lg:border-r lg:border-b-0">
        <div className="flex items-center justify-between px-4 py-4 lg:block">
          <Link href="/admin/dashboard" className="flex items-center gap-2">
            <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-brand-700 text-sm font-bold text-white" aria-hidden>
              A
            </span>
            <span className="text-sm leading-tight font-semibold">
              AfrikaPharma
              <span className="block text-xs font-normal text-slate-500">{t.app.tagline}</span>
            </span>
          </Link>
        </div>
        <NavLinks items={items} />
      </aside>
      <div className="flex-1 lg:pl-60">
        <header className="flex flex-wrap items-center justify-end gap-3 border-b border-slate-200 bg-white px-4 py-2.5 sm:px-6">
          <LocaleSwitch locale={locale} label={t.nav.language} />
          <div className="text-right text-xs">
            <div className="font-medium text-slate-900" data-testid="current-admin">
              {principal.email}
            </div>
            <div className="text-slate-500">{t.roles[principal.role]}</div>
          </div>
          <SignOutButton label={t.nav.signOut} />
        </header>
        {banners.length > 0 ? (
          <div className="space-y-px" role="status">
            {banners.map((banner) => (
              <p key={banner} className="bg-amber-50 px-4 py-1.5 text-xs text-amber-900 sm:px-6">
                {banner}
              </p>
            ))}
          </div>
        ) : null}
        <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
      </div>
    </div>
  );
}
