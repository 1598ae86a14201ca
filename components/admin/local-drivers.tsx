"use client";
/** The local-driver notices as one compact bar, dismissible for the browser session (a session cookie). */
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { BANNER_COOKIE } from "./constants";

export function LocalDriversBar({ banners, label, dismissLabel }: { banners: string[]; label: string; dismissLabel: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <div className="flex items-start gap-3 border-b border-amber-200 bg-amber-50 px-4 py-1.5 text-xs text-amber-950 sm:px-6" role="region" aria-label={label}>
      <div className="flex min-w-0 flex-1 flex-wrap gap-x-4 gap-y-0.5">
        {banners.map((banner) => (
          <p key={banner}>{banner}</p>
        ))}
      </div>
      <button
        type="button"
        disabled={pending}
        onClick={() => {
          document.cookie = `${BANNER_COOKIE}=hidden; path=/; samesite=lax`;
          start(() => router.refresh());
        }}
        className="shrink-0 rounded px-1.5 py-0.5 font-medium underline hover:bg-amber-100"
      >
        {dismissLabel}
      </button>
    </div>
  );
}
