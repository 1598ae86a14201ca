/**
 * Email over SMTP with nodemailer 7: a small connection pool, bounded connection, greeting and
 * socket timeouts, a text and an HTML part, From = EMAIL_FROM. The Message-ID is derived from the
 * outbox row, so a message re-sent after a lost acknowledgement carries the same id and mail
 * clients can fold the duplicate.
 */
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { MessageDriverError, type MessageDriver, type OutboundMessage, type SendResult } from "./types";

export type SmtpConfig = {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  /** Domain of the Message-ID (the sender's domain by default). */
  messageIdDomain?: string;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  maxConnections?: number;
};

type SmtpFailure = { code?: string; responseCode?: number; response?: string; command?: string; message?: string };

/** Connection problems, timeouts, 4xx and authentication failures can pass; a 5xx about this message does not. */
export function classifySmtpError(error: unknown): MessageDriverError {
  const e = (error ?? {}) as SmtpFailure;
  const responseCode = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const detail = (e.response ?? e.message ?? "SMTP send failed").toString().split("\n")[0]!.slice(0, 300);
  const label = [e.command, responseCode].filter(Boolean).join(" ");
  const message = `SMTP ${label ? `${label}: ` : ""}${detail}`;
  // An envelope error raised before talking to the server (no or invalid recipient) cannot pass either.
  if (e.code === "EENVELOPE" && responseCode === undefined) return new MessageDriverError(message, true, e.code);
  if (responseCode === undefined) return new MessageDriverError(message, false, e.code);
  // 530/534/535: our credentials or the relay's policy, which an operator can fix: keep retrying.
  const configuration = e.code === "EAUTH" || [530, 534, 535].includes(responseCode);
  return new MessageDriverError(message, responseCode >= 500 && responseCode < 600 && !configuration, responseCode);
}

function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? "afrikapharma.app";
}

export function createSmtpDriver(config: SmtpConfig): MessageDriver {
  const options: SMTPTransport.Options & { pool: true; maxConnections: number; maxMessages: number } = {
    pool: true,
    maxConnections: config.maxConnections ?? 3,
    maxMessages: 100,
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.password ?? "" } : undefined,
    connectionTimeout: config.connectionTimeoutMs ?? 10_000,
    greetingTimeout: config.greetingTimeoutMs ?? 10_000,
    socketTimeout: config.socketTimeoutMs ?? 30_000,
  };
  const transporter = nodemailer.createTransport(options);
  const messageIdDomain = config.messageIdDomain ?? domainOf(config.from);
  return {
    name: "smtp",
    async send(message: OutboundMessage): Promise<SendResult> {
      if (message.channel !== "EMAIL") throw new MessageDriverError(`The SMTP driver cannot send ${message.channel} messages.`, true);
      try {
        const info = await transporter.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject ?? "",
          text: message.text,
          html: message.html ?? undefined,
          messageId: `<${message.id}@${messageIdDomain}>`,
          headers: { "X-AfrikaPharma-Notification": message.id },
        });
        if (info.rejected.length > 0) {
          throw Object.assign(new Error(`Recipient rejected: ${String(info.rejected[0])}`), { code: "EENVELOPE" });
        }
        return { providerMessageId: info.messageId };
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}
