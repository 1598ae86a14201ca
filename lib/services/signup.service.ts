/**
 * Self-service sign-up, step 1: a pharmacy owner fills /inscription; we store a SignupRequest with
 * the SHA-256 of a one-time token and queue an `email_verification` message to the address given.
 * The answer never depends on whether the email or the subdomain already exists (no enumeration):
 * a taken subdomain is dealt with when the link is followed (signup-verify.ts). A filled honeypot
 * looks like success and writes nothing. Rate limits per IP are generous because mobile networks
 * put many phones behind one address (carrier-grade NAT); the per-email limits do the real work.
 */
import crypto from "node:crypto";
import type { Actor } from "@/lib/actor";
import { COUNTRIES } from "@/lib/countries";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, type ErrorDetail } from "@/lib/errors";
import { formatDate, isLocale, type Locale } from "@/lib/i18n";
import { logger, maskEmail } from "@/lib/logger";
import { normalizePhone } from "@/lib/phone";
import { recordAudit } from "@/lib/services/audit.service";
import { queueNotifications } from "@/lib/services/notifications/queue";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";
import { isSelfServiceEnabled } from "@/lib/services/settings.service";
import { normalizeSubdomain, subdomainProblem, suggestSubdomain } from "@/lib/subdomain";

export const SIGNUP_TOKEN_TTL_HOURS = 24;
export const SIGNUP_LIMITS = {
  perIp: { limit: 20, windowSeconds: 3600 },
  perEmailHour: { limit: 3, windowSeconds: 3600 },
  perEmailDay: { limit: 6, windowSeconds: 86_400 },
} as const;
/** The form field that people never see and bots fill in. */
export const HONEYPOT_FIELD = "website";

export type SignupFields = {
  pharmacyName: string;
  subdomain: string;
  ownerName: string;
  email: string;
  phone: string;
  country: string;
  locale: Locale;
};

