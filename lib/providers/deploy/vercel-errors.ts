/**
 * Turns whatever the Vercel SDK throws into a DeployError naming the step, with a message that is
 * safe to store and log: Vercel's own `{ error: { code, message } }` when there is one, never the
 * raw body (an env-var call may echo values back), never the token. The SDK error is not kept as
 * the cause either (it carries the body and, for validation errors, the request with its values):
 * the cause is a small descriptor `{ name, status?, code? }`.
 */
import { ConnectionError, HTTPClientError, RequestAbortedError, RequestTimeoutError } from "@vercel/sdk/models/httpclienterrors.js";
import { SDKValidationError } from "@vercel/sdk/models/sdkvalidationerror.js";
import { VercelError } from "@vercel/sdk/models/vercelerror.js";
import { DeployError } from "@/lib/providers/deploy/types";

const MAX_MESSAGE = 300;

export type VercelErrorBody = { status: number; code?: string; message?: string };

/** Vercel's error envelope, when the error is an HTTP answer. */
export function vercelErrorBody(error: unknown): VercelErrorBody | undefined {
  if (!(error instanceof VercelError)) return undefined;
  let code: string | undefined;
  let message: string | undefined;
  try {
    const parsed = JSON.parse(error.body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof parsed.error?.code === "string") code = parsed.error.code;
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status alone says enough.
  }
  return { status: error.statusCode, code, message };
}

/** Removes every secret from a message, then bounds its length. */
export function scrub(message: string, secrets: Iterable<string>): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * 5xx, 429, timeouts and connection failures are worth retrying; a 4xx answer (bad input, no
 * permission, a conflict we could not resolve) will fail the same way again.
 */
export function toDeployError(step: string, error: unknown, secrets: Iterable<string>): DeployError {
  if (error instanceof DeployError) return error;
  const http = vercelErrorBody(error);
  const cause = { name: error instanceof Error ? error.name : typeof error, status: http?.status, code: http?.code };
  if (http) {
    const detail = [http.code, http.message].filter(Boolean).join(": ") || "no error details";
    return new DeployError(step, scrub(`Vercel answered ${http.status} on ${step} (${detail})`, secrets), isRetryableStatus(http.status), cause);
  }
  if (error instanceof RequestTimeoutError || (error instanceof Error && error.name === "TimeoutError")) {
    return new DeployError(step, `Vercel did not answer ${step} in time`, true, cause);
  }
  if (error instanceof RequestAbortedError) {
    return new DeployError(step, `The ${step} request to Vercel was aborted`, true, cause);
  }
  if (error instanceof ConnectionError) {
    return new DeployError(step, `Vercel could not be reached on ${step}`, true, cause);
  }
  if (error instanceof SDKValidationError) {
    return new DeployError(step, scrub(`Invalid ${step} request: ${error.message}`, secrets), false, cause);
  }
  if (error instanceof HTTPClientError) {
    return new DeployError(step, scrub(`${step} failed before Vercel answered: ${error.name}`, secrets), true, cause);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DeployError(step, scrub(`${step} failed: ${message}`, secrets), false, cause);
}
