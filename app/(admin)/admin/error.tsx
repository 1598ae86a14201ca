"use client";
/** Any dashboard page that fails to render shows this, in words, with a retry — never a blank screen. */
import { useEffect } from "react";

const TEXT = {
  fr: { title: "Cette page n'a pas pu s'afficher", body: "Une erreur est survenue pendant le chargement. Vous pouvez réessayer ; si cela persiste, transmettez la référence ci-dessous.", retry: "Réessayer", home: "Retour à la vue d'ensemble", ref: "Référence" },
  en: { title: "This page could not be shown", body: "Something went wrong while loading it. You can retry; if it keeps happening, pass on the reference below.", retry: "Retry", home: "Back to the overview", ref: "Reference" },
};

export default function AdminError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  // The dictionaries stay on the server; the page's <html lang> says which language to use.
  const lang = typeof document !== "undefined" && document.documentElement.lang === "en" ? "en" : "fr";
  const t = TEXT[lang];
  return (
    <div role="alert" className="mx-auto mt-10 max-w-lg rounded-2xl border border-red-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-slate-900">{t.title}</h1>
      <p className="mt-2 text-sm text-slate-700">{t.body}</p>
      {error.digest ? (
        <p className="mt-2 font-mono text-xs text-slate-600">
          {t.ref} : {error.digest}
        </p>
      ) : null}
      <div className="mt-4 flex gap-2">
        <button type="button" onClick={reset} className="rounded-lg bg-brand-700 px-3 py-2 text-sm font-medium text-white hover:bg-brand-900">
          {t.retry}
        </button>
        <a href="/admin/dashboard" className="rounded-lg border border-slate-300 px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          {t.home}
        </a>
      </div>
    </div>
  );
}
