/** Shared by `setup:multi-tenant` and the launcher: migrate, seed, and say how to sign in. */
import { applyMigrations } from "./schema-engine";
import { dataDir } from "./paths";
import { saveSecret } from "./secrets";
import type { Runtime } from "./runtime";

export type SetupOutcome = { applied: string[]; email: string; password?: string; passwordNote?: string };

export async function migrateAndSetup(runtime: Runtime): Promise<SetupOutcome> {
  const applied = await applyMigrations(runtime.databaseUrl);
  const { setupConsole } = await import("@/lib/services/setup.service");
  const { admin } = await setupConsole();
  if (admin.created && admin.password && runtime.embedded) {
    await saveSecret(dataDir(), "INITIAL_ADMIN_PASSWORD", admin.password);
  }
  if (admin.created) return { applied, email: admin.email, password: admin.generated ? admin.password : undefined, passwordNote: admin.generated ? undefined : "from ADMIN_PASSWORD" };
  // Already set up: on the embedded default, print the first password again while it still works.
  const initial = runtime.secrets?.INITIAL_ADMIN_PASSWORD;
  if (initial) {
    const { prisma } = await import("@/lib/db");
    const { verifyPassword } = await import("@/lib/auth/password");
    const user = await prisma.adminUser.findUnique({ where: { email: admin.email }, omit: { passwordHash: false } });
    if (user && (await verifyPassword(user.passwordHash, initial))) return { applied, email: admin.email, password: initial };
  }
  return { applied, email: admin.email, passwordNote: "unchanged (set when the account was created)" };
}
