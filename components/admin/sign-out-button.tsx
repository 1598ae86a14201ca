"use client";
/**
 * Signs out through next-auth's own endpoints (CSRF token, then POST /api/auth/signout) — what
 * next-auth/react's signOut() does, without shipping that library to every dashboard page.
 */
import { useState } from "react";

export function SignOutButton({ label }: { label: string }) {
  const [pending, setPending] = useState(false);
  async function signOut() {
    setPending(true);
    try {
      const { csrfToken } = (await (await fetch("/api/auth/csrf", { cache: "no-store" })).json()) as { csrfToken: string };
      await fetch("/api/auth/signout", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/connexion", json: "true" }),
      });
    } finally {
      window.location.assign("/connexion");
    }
  }
  return (
    <button
      type="button"
      onClick={signOut}
      disabled={pending}
      className="rounded-lg border border-slate-300 px-3 py-1.5 text-xs font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60"
    >
      {label}
    </button>
  );
}
