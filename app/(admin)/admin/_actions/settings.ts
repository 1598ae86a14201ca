"use server";
/** Settings actions: plan prices, reminder window, admin users, API tokens — the services behind /api/admin/plans|settings|admin-users|api-tokens. */
import { field, mutation } from "@/lib/actions/server";
import type { ActionResult } from "@/lib/actions/result";
import { createApiToken, revokeApiToken } from "@/lib/auth/api-tokens";
import { addDays } from "@/lib/clock";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { AdminRole, PlanCode } from "@/lib/generated/prisma/enums";
import { format, planLabel } from "@/lib/i18n";
import { parseWith } from "@/lib/http";
import { majorToMinor } from "@/lib/money";
import { createAdminUser, generatePassword, setAdminDisabled, setAdminRole, ZCreateAdminRequest } from "@/lib/services/admin-user.service";
import { updatePlanPrice } from "@/lib/services/plan.service";
import { updateConsoleSettings, ZConsoleSettingsRequest } from "@/lib/services/settings.service";
import { ZCreateApiTokenRequest } from "@/types/api-tokens";

const PLAN_CODES: PlanCode[] = ["TRIAL", "MONTHLY", "ANNUAL", "LIFETIME"];

export async function planPriceAction(code: PlanCode, _: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ actor }) => {
      if (!PLAN_CODES.includes(code)) throw new AppError("not_found", `Plan ${code} was not found.`);
      const amount = Number(field(form, "amount").replace(",", ".").replace(/\s/g, ""));
      const amountMinor = Number.isFinite(amount) && amount >= 0 ? majorToMinor(amount, "EUR") : undefined;
      if (amountMinor === undefined || field(form, "amount") === "") throw new AppError("validation_failed", "amount must be an amount in euros (e.g. 50 or 49.99).", [{ path: "amount", message: "must be an amount in euros, at most 2 decimals" }]);
      const rates = env().CDF_PER_EUR ? { CDF: env().CDF_PER_EUR } : {};
      return updatePlanPrice({ code, currency: "EUR", amountMinor, actor, rates });
    },
    (_, t, locale) => format(t.settings.plans.updated, { plan: planLabel(code, locale) }),
  );
}

export async function reminderWindowAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(async ({ actor }) => {
    const raw = field(form, "reminderWindowDays");
    const request = parseWith(ZConsoleSettingsRequest, { reminderWindowDays: raw === "" ? undefined : Number(raw) }, "The settings");
    return updateConsoleSettings({ request, actor });
  }, (_, t) => t.settings.reminders.saved);
}

export async function createAdminAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  const password = generatePassword();
  return mutation(
    async ({ actor }) => createAdminUser(parseWith(ZCreateAdminRequest, { email: field(form, "email"), name: field(form, "name"), role: field(form, "role"), password }, "The admin"), actor),
    (user, t) => {
      const label = format(t.settings.admins.passwordOnce, { email: user.email });
      return { message: t.settings.admins.created, reveal: { label, value: password, kind: "secret" } };
    },
  );
}

export async function adminRoleAction(id: string, role: AdminRole): Promise<ActionResult> {
  return mutation(async ({ actor }) => setAdminRole({ id, role, actor }), (_, t) => t.settings.admins.changed);
}

export async function adminDisabledAction(id: string, disabled: boolean): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => setAdminDisabled({ id, disabled, actor, now }), (_, t) => t.settings.admins.changed);
}

export async function createTokenAction(_: ActionResult, form: FormData): Promise<ActionResult> {
  return mutation(
    async ({ principal, actor, now }) => {
      const days = field(form, "expiresInDays");
      const body = parseWith(ZCreateApiTokenRequest, { name: field(form, "name"), expiresInDays: days === "" ? undefined : Number(days) }, "The token");
      return createApiToken({ adminUserId: principal.id, name: body.name, expiresAt: body.expiresInDays ? addDays(now, body.expiresInDays) : undefined, actor });
    },
    (created, t) => ({ message: t.common.done, reveal: { label: t.settings.tokens.shownOnce, value: created.token, kind: "secret" } }),
  );
}

export async function revokeTokenAction(id: string): Promise<ActionResult> {
  return mutation(async ({ actor, now }) => revokeApiToken({ id, actor, now }), (_, t) => t.settings.tokens.revokedDone);
}
