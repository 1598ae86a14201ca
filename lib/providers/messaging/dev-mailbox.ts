/**
 * The local default for both channels: nothing leaves the machine. The outbox row already holds
 * the rendered message, so "sending" is recording it as sent; /admin/outbox shows it.
 */
import crypto from "node:crypto";
import { logger, maskEmail, maskPhone } from "@/lib/logger";
import type { MessageDriver, OutboundMessage, SendResult } from "./types";

export function createDevMailboxDriver(): MessageDriver {
  const log = logger.child({ driver: "dev-mailbox" });
  return {
    name: "dev-mailbox",
    async send(message: OutboundMessage): Promise<SendResult> {
      const providerMessageId = `dev-${crypto.randomUUID()}`;
      log.info(
        {
          notificationId: message.id,
          channel: message.channel,
          to: message.channel === "EMAIL" ? maskEmail(message.to) : maskPhone(message.to),
          template: message.templateKey,
          providerMessageId,
        },
        "dev mailbox: message kept in the outbox instead of being sent",
      );
      return { providerMessageId };
    },
    async close() {},
  };
}
