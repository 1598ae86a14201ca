import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { cookies, headers } from "next/headers";
import { sessionPrincipal } from "@/lib/auth/admin-session";
import { getMessages } from "@/lib/i18n/server";
import { SignInForm } from "./sign-in-form";
import { LocaleSwitch } from "@/components/locale-switch";

export const metadata: Metadata = { title: "Connexion" };

function safeCallback(value: string | string[] | undefined): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate && candidate.startsWith("/admin") && !candidate.startsWith("//") ? candidate : "/admin/dashboard";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ locale, t }, params, cookieStore, headerStore] = await Promise.all([getMessages(), searchParams, cookies(), headers()]);
  const principal = await sessionPrincipal({
    headers: Object.fromEntries(headerStore.entries()),
    cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])),
  } as never);
  const callbackUrl = safeCallback(params.callbackUrl);
  if (principal) redirect(callbackUrl);
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <div className="mx-auto mb-4 flex h-12 w-12 items-center justify-center rounded-xl bg-brand-700 text-xl font-bold text-white" aria-hidden>
            A
          </div>
          <h1 className="text-2xl font-semibold tracking-tight">{t.signIn.title}</h1>
          <p className="mt-1 text-sm text-slate-600">{t.signIn.subtitle}</p>
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">
          <SignInForm callbackUrl={callbackUrl} t={t.signIn} />
        </div>
        <div className="mt-6 flex justify-center">
          <LocaleSwitch locale={locale} label={t.nav.language} />
        </div>
      </div>
    </main>
  );
}
