/**
 * Console-wide settings, one JSON value per key in the `settings` table. A key that was never
 * written reads as its default; every change is audited with before and after, in the same
 * transaction. Each setting is declared once here with its schema and default; those with an
 * environment default (the reminder window: REMINDER_WINDOW_DAYS) read it until a super-admin sets them.
 */
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { prisma, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/services/audit.service";

export const SETTINGS = {
  /** Pharmacies may sign up by themselves at /inscription (a super-admin can close it). */
  self_service_enabled: { schema: z.boolean(), defaultValue: true },
} as const;

export type SettingKey = keyof typeof SETTINGS;
type SettingValue<K extends SettingKey> = z.infer<(typeof SETTINGS)[K]["schema"]>;

export type SettingRead<K extends SettingKey> = { key: K; value: SettingValue<K>; isDefault: boolean; updatedAt: Date | null; updatedById: string | null };

export async function getSetting<K extends SettingKey>(key: K, db: DbOrTx = prisma): Promise<SettingRead<K>> {
  const row = await db.setting.findUnique({ where: { key } });
  const parsed = row ? SETTINGS[key].schema.safeParse(row.value) : undefined;
  if (!row || !parsed?.success) return { key, value: SETTINGS[key].defaultValue as SettingValue<K>, isDefault: true, updatedAt: row?.updatedAt ?? null, updatedById: row?.updatedById ?? null };
  return { key, value: parsed.data as SettingValue<K>, isDefault: false, updatedAt: row.updatedAt, updatedById: row.updatedById };
}

export async function setSetting<K extends SettingKey>(options: { key: K; value: SettingValue<K>; actor: Actor }): Promise<SettingRead<K>> {
  const { key, actor } = options;
  const value = SETTINGS[key].schema.parse(options.value) as SettingValue<K>;
  const updatedById = actor.type === "admin" || actor.type === "api_token" ? (actor.id ?? null) : null;
  return prisma.$transaction(async (tx) => {
    // Row lock (or the insert's unique key) serialises two admins changing the same key.
    const before = await tx.$queryRaw<{ value: unknown }[]>`SELECT value FROM settings WHERE key = ${key} FOR UPDATE`;
    const row = await tx.setting.upsert({
      where: { key },
      create: { key, value, updatedById },
      update: { value, updatedById },
    });
    await recordAudit(tx, actor, {
      action: "setting.update",
      targetType: "setting",
      targetId: key,
      before: { value: before[0] ? before[0].value : SETTINGS[key].defaultValue, isDefault: before.length === 0 },
      after: { value },
    });
    return { key, value, isDefault: false, updatedAt: row.updatedAt, updatedById: row.updatedById };
  });
}

export async function isSelfServiceEnabled(db: DbOrTx = prisma): Promise<boolean> {
  return (await getSetting("self_service_enabled", db)).value;
}

export const ZSelfServiceRequest = z.object({ enabled: z.boolean({ error: "must be true or false" }) });
export type TSelfServiceRequest = z.infer<typeof ZSelfServiceRequest>;

export async function setSelfServiceEnabled(options: { enabled: boolean; actor: Actor }) {
  const saved = await setSetting({ key: "self_service_enabled", value: options.enabled, actor: options.actor });
  return { enabled: saved.value, updatedAt: saved.updatedAt, updatedById: saved.updatedById };
}

export async function getSelfService() {
  const read = await getSetting("self_service_enabled");
  return { enabled: read.value, isDefault: read.isDefault, updatedAt: read.updatedAt, updatedById: read.updatedById };
}

// ─── The dashboard's console settings ───

export const REMINDER_WINDOW_KEY = "reminder_window_days";

export const ZConsoleSettingsRequest = z.object({
  reminderWindowDays: z.number({ error: "must be a number of days" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(30, "must be at most 30 days"),
});
export type TConsoleSettingsRequest = z.infer<typeof ZConsoleSettingsRequest>;

export type ConsoleSettings = {
  reminderWindowDays: number;
  /** Where each value comes from: the dashboard, or the environment default. */
  sources: { reminderWindowDays: "dashboard" | "environment" };
  defaults: { reminderWindowDays: number };
  updatedAt: Date | null;
  updatedById: string | null;
};

export async function getConsoleSettings(db: DbOrTx = prisma): Promise<ConsoleSettings> {
  const row = await db.setting.findUnique({ where: { key: REMINDER_WINDOW_KEY } });
  const stored = row && typeof row.value === "number" && Number.isInteger(row.value) ? row.value : undefined;
  const fallback = env().REMINDER_WINDOW_DAYS;
  return {
    reminderWindowDays: stored ?? fallback,
    sources: { reminderWindowDays: stored === undefined ? "environment" : "dashboard" },
    defaults: { reminderWindowDays: fallback },
    updatedAt: row?.updatedAt ?? null,
    updatedById: row?.updatedById ?? null,
  };
}

/** The daily job's reminder window: the dashboard's value, else REMINDER_WINDOW_DAYS. */
export async function reminderWindowDays(db: DbOrTx = prisma): Promise<number> {
  return (await getConsoleSettings(db)).reminderWindowDays;
}

export async function updateConsoleSettings(options: { request: TConsoleSettingsRequest; actor: Actor }): Promise<ConsoleSettings> {
  const { request, actor } = options;
  return prisma.$transaction(async (tx) => {
    const before = await getConsoleSettings(tx);
    await tx.setting.upsert({
      where: { key: REMINDER_WINDOW_KEY },
      create: { key: REMINDER_WINDOW_KEY, value: request.reminderWindowDays, updatedById: actor.id ?? null },
      update: { value: request.reminderWindowDays, updatedById: actor.id ?? null },
    });
    await recordAudit(tx, actor, {
      action: "settings.update",
      targetType: "settings",
      targetId: REMINDER_WINDOW_KEY,
      before: { reminderWindowDays: before.reminderWindowDays, source: before.sources.reminderWindowDays },
      after: { reminderWindowDays: request.reminderWindowDays },
    });
    return getConsoleSettings(tx);
  });
}
