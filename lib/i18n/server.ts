/** The request's locale and dictionary, for server components and server actions. */
import { cookies, headers } from "next/headers";
import { LOCALE_COOKIE, messages, pickLocale, type Locale, type Messages } from "./index";

export async function getLocale(): Promise<Locale> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  return pickLocale(cookieStore.get(LOCALE_COOKIE)?.value, headerStore.get("accept-language"));
}

export async function getMessages(): Promise<{ locale: Locale; t: Messages }> {
  const locale = await getLocale();
  return { locale, t: messages(locale) };
}
