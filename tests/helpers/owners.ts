/** Pharmacy owners' side through the real services: sign-ups with unique data, form posts, links. */
import { NextRequest } from "next/server";
import { prisma } from "@/lib/db";
import { requestSignup } from "@/lib/services/signup.service";
import { uid } from "./factories";
import { APP_ORIGIN } from "./http";

export type SignupFormFields = Record<"pharmacyName" | "subdomain" | "ownerName" | "email" | "phone" | "country" | "locale" | "website", string>;

export function signupForm(overrides: Partial<SignupFormFields> = {}): SignupFormFields {
  const id = uid(8);
  return {
    pharmacyName: `Pharmacie Saint-Luc ${id}`,
    subdomain: `st-luc-${id}`,
    ownerName: "Aminata Koné",
    email: `aminata-${id}@test.afp`,
    phone: "+225 07 08 09 10 11",
    country: "CI",
    locale: "fr",
    website: "",
    ...overrides,
  };
}

/** A unique client address, so each test has rate-limit buckets of its own. */
export function testIp(): string {
  return `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
}

export async function signUp(overrides: Partial<SignupFormFields> = {}, now = new Date(), ip = testIp()) {
  const input = signupForm(overrides);
  const result = await requestSignup({ input, ip, now });
  if (result.outcome !== "queued") throw new Error("the sign-up was not queued");
  return { ...result, input };
}

export async function selfService(enabled: boolean) {
  await prisma.setting.upsert({ where: { key: "self_service_enabled" }, create: { key: "self_service_enabled", value: enabled }, update: { value: enabled } });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (req: NextRequest, ctx: { params: Promise<any> }) => Promise<Response>;

export type PageCall = { status: number; text: string; headers: Headers; location: string | null; cookies: string[] };

/** A browser-like request to an owner page (HTML or a form post), with an address of its own. */
export async function page(
  handler: Handler,
  method: "GET" | "POST",
  path: string,
  options: { form?: Record<string, string>; params?: Record<string, string>; ip?: string; cookie?: string; headers?: Record<string, string> } = {},
): Promise<PageCall> {
  const headers = new Headers(options.headers);
  headers.set("x-forwarded-for", options.ip ?? testIp());
  if (options.cookie) headers.set("cookie", options.cookie);
  let body: string | undefined;
  if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  }
  const req = new NextRequest(new URL(path, APP_ORIGIN), { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, location: res.headers.get("location"), cookies: res.headers.getSetCookie() };
}

/** The page's visible text, tags and styles removed (assertions read what a person reads). */
export function visible(htmlText: string): string {
  return htmlText
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
