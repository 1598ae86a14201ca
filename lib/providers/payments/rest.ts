/**
 * The HTTP transport of the adapters that speak plain REST (avadapay, strowallet): Node's fetch with
 * a hard timeout, JSON in and out, and one classification of what went wrong, so that each adapter
 * only translates bodies.
 *
 *  - No answer (refused, reset, DNS, timeout), a 5xx, a 429, a 401/403 (our credentials: not the
 *    payer's fault), or a body that is not JSON → ProviderUnavailableError: the payment stays
 *    pending and is reconciled later. Nothing here retries; the caller's idempotency key governs.
 *  - Any other status comes back to the adapter with its parsed body (a 4xx becomes a failed
 *    outcome there).
 *
 * Amounts: those providers take decimal strings in major units ("50.00", "32798"); the helpers below
 * convert exactly, without floating point.
 */
import crypto from "node:crypto";
import { CURRENCIES, isCurrency } from "@/lib/money";
import { logger } from "@/lib/logger";
import { ProviderUnavailableError } from "./types";

export type RestRequest = {
  provider: string;
  baseUrl: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
};

export type RestResponse = { status: number; body: unknown };

const log = logger.child({ module: "payments.rest" });

/** Sends one request; throws ProviderUnavailableError when the provider did not answer usefully. */
export async function requestJson(request: RestRequest): Promise<RestResponse> {
  const url = new URL(request.path, request.baseUrl.endsWith("/") ? request.baseUrl : `${request.baseUrl}/`);
  const started = Date.now();
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
      redirect: "error",
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    log.warn({ provider: request.provider, method: request.method, path: url.pathname, ms: Date.now() - started, timedOut }, "provider unreachable");
    throw new ProviderUnavailableError(
      request.provider,
      timedOut ? `${request.provider} did not answer within ${request.timeoutMs} ms` : `${request.provider} could not be reached`,
      error,
    );
  }
  log.debug({ provider: request.provider, method: request.method, path: url.pathname, status: response.status, ms: Date.now() - started }, "provider call");
  if (response.status >= 500 || response.status === 429 || response.status === 401 || response.status === 403) {
    throw new ProviderUnavailableError(request.provider, `${request.provider} answered ${response.status}`);
  }
  let body: unknown;
  try {
    body = text === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new ProviderUnavailableError(request.provider, `${request.provider} answered ${response.status} with a body that is not JSON`, error);
  }
  return { status: response.status, body };
}

function decimalsOf(currency: string): number {
  const code = currency.toUpperCase();
  return isCurrency(code) ? CURRENCIES[code].decimals : 2;
}

/** 5000 EUR → "50.00"; 32798 XOF → "32798". */
export function minorToDecimal(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError(`Invalid amount ${amountMinor}`);
  const decimals = decimalsOf(currency);
  if (decimals === 0) return String(amountMinor);
  const digits = String(amountMinor).padStart(decimals + 1, "0");
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** "50.00" / "50" / 50 EUR → 5000; undefined for anything that is not an exact amount of the currency. */
export function decimalToMinor(value: unknown, currency: string): number | undefined {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const decimals = decimalsOf(currency);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  if (fraction.length > decimals) return undefined;
  const minor = Number(`${match[1]}${fraction.padEnd(decimals, "0")}`);
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Reads a string field of an unknown JSON object. */
export function str(source: unknown, key: string): string | undefined {
  if (source === null || typeof source !== "object") return undefined;
  const value = (source as Record<string, unknown>)[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Reads a nested object field of an unknown JSON object. */
export function obj(source: unknown, key: string): Record<string, unknown> | undefined {
  if (source === null || typeof source !== "object") return undefined;
  const value = (source as Record<string, unknown>)[key];
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads an integer field of an unknown JSON object (numbers or numeric strings). */
export function int(source: unknown, key: string): number | undefined {
  if (source === null || typeof source !== "object") return undefined;
  const value = (source as Record<string, unknown>)[key];
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Checks a hex HMAC-SHA256 of the raw body (an optional "sha256=" prefix is accepted) in constant
 * time. Anything that is not 64 hex digits fails before any comparison.
 */
export function hmacSignatureMatches(rawBody: string, header: string | null, secret: string): boolean {
  if (!header) return false;
  const given = header.trim().replace(/^sha256=/i, "");
  if (!/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = crypto.createHmac("sha256", secret).update(rawBody, "utf8").digest();
  return crypto.timingSafeEqual(expected, Buffer.from(given, "hex"));
}
