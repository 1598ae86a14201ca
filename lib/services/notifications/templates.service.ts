/**
 * Message templates stored in the database, one row per version of (key, channel, locale). The
 * catalog's wording is seeded as version 1; a super-admin's edit inserts the next version and
 * never overwrites one, so every message can say which wording it was rendered from. Queuing
 * renders with the newest version (queue.ts). Templates use only `{{variable}}` placeholders
 * from the catalog; the HTML part of an email is derived from its text (render.ts).
 */
import { systemActor, type Actor } from "@/lib/actor";
import { prisma, type DbOrTx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { NotificationChannel } from "@/lib/generated/prisma/enums";
import { LOCALES, isLocale, type Locale } from "@/lib/i18n";
import { recordAudit } from "@/lib/services/audit.service";
import { TEMPLATES, TEMPLATE_KEYS, isTemplateKey, type TemplateKey } from "./catalog";
import { unknownVariables, renderText, textToHtml } from "./render";
import { sampleVariables } from "./samples";

export const CHANNELS: NotificationChannel[] = ["EMAIL", "WHATSAPP"];
/** Twilio's limit for one WhatsApp message body. */
export const WHATSAPP_MAX_LENGTH = 1600;

export type TemplateRef = { key: TemplateKey; channel: NotificationChannel; locale: Locale };

/** Resolves URL segments (`trial_ending`, `email`, `fr`) to a template, or 404. */
export function templateRef(key: string, channel: string, locale: string): TemplateRef {
  const upper = channel.toUpperCase();
  if (!isTemplateKey(key)) throw notFound("Template", key);
  if (upper !== "EMAIL" && upper !== "WHATSAPP") throw notFound("Template channel", channel);
  if (!isLocale(locale)) throw notFound("Template locale", locale);
  return { key, channel: upper, locale };
}

function defaultCopy(ref: TemplateRef): { subject: string | null; bodyText: string } {
  const copy = TEMPLATES[ref.key].defaults[ref.locale];
  return ref.channel === "EMAIL" ? { subject: copy.subject, bodyText: copy.text } : { subject: null, bodyText: copy.whatsapp };
}

/** Inserts the catalog's wording as version 1 of every template that has no version yet (audited when it adds any). */
export async function seedDefaultTemplates(): Promise<number> {
  return prisma.$transaction((tx) => seedMissingTemplates(tx));
}

async function seedMissingTemplates(db: DbOrTx): Promise<number> {
  const data = TEMPLATE_KEYS.flatMap((key) =>
    CHANNELS.flatMap((channel) => LOCALES.map((locale) => ({ key, channel, locale, version: 1, ...defaultCopy({ key, channel, locale }) }))),
  );
  const existing = await db.notificationTemplate.findMany({ distinct: ["key", "channel", "locale"], select: { key: true, channel: true, locale: true } });
  const have = new Set(existing.map((t) => `${t.key}:${t.channel}:${t.locale}`));
  const missing = data.filter((t) => !have.has(`${t.key}:${t.channel}:${t.locale}`));
  if (missing.length === 0) return 0;
  const result = await db.notificationTemplate.createMany({ data: missing, skipDuplicates: true });
  if (result.count > 0) {
    await recordAudit(db, systemActor("setup"), {
      action: "notification_template.seed",
      targetType: "notification_template",
      after: { created: result.count, templates: missing.map((t) => `${t.key}:${t.channel}:${t.locale}`) },
    });
  }
  return result.count;
}

export type TemplateView = {
  key: TemplateKey;
  channel: NotificationChannel;
  locale: Locale;
  description: string;
  variables: readonly string[];
  whatsappVariables: readonly string[];
  id: string | null;
  version: number;
  subject: string | null;
  bodyText: string;
  contentSid: string | null;
  createdById: string | null;
  createdAt: Date | null;
};

type StoredTemplate = { id: string; key: string; channel: NotificationChannel; locale: string; version: number; subject: string | null; bodyText: string; contentSid: string | null; createdById: string | null; createdAt: Date };

async function currentVersions(db: DbOrTx): Promise<Map<string, StoredTemplate>> {
  const rows = await db.$queryRaw<StoredTemplate[]>`
    SELECT DISTINCT ON (key, channel, locale) id, key, channel::text AS channel, locale, version, subject, body_text AS "bodyText",
           content_sid AS "contentSid", created_by_id AS "createdById", created_at AS "createdAt"
    FROM notification_templates
    ORDER BY key, channel, locale, version DESC`;
  return new Map(rows.map((r) => [`${r.key}:${r.channel}:${r.locale}`, r]));
}

function view(ref: TemplateRef, stored: StoredTemplate | undefined): TemplateView {
  const def = TEMPLATES[ref.key];
  const base = { ...ref, description: def.description, variables: def.variables, whatsappVariables: def.whatsappVariables };
  if (!stored) return { ...base, id: null, version: 0, ...defaultCopy(ref), contentSid: null, createdById: null, createdAt: null };
  const { id, version, subject, bodyText, contentSid, createdById, createdAt } = stored;
  return { ...base, id, version, subject, bodyText, contentSid, createdById, createdAt };
}

/** The current version of every template (catalog order); version 0 means the unseeded default. */
export async function listTemplates(db: DbOrTx = prisma): Promise<TemplateView[]> {
  const current = await currentVersions(db);
  return TEMPLATE_KEYS.flatMap((key) =>
    CHANNELS.flatMap((channel) => LOCALES.map((locale) => view({ key, channel, locale }, current.get(`${key}:${channel}:${locale}`)))),
  );
}

export async function getTemplate(ref: TemplateRef, db: DbOrTx = prisma): Promise<TemplateView> {
  const stored = await db.notificationTemplate.findFirst({ where: ref, orderBy: { version: "desc" } });
  return view(ref, stored ?? undefined);
}

export type TemplateContent = { subject?: string | null; bodyText: string };

/** 422 naming each problem: empty body, missing email subject, unknown variables, length. */
export function validateTemplateContent(ref: TemplateRef, content: TemplateContent): { subject: string | null; bodyText: string } {
  const allowed = TEMPLATES[ref.key].variables;
  const subject = ref.channel === "EMAIL" ? (content.subject ?? "").trim() : null;
  const bodyText = content.bodyText.replace(/\r\n/g, "\n").trim();
  const details: { path: string; message: string }[] = [];
  if (!bodyText) details.push({ path: "bodyText", message: "must not be empty" });
  if (ref.channel === "EMAIL" && !subject) details.push({ path: "subject", message: "must not be empty for an email" });
  if (ref.channel === "WHATSAPP" && bodyText.length > WHATSAPP_MAX_LENGTH) details.push({ path: "bodyText", message: `must be at most ${WHATSAPP_MAX_LENGTH} characters for WhatsApp` });
  for (const [path, text] of [["subject", subject ?? ""], ["bodyText", bodyText]] as const) {
    for (const name of unknownVariables(text, allowed)) {
      details.push({ path, message: `unknown variable {{${name}}} (allowed: ${allowed.map((v) => `{{${v}}}`).join(", ")})` });
    }
  }
  if (details.length) {
    const unknown = details.filter((d) => d.message.startsWith("unknown variable")).map((d) => d.message.split(" ")[2]);
    const message = unknown.length
      ? `The template uses unknown variable(s) ${[...new Set(unknown)].join(", ")} for ${ref.key}.`
      : `The template is invalid — ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`;
    throw new AppError("validation_failed", message, details);
  }
  return { subject, bodyText };
}

export type UpdateTemplateOptions = TemplateRef & TemplateContent & { contentSid?: string | null; actor: Actor; now: Date };

/**
 * Saves a new version. `contentSid` (WhatsApp only) is kept from the current version when left
 * out, cleared with null. An edit identical to the current version saves nothing.
 */
export async function updateTemplate(options: UpdateTemplateOptions): Promise<TemplateView & { changed: boolean }> {
  const ref: TemplateRef = { key: options.key, channel: options.channel, locale: options.locale };
  const content = validateTemplateContent(ref, options);
  if (ref.channel === "EMAIL" && options.contentSid) {
    throw new AppError("validation_failed", "contentSid is for WhatsApp templates only.", [{ path: "contentSid", message: "only for WhatsApp" }]);
  }
  return prisma.$transaction(async (tx) => {
    // One editor at a time per template, so two saves cannot claim the same version number.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`template:${ref.key}:${ref.channel}:${ref.locale}`}))`;
    const current = await getTemplate(ref, tx);
    const contentSid = ref.channel === "WHATSAPP" ? (options.contentSid === undefined ? current.contentSid : options.contentSid) : null;
    if (current.version > 0 && current.subject === content.subject && current.bodyText === content.bodyText && current.contentSid === contentSid) {
      return { ...current, changed: false };
    }
    const created = await tx.notificationTemplate.create({
      data: { ...ref, version: current.version + 1, ...content, contentSid, createdById: options.actor.id ?? null, createdAt: options.now },
    });
    await recordAudit(tx, options.actor, {
      action: "notification_template.update",
      targetType: "notification_template",
      targetId: created.id,
      before: { ...ref, version: current.version, subject: current.subject, bodyText: current.bodyText, contentSid: current.contentSid },
      after: { ...ref, version: created.version, subject: created.subject, bodyText: created.bodyText, contentSid: created.contentSid },
    });
    return { ...view(ref, created), changed: true };
  });
}

export type PreviewOptions = TemplateRef & Partial<TemplateContent> & { variables?: Record<string, string>; now: Date };

/** Renders a template (the given draft, or the current version) with sample data. */
export async function previewTemplate(options: PreviewOptions) {
  const ref: TemplateRef = { key: options.key, channel: options.channel, locale: options.locale };
  const source = options.bodyText !== undefined ? validateTemplateContent(ref, { subject: options.subject, bodyText: options.bodyText }) : await getTemplate(ref);
  const variables = { ...sampleVariables(ref.locale, options.now), ...(options.variables ?? {}) };
  const subject = source.subject ? renderText(source.subject, variables) : null;
  const text = renderText(source.bodyText, variables);
  const def = TEMPLATES[ref.key];
  return {
    ...ref,
    subject,
    text,
    html: ref.channel === "EMAIL" ? textToHtml(text, { title: subject ?? undefined, locale: ref.locale }) : null,
    contentVariables: ref.channel === "WHATSAPP" ? Object.fromEntries(def.whatsappVariables.map((name, i) => [String(i + 1), variables[name] ?? ""])) : null,
    variables,
  };
}
