// POST /api/locale — remember the chosen language (form post from the locale switch; works without JavaScript)
import { NextResponse, type NextRequest } from "next/server";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n";

export async function POST(req: NextRequest) {
  const form = await req.formData().catch(() => undefined);
  const locale = form?.get("locale");
  const back = String(form?.get("back") ?? "/");
  const target = back.startsWith("/") && !back.startsWith("//") ? back : "/";
  const response = NextResponse.redirect(new URL(target, req.nextUrl.origin), 303);
  if (isLocale(locale)) {
    response.cookies.set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 86_400, sameSite: "lax", httpOnly: true });
  }
  return response;
}
