import { headers } from "next/headers";
import type { Locale } from "@/lib/i18n";

/** A plain form: switching language works without JavaScript and is remembered in a cookie. */
export async function LocaleSwitch({ locale, label }: { locale: Locale; label: string }) {
  const headerStore = await headers();
  const back = headerStore.get("x-afp-path") ?? "/";
  return (
    <form action="/api/locale" method="post" className="flex items-center gap-1 text-xs" aria-label={label}>
      <input type="hidden" name="back" value={back} />
      {(["fr", "en"] as const).map((value) => (
        <button
          key={value}
          type="submit"
          name="locale"
          value={value}
          aria-pressed={value === locale}
          className={`rounded-md px-2 py-1 font-medium uppercase ${value === locale ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-200"}`}
        >
          {value}
        </button>
      ))}
    </form>
  );
}
