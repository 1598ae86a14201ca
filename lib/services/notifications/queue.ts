/**
 * Queuing messages into the outbox. A queued message is a row with its content already rendered,
 * written in the caller's transaction (so it exists exactly when the event that caused it does),
 * once per channel, and keyed by a dedupe key that makes any repeat a no-op.
 * Delivery is a separate concern (lib/services/notifications/deliver.ts).
 */
import { bulkInsert, type BulkColumn } from "@/lib/db-bulk";
import { env } from "@/lib/env";
import { prisma, type DbOrTx } from "@/lib/db";
import type { NotificationChannel } from "@/lib/generated/prisma/enums";
import type { Locale } from "@/lib/i18n";
import { normalizePhone } from "@/lib/phone";
import { statusPageUrl } from "@/lib/services/owner-links";
import { TEMPLATES, type TemplateKey } from "./catalog";
import { renderText, textToHtml } from "./render";

export type Recipient = {
  instanceId: string | null;
  pharmacyName: string;
  ownerName?: string | null;
  subdomain?: string | null;
  email?: string | null;
  phone?: string | null;
  /** ISO country of the instance: lets a phone number written without its country code be read. */
  country?: string | null;
  locale: Locale;
  emailOptOut?: boolean;
  whatsappOptOut?: boolean;
};

export type QueueRequest = {
  recipient: Recipient;
  templateKey: TemplateKey;
  variables: Record<string, string>;
  /** Identifies the event; the channel is appended. Same key twice = queued once. */
  dedupeKey: string;
  channels?: NotificationChannel[];
};

export type ActiveTemplate = { key: string; channel: NotificationChannel; locale: string; version: number; subject: string | null; bodyText: string };

const ALL_CHANNELS: NotificationChannel[] = ["EMAIL", "WHATSAPP"];

/** The newest version of every stored template; defaults from the catalog fill any gap. */
export async function loadActiveTemplates(db: DbOrTx = prisma): Promise<Map<string, ActiveTemplate>> {
  const rows = await db.$queryRaw<ActiveTemplate[]>`
    SELECT DISTINCT ON (key, channel, locale) key, channel, locale, version, subject, body_text AS "bodyText"
    FROM notification_templates
    ORDER BY key, channel, locale, version DESC`;
  const map = new Map<string, ActiveTemplate>();
  for (const row of rows) map.set(`${row.key}:${row.channel}:${row.locale}`, row);
  return map;
}

export function templateFor(templates: Map<string, ActiveTemplate>, key: TemplateKey, channel: NotificationChannel, locale: Locale): ActiveTemplate {
  const stored = templates.get(`${key}:${channel}:${locale}`);
  if (stored) return stored;
  const copy = TEMPLATES[key].defaults[locale];
  return { key, channel, locale, version: 0, subject: channel === "EMAIL" ? copy.subject : null, bodyText: channel === "EMAIL" ? copy.text : copy.whatsapp };
}

export function commonVariables(recipient: Recipient, now: Date): Record<string, string> {
  const e = env();
  return {
    pharmacyName: recipient.pharmacyName,
    ownerName: recipient.ownerName?.trim() || recipient.pharmacyName,
    subdomain: recipient.subdomain ?? "",
    instanceUrl: recipient.subdomain ? `https://${recipient.subdomain}.${e.ROOT_DOMAIN}` : "",
    statusLink: recipient.instanceId ? statusPageUrl(recipient.instanceId, now) : e.APP_URL,
    supportEmail: e.SUPPORT_EMAIL,
  };
}

type Row = {
  instanceId: string | null;
  channel: NotificationChannel;
  templateKey: string;
  templateVersion: number | null;
  locale: string;
  recipient: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  variables: Record<string, string>;
  status: "QUEUED" | "SUPPRESSED";
  lastError: string | null;
  dedupeKey: string;
  nextAttemptAt: Date;
  createdAt: Date;
};

