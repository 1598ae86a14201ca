import Link from "next/link";
import type { ReactNode } from "react";
import type { AdminPrincipal } from "@/lib/auth/admin-session";
import { format, type Locale, type Messages } from "@/lib/i18n";
import { LocaleSwitch } from "@/components/locale-switch";
import { Badge } from "./ui/badge";
import { Toaster } from "./ui/toaster";
import { LocalDriversBar } from "./local-drivers";
import { SignOutButton } from "./sign-out-button";
import { NavLinks } from "./nav-links";

export function AdminShell({
  principal,
  locale,
  t,
  banners,
  bannersHidden,
  children,
}: {
  principal: AdminPrincipal;
  locale: Locale;
  t: Messages;
  banners: { text: string; short: string }[];
  bannersHidden: boolean;
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
  const readOnly = principal.role !== "SUPER_ADMIN";
  return (
    <div className="min-h-screen lg:flex">
      <a href="#main" className="sr-only z-50 rounded bg-white px-3 py-2 focus:not-sr-only focus:absolute focus:top-2 focus:left-2">
        {t.nav.skip}
      </a>
      <aside className="border-b border-slate-200 bg-white lg:w-60 lg:shrink-0 lg:border-r lg:border-b-0">
        <div className="lg:sticky lg:top-0">
          <div className="flex items-center justify-between px-4 py-3 lg:block lg:py-4">
            <Link href="/admin/dashboard" className="flex items-center gap-2">
              <span className="flex h-8 w-8 items-center justify-center rounded-lg bg-brand-700 text-sm font-bold text-white" aria-hidden>
                A
              </span>
              <span className="text-sm leading-tight font-semibold">
                AfrikaPharma
                <span className="block text-xs font-normal text-slate-600">{t.app.tagline}</span>
              </span>
            </Link>
          </div>
          <NavLinks items={items} label={t.nav.main} />
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex flex-wrap items-center justify-end gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2 sm:px-6">
          {bannersHidden && banners.length > 0 ? (
            <span title={format(t.common.localModeHint, { list: banners.map((b) => b.short).join(", ") })}>
              <Badge tone="amber">{t.common.localMode}</Badge>
            </span>
          ) : null}
          {readOnly ? (
            <span title={t.common.readOnlyHint} data-testid="read-only">
              <Badge tone="sky">{t.common.readOnly}</Badge>
            </span>
          ) : null}
          <LocaleSwitch locale={locale} label={t.nav.language} />
          <div className="text-right text-xs">
            <div className="font-medium text-slate-900" data-testid="current-admin">
              {principal.email}
            </div>
            <div className="text-slate-600">{t.roles[principal.role]}</div>
          </div>
          <SignOutButton label={t.nav.signOut} />
        </header>
        {!bannersHidden && banners.length > 0 ? <LocalDriversBar banners={banners.map((b) => b.text)} label={t.banners.label} dismissLabel={t.common.dismiss} /> : null}
        <Toaster closeLabel={t.common.close}>
          <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
            {children}
          </main>
        </Toaster>
      </div>
    </div>
  );
}
