/**
 * The messaging provider boundary: one driver per channel (SMTP or the dev mailbox for email,
 * Twilio or the dev mailbox for WhatsApp). A driver sends one message and returns the provider's
 * id for it, or throws a MessageDriverError saying whether a retry could ever succeed.
 */
import type { NotificationChannel } from "@/lib/generated/prisma/enums";

export type DriverName = "dev-mailbox" | "smtp" | "twilio";

export type OutboundMessage = {
  /** The outbox row id: stable across retries (SMTP Message-ID, logs). */
  id: string;
  channel: NotificationChannel;
  /** An email address, or an E.164 phone number for WhatsApp. */
  to: string;
  subject: string | null;
  text: string;
  html: string | null;
  templateKey: string;
  locale: string;
  /** Every variable the message was rendered with (WhatsApp Content Templates re-use them). */
  variables: Record<string, string>;
  /** Twilio Content Template of the template version, when one is stored with it. */
  contentSid?: string | null;
};

export type SendResult = { providerMessageId: string };

export interface MessageDriver {
  readonly name: DriverName;
  send(message: OutboundMessage): Promise<SendResult>;
  /** Releases pooled connections (worker shutdown, tests). */
  close(): Promise<void>;
}

/**
 * A failed send. `permanent` means the provider refused this message for good (bad mailbox,
 * invalid number, no approved template): retrying would only repeat the refusal.
 */
export class MessageDriverError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly providerCode?: string | number,
  ) {
    super(message);
    this.name = "MessageDriverError";
  }
}

/** Any thrown value as a MessageDriverError; unknown failures count as transient. */
export function asDriverError(error: unknown): MessageDriverError {
  if (error instanceof MessageDriverError) return error;
  return new MessageDriverError(error instanceof Error ? error.message : String(error), false);
}
