/**
 * Who may see a payment's receipt and invoice on /pay/result/[paymentId]: the browser that started
 * the payment. Starting it sets an HttpOnly cookie, scoped to that result page, holding an HMAC of
 * the payment id (a key derived for this purpose only). Without it the page shows the status
 * alone — a payment id that leaks (logs, a provider's dashboard) reveals no name and no invoice.
 * SameSite=Lax keeps it on the top-level return from a hosted checkout (Stripe, Strowallet).
 */
import crypto from "node:crypto";
import type { NextRequest } from "next/server";
import { derivedKey } from "@/lib/crypto";
import { env } from "@/lib/env";

export const PAYMENT_ID = /^pay_[0-9a-f]{24}$/;
const MAX_AGE_SECONDS = 30 * 86_400;

function proof(paymentId: string): string {
  return crypto.createHmac("sha256", derivedKey("owner-receipt")).update(paymentId).digest("base64url").slice(0, 32);
}

function cookieName(paymentId: string): string {
  return `afp_r_${paymentId.slice(4)}`;
}

export function receiptCookie(paymentId: string): string {
  const secure = env().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `${cookieName(paymentId)}=${proof(paymentId)}; Path=/pay/result/${paymentId}; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure}`;
}

export function holdsReceipt(req: NextRequest, paymentId: string): boolean {
  const given = req.cookies.get(cookieName(paymentId))?.value;
  if (!given) return false;
  const expected = Buffer.from(proof(paymentId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
