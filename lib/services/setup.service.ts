/**
 * `npm run setup:multi-tenant` (and the first start of the embedded default): everything a new
 * console needs, idempotently — the plans and their prices, the default message templates, the
 * first super-admin.
 */
import { systemActor } from "@/lib/actor";
import { env } from "@/lib/env";
import { ensureBootstrapAdmin, type BootstrapResult } from "@/lib/services/admin-user.service";
import { seedPlans } from "@/lib/services/plan.service";
import { seeders } from "@/lib/services/seeders";

export async function setupConsole(): Promise<{ admin: BootstrapResult }> {
  const e = env();
  await seedPlans(undefined, e.CDF_PER_EUR ? { CDF: e.CDF_PER_EUR } : {});
  for (const seed of seeders) await seed();
  const admin = await ensureBootstrapAdmin({ email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD, actor: systemActor("setup") });
  return { admin };
}
