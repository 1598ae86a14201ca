/**
 * The drivers the configuration chooses (EMAIL_DRIVER, WHATSAPP_DRIVER), built once per process
 * so the SMTP pool is shared by every delivery in it.
 */
import { env } from "@/lib/env";
import type { NotificationChannel } from "@/lib/generated/prisma/enums";
import { createDevMailboxDriver } from "./dev-mailbox";
import { createSmtpDriver } from "./smtp";
import type { MessageDriver } from "./types";
import { createTwilioDriver } from "./whatsapp-twilio";

export type MessageDrivers = Record<NotificationChannel, MessageDriver>;

export const TWILIO_STATUS_CALLBACK_PATH = "/api/webhooks/twilio";

export function twilioStatusCallbackUrl(): string {
  return `${env().APP_URL.replace(/\/+$/, "")}${TWILIO_STATUS_CALLBACK_PATH}`;
}

export function createMessageDrivers(): MessageDrivers {
  const e = env();
  const dev = createDevMailboxDriver();
  const email =
    e.EMAIL_DRIVER === "smtp"
      ? createSmtpDriver({
          host: e.SMTP_HOST!,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          user: e.SMTP_USER,
          password: e.SMTP_PASSWORD,
          from: e.EMAIL_FROM,
        })
      : dev;
  const whatsapp =
    e.WHATSAPP_DRIVER === "twilio"
      ? createTwilioDriver({
          accountSid: e.TWILIO_ACCOUNT_SID!,
          authToken: e.TWILIO_AUTH_TOKEN!,
          from: e.TWILIO_WHATSAPP_FROM!,
          statusCallbackUrl: twilioStatusCallbackUrl(),
          contentSids: e.TWILIO_CONTENT_SIDS,
          apiUrl: e.TWILIO_API_URL,
        })
      : dev;
  return { EMAIL: email, WHATSAPP: whatsapp };
}

const globalForDrivers = globalThis as unknown as { __afpMessageDrivers?: MessageDrivers };

export function messageDrivers(): MessageDrivers {
  globalForDrivers.__afpMessageDrivers ??= createMessageDrivers();
  return globalForDrivers.__afpMessageDrivers;
}

/** Closes the pools and forgets the drivers (shutdown; tests that change the configuration). */
export async function resetMessageDrivers(): Promise<void> {
  const drivers = globalForDrivers.__afpMessageDrivers;
  globalForDrivers.__afpMessageDrivers = undefined;
  if (drivers) await Promise.all([...new Set(Object.values(drivers))].map((d) => d.close()));
}

export { MessageDriverError, type MessageDriver, type OutboundMessage, type SendResult, type DriverName } from "./types";
