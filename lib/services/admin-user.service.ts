/** Admin users: the first super-admin, invitations by a super-admin, roles, disabling. */
import crypto from "node:crypto";
import { z } from "zod";
import type { Actor } from "@/lib/actor";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { AdminRole } from "@/lib/generated/prisma/enums";
import { parseWith } from "@/lib/http";
import { recordAudit } from "@/lib/services/audit.service";

export const DEFAULT_ADMIN_EMAIL = "admin@afrikapharma.local";

export const ZCreateAdminRequest = z.object({
  email: z.email().trim().toLowerCase().max(320),
  name: z.string().trim().min(1).max(120),
  role: z.enum(["SUPER_ADMIN", "SUPPORT"]),
  password: z.string().min(12, "must be at least 12 characters").max(200),
});
export type TCreateAdminRequest = z.infer<typeof ZCreateAdminRequest>;

/** A readable generated password: 4 groups of 5 characters from an unambiguous alphabet (~100 bits). */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => alphabet[crypto.randomInt(alphabet.length)]).join(""),
  );
  return groups.join("-");
}

export async function createAdminUser(input: TCreateAdminRequest, actor: Actor) {
  const data = parseWith(ZCreateAdminRequest, input, "Admin user");
  const passwordHash = await hashPassword(data.password);
  return prisma.$transaction(async (tx) => {
    const user = await tx.adminUser.create({ data: { email: data.email, name: data.name, role: data.role, passwordHash } });
    await recordAudit(tx, actor, {
      action: "admin_user.create",
      targetType: "admin_user",
      targetId: user.id,
      after: { email: user.email, name: user.name, role: user.role },
    });
    return user;
  });
}

export type BootstrapResult = { email: string; created: boolean; password?: string; generated: boolean };

/**
 * Creates the first super-admin if the account does not exist yet; changes nothing otherwise
 * (running setup twice is harmless). The password is ADMIN_PASSWORD, or generated and returned once.
 */
export async function ensureBootstrapAdmin(options: { email?: string; password?: string; actor: Actor }): Promise<BootstrapResult> {
  const email = (options.email ?? DEFAULT_ADMIN_EMAIL).trim().toLowerCase();
  const existing = await prisma.adminUser.findUnique({ where: { email } });
  if (existing) return { email, created: false, generated: false };
  const password = options.password ?? generatePassword();
  try {
    await createAdminUser({ email, name: "Super admin", role: "SUPER_ADMIN", password }, options.actor);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Created concurrently by another setup run: that one printed the password.
    if (await prisma.adminUser.findUnique({ where: { email } })) return { email, created: false, generated: false };
    throw error;
  }
  return { email, created: true, password, generated: options.password === undefined };
}

export async function listAdminUsers() {
  return prisma.adminUser.findMany({ orderBy: { createdAt: "asc" } });
}

async function changeAdmin(id: string, actor: Actor, action: string, change: (role: AdminRole) => { role?: AdminRole; disabledAt?: Date | null }) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.adminUser.findUnique({ where: { id } });
    if (!user) throw notFound("Admin user", id);
    const data = change(user.role);
    if ((data.role && data.role !== "SUPER_ADMIN") || data.disabledAt) {
      const others = await tx.adminUser.count({ where: { role: "SUPER_ADMIN", disabledAt: null, id: { not: id } } });
      if (others === 0 && user.role === "SUPER_ADMIN") {
        throw new AppError("invalid_state", "At least one active super-admin must remain.");
      }
    }
    const updated = await tx.adminUser.update({ where: { id }, data: { ...data, sessionVersion: { increment: 1 } } });
    await recordAudit(tx, actor, {
      action,
      targetType: "admin_user",
      targetId: id,
      before: { role: user.role, disabledAt: user.disabledAt },
      after: { role: updated.role, disabledAt: updated.disabledAt },
    });
    return updated;
  });
}

export function setAdminRole(options: { id: string; role: AdminRole; actor: Actor }) {
  return changeAdmin(options.id, options.actor, "admin_user.role_change", () => ({ role: options.role }));
}

export function setAdminDisabled(options: { id: string; disabled: boolean; actor: Actor; now: Date }) {
  return changeAdmin(options.id, options.actor, options.disabled ? "admin_user.disable" : "admin_user.enable", () => ({
    disabledAt: options.disabled ? options.now : null,
  }));
}
