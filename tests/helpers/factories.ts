/** Unique test data: every call makes rows no other test touches. */
import crypto from "node:crypto";
import { systemActor } from "@/lib/actor";
import { createApiToken } from "@/lib/auth/api-tokens";
import { hashPassword } from "@/lib/auth/password";
import { prisma } from "@/lib/db";
import type { AdminRole } from "@/lib/generated/prisma/enums";

export function uid(length = 8): string {
  return crypto.randomBytes(length).toString("hex").slice(0, length);
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct-horse-battery";

export async function createAdmin(role: AdminRole = "SUPER_ADMIN", overrides: { email?: string; password?: string } = {}) {
  const passwordHash = overrides.password ? await hashPassword(overrides.password) : await (cachedHash ??= hashPassword(TEST_PASSWORD));
  return prisma.adminUser.create({
    data: { email: overrides.email ?? `admin-${uid()}@test.afp`, name: `Admin ${role}`, role, passwordHash },
  });
}

export async function createAdminWithToken(role: AdminRole = "SUPER_ADMIN") {
  const admin = await createAdmin(role);
  const { token, id } = await createApiToken({ adminUserId: admin.id, name: "test", actor: systemActor("test") });
  return { admin, token, tokenId: id };
}
