/** Test data and configuration for the notification tests: instances with owners, messaging drivers. */
import crypto from "node:crypto";
import { prisma } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { resetMessageDrivers } from "@/lib/providers/messaging";
import { uid } from "./factories";

/** A unique, valid DRC mobile number in E.164. */
export function uniquePhone(): string {
  return `+24381${crypto.randomInt(0, 10_000_000).toString().padStart(7, "0")}`;
}

export async function createOwnerInstance(
  options: { locale?: "fr" | "en"; email?: string | null; phone?: string | null; country?: string; name?: string; emailOptOut?: boolean; whatsappOptOut?: boolean } = {},
) {
  const id = uid(10);
  return prisma.instance.create({
    data: {
      name: options.name ?? `Pharmacie ${id}`,
      subdomain: `pharma-${id}`,
      ownerName: `Owner ${id}`,
      ownerEmail: options.email === undefined ? `owner-${id}@test.afp` : (options.email ?? ""),
      ownerPhone: options.phone === undefined ? uniquePhone() : options.phone,
      country: options.country ?? "CD",
      status: "ACTIVE",
      settings: { create: { locale: options.locale ?? "fr", emailOptOut: options.emailOptOut ?? false, whatsappOptOut: options.whatsappOptOut ?? false } },
    },
    include: { settings: true },
  });
}

/**
 * Sets messaging variables for this test file (lib/env and the drivers are rebuilt); the returned
 * function puts the previous values back.
 */
export async function configureMessaging(values: Record<string, string | undefined>): Promise<() => Promise<void>> {
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  const apply = async (next: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    resetEnvCache();
    await resetMessageDrivers();
  };
  await apply(values);
  return () => apply(previous);
}