/** Renders each request once per channel (pure: no I/O). */
export function buildNotificationRows(requests: QueueRequest[], templates: Map<string, ActiveTemplate>, now: Date): Row[] {
  const rows: Row[] = [];
  for (const request of requests) {
    const { recipient } = request;
    const variables = { ...commonVariables(recipient, now), ...request.variables };
    for (const channel of request.channels ?? ALL_CHANNELS) {
      const template = templateFor(templates, request.templateKey, channel, recipient.locale);
      const raw = (channel === "EMAIL" ? recipient.email : recipient.phone)?.trim() || null;
      // WhatsApp goes to E.164 only; a number that cannot be read as one is kept as written, unsent.
      const e164 = channel === "WHATSAPP" && raw ? normalizePhone(raw, recipient.country ?? undefined) : undefined;
      const address = channel === "EMAIL" ? raw : (e164 ?? raw);
      const optedOut = channel === "EMAIL" ? recipient.emailOptOut : recipient.whatsappOptOut;
      const suppressedBecause = !address
        ? `no ${channel === "EMAIL" ? "email address" : "phone number"}`
        : optedOut
          ? "opted out"
          : channel === "WHATSAPP" && !e164
            ? "invalid phone number (not E.164)"
            : null;
      const subject = template.subject ? renderText(template.subject, variables) : null;
      const bodyText = renderText(template.bodyText, variables);
      rows.push({
        instanceId: recipient.instanceId,
        channel,
        templateKey: request.templateKey,
        templateVersion: template.version || null,
        locale: recipient.locale,
        recipient: address ?? "",
        subject,
        bodyText,
        bodyHtml: channel === "EMAIL" ? textToHtml(bodyText, { title: subject ?? undefined, locale: recipient.locale }) : null,
        variables,
        status: suppressedBecause ? "SUPPRESSED" : "QUEUED",
        lastError: suppressedBecause,
        dedupeKey: `${request.dedupeKey}:${channel}`,
        nextAttemptAt: now,
        createdAt: now,
      });
    }
  }
  return rows;
}

const NOTIFICATION_COLUMNS: BulkColumn[] = [
  { name: "instance_id", type: "text" },
  { name: "channel", type: "enum:notification_channel" },
  { name: "template_key", type: "text" },
  { name: "template_version", type: "int" },
  { name: "locale", type: "text" },
  { name: "recipient", type: "text" },
  { name: "subject", type: "text" },
  { name: "body_text", type: "text" },
  { name: "body_html", type: "text" },
  { name: "variables", type: "jsonb" },
  { name: "status", type: "enum:notification_status" },
  { name: "last_error", type: "text" },
  { name: "dedupe_key", type: "text" },
  { name: "next_attempt_at", type: "timestamptz" },
  { name: "created_at", type: "timestamptz" },
  { name: "updated_at", type: "timestamptz" },
];

/** One INSERT for the whole batch; rows whose dedupe key exists are skipped. Returns how many were new. */
export async function queueNotifications(db: DbOrTx, requests: QueueRequest[], now: Date, templates?: Map<string, ActiveTemplate>): Promise<number> {
  if (requests.length === 0) return 0;
  const rows = buildNotificationRows(requests, templates ?? (await loadActiveTemplates(db)), now);
  const inserted = await bulkInsert(db, {
    table: "notifications",
    columns: NOTIFICATION_COLUMNS,
    rows: rows.map((r) => [r.instanceId, r.channel, r.templateKey, r.templateVersion, r.locale, r.recipient, r.subject, r.bodyText, r.bodyHtml, r.variables, r.status, r.lastError, r.dedupeKey, r.nextAttemptAt, r.createdAt, r.createdAt]),
    onConflict: "ON CONFLICT (dedupe_key) DO NOTHING",
  });
  return inserted.length;
}

/** Convenience for one event about one instance: reads the instance and its settings. */
export async function queueForInstance(
  db: DbOrTx,
  options: { instanceId: string; templateKey: TemplateKey; variables?: Record<string, string>; dedupeKey: string; now: Date; channels?: NotificationChannel[] },
): Promise<number> {
  const instance = await db.instance.findUnique({ where: { id: options.instanceId }, include: { settings: true } });
  if (!instance) return 0;
  return queueNotifications(
    db,
    [
      {
        recipient: recipientOf(instance),
        templateKey: options.templateKey,
        variables: options.variables ?? {},
        dedupeKey: options.dedupeKey,
        channels: options.channels,
      },
    ],
    options.now,
  );
}

export function recipientOf(instance: {
  id: string;
  name: string;
  subdomain: string;
  ownerName: string | null;
  ownerEmail: string;
  ownerPhone: string | null;
  country?: string | null;
  settings: { locale: string; emailOptOut: boolean; whatsappOptOut: boolean } | null;
}): Recipient {
  return {
    instanceId: instance.id,
    pharmacyName: instance.name,
    ownerName: instance.ownerName,
    subdomain: instance.subdomain,
    email: instance.ownerEmail,
    phone: instance.ownerPhone,
    country: instance.country ?? null,
    locale: instance.settings?.locale === "en" ? "en" : "fr",
    emailOptOut: instance.settings?.emailOptOut ?? false,
    whatsappOptOut: instance.settings?.whatsappOptOut ?? false,
  };
}
