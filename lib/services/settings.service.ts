/**
 * Console-wide settings edited from the dashboard, stored in `settings` (key → JSON). Each has an
 * environment default (lib/env.ts) that applies until a super-admin sets it; changes are audited.
 */
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { prisma, type DbOrTx } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/services/audit.service";

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
