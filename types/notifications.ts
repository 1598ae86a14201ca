/** Requests of the notification, template and opt-out APIs (zod), and their inferred types. */
import { z } from "zod";
import { TEMPLATE_KEYS } from "@/lib/services/notifications/catalog";

const channel = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(["EMAIL", "WHATSAPP"], { error: "must be EMAIL or WHATSAPP" }));

const optionalTrimmed = (max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(max).optional());

export const NOTIFICATION_STATUSES = ["QUEUED", "SENDING", "SENT", "DELIVERED", "FAILED", "SUPPRESSED"] as const;

export const ZListNotificationsRequest = z.object({
  status: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().toUpperCase() : undefined),
    z.enum(NOTIFICATION_STATUSES, { error: `must be one of ${NOTIFICATION_STATUSES.join(", ")}` }).optional(),
  ),
  channel: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), channel.optional()),
  instanceId: optionalTrimmed(64),
  templateKey: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.enum(TEMPLATE_KEYS, { error: "is not a known template" }).optional()),
  cursor: optionalTrimmed(200),
  limit: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(1).max(200).optional()),
});
export type TListNotificationsRequest = z.infer<typeof ZListNotificationsRequest>;

const contentSid = z.string().trim().regex(/^HX[0-9a-fA-F]{32}$/, "must be a Twilio Content SID (HX followed by 32 hexadecimal characters)");

export const ZUpdateTemplateRequest = z.object({
  subject: z.string().max(200, "must be at most 200 characters").nullable().optional(),
  bodyText: z.string({ error: "is required" }).max(10_000, "must be at most 10000 characters"),
  /** WhatsApp only. Left out: kept from the current version; null: cleared. */
  contentSid: z.preprocess((v) => (v === "" ? null : v), contentSid.nullable().optional()),
});
export type TUpdateTemplateRequest = z.infer<typeof ZUpdateTemplateRequest>;

export const ZPreviewTemplateRequest = z.object({
  key: z.enum(TEMPLATE_KEYS, { error: "is not a known template" }),
  channel,
  locale: z.enum(["fr", "en"], { error: "must be fr or en" }),
  /** A draft to render; without it, the current version is rendered. */
  subject: z.string().max(200).nullable().optional(),
  bodyText: z.string().max(10_000).optional(),
  variables: z.record(z.string().max(100), z.string().max(2000)).optional(),
});
export type TPreviewTemplateRequest = z.infer<typeof ZPreviewTemplateRequest>;

export const ZNotificationPreferencesRequest = z
  .object({
    emailOptOut: z.boolean().optional(),
    whatsappOptOut: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.emailOptOut !== undefined || v.whatsappOptOut !== undefined, { message: "give emailOptOut, whatsappOptOut or both" });
export type TNotificationPreferencesRequest = z.infer<typeof ZNotificationPreferencesRequest>;
