/** Instances through the real service, with unique subdomains. */
import { systemActor, type Actor } from "@/lib/actor";
import { seedPlans } from "@/lib/services/plan.service";
import { createInstance } from "@/lib/services/instance.service";
import type { TCreateInstanceRequest } from "@/types/instances";
import { uid } from "./factories";

export const testActor: Actor = systemActor("test", { type: "admin", id: "adm_test", label: "test@afp" });

let plansSeeded: Promise<void> | undefined;
export function ensurePlans(): Promise<void> {
  plansSeeded ??= seedPlans();
  return plansSeeded;
}

export async function makeInstance(overrides: Partial<TCreateInstanceRequest> = {}, now = new Date()) {
  await ensurePlans();
  const subdomain = overrides.subdomain ?? `ph-${uid(10)}`;
  return createInstance({
    request: {
      name: `Pharmacie ${subdomain}`,
      subdomain,
      ownerEmail: `owner-${subdomain}@test.afp`,
      ownerName: "Awa Diallo",
      ownerPhone: "+243812345678",
      country: "CD",
      locale: "fr",
      planType: "trial",
      ...overrides,
    },
    actor: testActor,
    now,
  });
}
