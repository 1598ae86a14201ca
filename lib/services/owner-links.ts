/**
 * Signed links for pharmacy owners, who have no account: the status page, invoice downloads and
 * payment links. A token is `<id>.<expiry>.<mac>`: HMAC-SHA256 under a key derived for this
 * purpose only, compared in constant time. Payment links also have a database row (single use,
 * revocable); status and invoice links need none.
 */
import crypto from "node:crypto";
import { derivedKey } from "@/lib/crypto";
import { env } from "@/lib/env";

export type OwnerLinkKind = "status" | "invoice" | "pay";

function mac(kind: OwnerLinkKind, id: string, expiresAt: number): string {
  return crypto.createHmac("sha256", derivedKey(`owner-link:${kind}`)).update(`${id}.${expiresAt}`).digest("base64url").slice(0, 32);
}

export function signOwnerToken(kind: OwnerLinkKind, id: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `${id}.${exp}.${mac(kind, id, exp)}`;
}

export type TokenCheck = { ok: true; id: string; expiresAt: Date } | { ok: false; reason: "malformed" | "tampered" | "expired"; id?: string };

export function verifyOwnerToken(kind: OwnerLinkKind, token: string, now: Date): TokenCheck {
  const match = /^([a-z]+_[0-9a-f]{24})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, id, expText, given] = match as unknown as [string, string, string, string];
  const exp = Number(expText);
  const expected = Buffer.from(mac(kind, id, exp));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) return { ok: false, reason: "tampered", id };
  if (exp * 1000 <= now.getTime()) return { ok: false, reason: "expired", id };
  return { ok: true, id, expiresAt: new Date(exp * 1000) };
}

const YEAR_MS = 365 * 86_400_000;

export function statusPageUrl(instanceId: string, now: Date): string {
  return `${env().APP_URL}/compte/${signOwnerToken("status", instanceId, new Date(now.getTime() + YEAR_MS))}`;
}

export function invoiceUrl(invoiceId: string, now: Date): string {
  return `${env().APP_URL}/factures/${signOwnerToken("invoice", invoiceId, new Date(now.getTime() + 5 * YEAR_MS))}`;
}

export function paymentLinkUrl(linkId: string, expiresAt: Date): string {
  return `${env().APP_URL}/pay/${signOwnerToken("pay", linkId, expiresAt)}`;
}
