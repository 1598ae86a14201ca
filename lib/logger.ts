/**
 * Structured logs (pino) to stdout. Secrets, tokens and full phone or card numbers never reach a
 * line: known fields are redacted, and `maskPhone` / `maskEmail` shorten what must appear.
 */
import pino from "pino";

const redact = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "*.headers.authorization",
  "*.headers.cookie",
  "cookie",
  "apiKey",
  "*.apiKey",
  "passwordEncrypted",
  "*.passwordEncrypted",
  "cardNumber",
  "*.cardNumber",
];

// The logger starts before the configuration is validated (it reports that validation), so it reads
// its two variables itself.
function level(): string {
  const configured = process.env.LOG_LEVEL;
  if (configured) return configured;
  return process.env.NODE_ENV === "test" ? "silent" : "info";
}

export const logger = pino({
  level: level(),
  base: { service: "afrikapharma-console" },
  redact: { paths: redact, censor: "[redacted]" },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = pino.Logger;

export function maskPhone(phone: string | null | undefined): string | undefined {
  if (!phone) return undefined;
  return phone.length <= 5 ? "***" : `${phone.slice(0, 4)}***${phone.slice(-2)}`;
}

export function maskEmail(email: string | null | undefined): string | undefined {
  if (!email) return undefined;
  const [user = "", domain = ""] = email.split("@");
  return `${user.slice(0, 1)}***@${domain}`;
}
