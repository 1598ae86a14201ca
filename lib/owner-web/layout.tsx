/** The document every owner page shares, and the few pieces the pages are made of. */
import type { ReactNode } from "react";
import { format } from "@/lib/i18n";
import type { OwnerContext } from "./http";
import { OWNER_CSS } from "./styles";

type Ctx = Pick<OwnerContext<unknown>, "locale" | "t" | "path" | "supportEmail" | "req">;

export type PageProps = {
  ctx: Ctx;
  title: string;
  children: ReactNode;
  /** Reload every N seconds when scripts are off (a pending payment: with scripts, it polls). */
  noscriptRefresh?: number;
  /** Reload every N seconds in any case (a sign-up being created elsewhere). */
  refresh?: number;
  scripts?: string[];
};

function langHref(ctx: Ctx, lang: "fr" | "en"): string {
  const params = new URLSearchParams(ctx.req.method === "GET" ? ctx.req.nextUrl.searchParams : undefined);
  params.set("lang", lang);
  return `${ctx.path}?${params.toString()}`;
}

export function Page({ ctx, title, children, noscriptRefresh, refresh, scripts = [] }: PageProps) {
  const { t, locale } = ctx;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex,nofollow" />
        <meta name="referrer" content="no-referrer" />
        <meta name="theme-color" content="#047857" />
        <title>{`${title} · AfrikaPharma`}</title>
        <link rel="icon" href="data:," />
        <style dangerouslySetInnerHTML={{ __html: OWNER_CSS }} />
        {refresh ? <meta httpEquiv="refresh" content={String(refresh)} /> : null}
        {noscriptRefresh ? (
          <noscript>
            <meta httpEquiv="refresh" content={String(noscriptRefresh)} />
          </noscript>
        ) : null}
      </head>
      <body>
        <header className="top">
          <span className="brand">
            <span className="logo" aria-hidden="true">
              A
            </span>
            {t.common.brand}
          </span>
          <nav className="lang" aria-label={t.common.language}>
            {(["fr", "en"] as const).map((lang) => (
              <a key={lang} href={langHref(ctx, lang)} hrefLang={lang} aria-current={lang === locale ? "true" : undefined}>
                {lang.toUpperCase()}
              </a>
            ))}
          </nav>
        </header>
        <main>{children}</main>
        <footer>{format(t.common.help, { email: ctx.supportEmail })}</footer>
        {scripts.map((src) => (
          <script key={src} src={src} defer />
        ))}
      </body>
    </html>
  );
}

export function Card({ children, title, id }: { children: ReactNode; title?: string; id?: string }) {
  return (
    <section className="card" id={id}>
      {title ? <h2>{title}</h2> : null}
      {children}
    </section>
  );
}

/** A page that says one thing plainly (an expired link, a closed sign-up …), with optional actions. */
export function Message({ ctx, title, text, children, tone = "info", refresh }: { ctx: Ctx; title: string; text: string; children?: ReactNode; tone?: "info" | "bad" | "warn"; refresh?: number }) {
  return (
    <Page ctx={ctx} title={title} refresh={refresh}>
      <section className="card" data-page-state={tone}>
        <h1>{title}</h1>
        <p className={tone === "bad" ? "muted" : undefined}>{text}</p>
        {children}
      </section>
    </Page>
  );
}

export function ErrorList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div className="alert bad" role="alert">
      <strong>{title}</strong>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p className="err" id={id}>
      {message}
    </p>
  ) : null;
}