/** A field problem with a stable code the form translates (`message` is for logs and APIs). */
export type SignupFieldError = ErrorDetail & { path: keyof SignupFields; code: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

function text(input: Record<string, unknown>, key: string, max = 200): string {
  const value = input[key];
  return typeof value === "string" ? value.trim().slice(0, max) : "";
}

/** Validates the form as typed; an empty subdomain is proposed from the pharmacy's name. */
export function validateSignup(input: Record<string, unknown>): { fields: SignupFields; errors: SignupFieldError[] } {
  const errors: SignupFieldError[] = [];
  const fail = (path: keyof SignupFields, code: string, message: string) => errors.push({ path, code, message });
  const pharmacyName = text(input, "pharmacyName", 121).replace(/\s+/g, " ");
  if (pharmacyName.length < 2) fail("pharmacyName", "required", "is required (at least 2 characters)");
  else if (pharmacyName.length > 120) fail("pharmacyName", "too_long", "must be at most 120 characters");
  const ownerName = text(input, "ownerName", 121).replace(/\s+/g, " ");
  if (ownerName.length < 2) fail("ownerName", "required", "is required (at least 2 characters)");
  else if (ownerName.length > 120) fail("ownerName", "too_long", "must be at most 120 characters");
  const email = text(input, "email", 321).toLowerCase();
  if (!email) fail("email", "required", "is required");
  else if (email.length > 320 || !EMAIL.test(email)) fail("email", "invalid_email", "must be a valid email address");
  const country = text(input, "country", 2).toUpperCase();
  if (!(COUNTRIES as readonly string[]).includes(country)) fail("country", "invalid_country", "must be one of the countries served");
  const rawPhone = text(input, "phone", 30);
  const phone = rawPhone ? normalizePhone(rawPhone, country || undefined) : undefined;
  if (!rawPhone) fail("phone", "required", "is required");
  else if (!phone) fail("phone", "invalid_phone", "is not a valid phone number (use the international format, e.g. +243812345678)");
  const typed = normalizeSubdomain(text(input, "subdomain", 60));
  const subdomain = typed || suggestSubdomain(pharmacyName);
  const problem = pharmacyName.length >= 2 || typed ? subdomainProblem(subdomain) : undefined;
  if (problem) fail("subdomain", problem, `subdomain: ${problem.replace(/_/g, " ")}`);
  const locale = isLocale(input.locale) ? input.locale : "fr";
  return { fields: { pharmacyName, subdomain, ownerName, email, phone: phone ?? rawPhone, country, locale }, errors };
}

export function hashSignupToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function verifyLinkFor(token: string): string {
  return `${env().APP_URL}/inscription/verifier/${token}`;
}

export type RequestSignupOptions = { input: Record<string, unknown>; ip: string; now: Date; requestId?: string; userAgent?: string };
/** `token` is returned for the caller's tests and tools only: pages must never show it. */
export type RequestSignupResult = { outcome: "queued"; signupId: string; token: string } | { outcome: "ignored" };

export function signupActor(email: string, options: { ip?: string; requestId?: string; userAgent?: string }): Actor {
  return { type: "owner", label: `self-service sign-up (${email})`, ip: options.ip, requestId: options.requestId, userAgent: options.userAgent };
}

export async function requestSignup(options: RequestSignupOptions): Promise<RequestSignupResult> {
  const { input, ip, now } = options;
  if (!(await isSelfServiceEnabled())) throw new AppError("forbidden", "Self-service sign-up is closed for now.", [{ message: "self_service_disabled", code: "self_service_disabled" }]);
  const tooMany = "Too many sign-up attempts; wait a little and try again.";
  await enforceRateLimits([{ key: `signup:ip:${ip}`, ...SIGNUP_LIMITS.perIp }], now, tooMany);
  if (text(input, HONEYPOT_FIELD) !== "") {
    logger.warn({ ip, requestId: options.requestId }, "sign-up honeypot filled: ignored");
    return { outcome: "ignored" };
  }
  const { fields, errors } = validateSignup(input);
  if (errors.length) throw new AppError("validation_failed", `The sign-up form is invalid — ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`, errors);
  await enforceRateLimits(
    [
      { key: `signup:email:${fields.email}`, ...SIGNUP_LIMITS.perEmailHour },
      { key: `signup:email-day:${fields.email}`, ...SIGNUP_LIMITS.perEmailDay },
    ],
    now,
    tooMany,
  );
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SIGNUP_TOKEN_TTL_HOURS * 3_600_000);
  const actor = signupActor(fields.email, options);
  const signupId = await prisma.$transaction(async (tx) => {
    const row = await tx.signupRequest.create({
      data: {
        email: fields.email,
        pharmacyName: fields.pharmacyName,
        subdomain: fields.subdomain,
        ownerName: fields.ownerName,
        phone: fields.phone,
        country: fields.country,
        locale: fields.locale,
        tokenHash: hashSignupToken(token),
        expiresAt,
        ip,
        createdAt: now,
      },
    });
    await queueNotifications(
      tx,
      [
        {
          recipient: { instanceId: null, pharmacyName: fields.pharmacyName, ownerName: fields.ownerName, email: fields.email, phone: null, country: fields.country, locale: fields.locale },
          templateKey: "email_verification",
          variables: { verifyLink: verifyLinkFor(token), expiresAt: `${formatDate(expiresAt, fields.locale, true)} UTC` },
          dedupeKey: `signup:${row.id}`,
          channels: ["EMAIL"],
        },
      ],
      now,
    );
    await recordAudit(tx, actor, {
      action: "signup.request",
      targetType: "signup_request",
      targetId: row.id,
      after: { pharmacyName: row.pharmacyName, subdomain: row.subdomain, email: row.email, country: row.country, locale: row.locale, expiresAt },
    });
    return row.id;
  });
  logger.info({ signupId, email: maskEmail(fields.email) }, "sign-up requested: verification email queued");
  return { outcome: "queued", signupId, token };
}
