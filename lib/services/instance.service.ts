/**
 * Instances: one pharmacy each, with its database, its deployment and its subscription.
 * `PROVISIONING → ACTIVE ⇄ SUSPENDED → DELETED` (soft, kept INSTANCE_RETENTION_DAYS, then purged),
 * `PROVISIONING → PROVISIONING_FAILED` (retryable). Every action is audited with before and after.
 */
import type { Actor } from "@/lib/actor";
import { addDays } from "@/lib/clock";
import { defaultCurrency } from "@/lib/countries";
import { decryptSecret } from "@/lib/crypto";
import { prisma, Prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone";
import { dropTenantDatabase } from "@/lib/providers/tenant-db/postgres";
import { normalizeSubdomain, subdomainProblem, SUBDOMAIN_MESSAGES, suggestSubdomain } from "@/lib/subdomain";
import type { TCreateInstanceRequest, TUpdateInstanceRequest } from "@/types/instances";
import { recordAudit } from "@/lib/services/audit.service";
import { reactivateInstances, suspendInstances } from "@/lib/services/instance-state";
import { provisionInstance } from "@/lib/services/instance-provisioning";
import { getPlanByCodeOrThrow, PLAN_TYPES } from "@/lib/services/plan.service";
import { createInitialSubscription, isRunning } from "@/lib/services/subscription.service";
import { deployInstance, removeProjects, syncDeployments } from "@/lib/services/vercel.service";
import { tenantDatabaseUrl } from "@/lib/providers/tenant-db/postgres";

export const instanceInclude = {
  settings: true,
  subscription: { include: { plan: true, pendingPlan: true, defaultPaymentMethod: true } },
  tenantDatabase: true,
} satisfies Prisma.InstanceInclude;

export async function getInstanceOrThrow(id: string, options: { includeDeleted?: boolean } = {}) {
  const instance = await prisma.instance.findUnique({ where: { id }, include: instanceInclude });
  if (!instance || (instance.status === "DELETED" && !options.includeDeleted)) throw notFound("Instance", id);
  return instance;
}

export async function getInstanceDetail(id: string) {
  const instance = await getInstanceOrThrow(id, { includeDeleted: true });
  const latestDeployment = await prisma.deployment.findFirst({ where: { instanceId: id }, orderBy: { createdAt: "desc" } });
  return { ...instance, latestDeployment, simulatedDeployments: latestDeployment?.driver === "simulated" };
}

function phoneOrThrow(phone: string | null | undefined, country: string | null | undefined, path = "ownerPhone"): string | null {
  if (!phone) return null;
  const normalized = normalizePhone(phone, country ?? undefined);
  if (!normalized) throw new AppError("validation_failed", `${path} is not a valid phone number for ${country ?? "its country"} (use +243…).`, [{ path, message: "invalid phone number" }]);
  return normalized;
}

function duplicateSubdomain(subdomain: string): AppError {
  return new AppError("conflict", `The subdomain "${subdomain}" is already taken.`, [{ path: "subdomain", message: "already taken" }]);
}

export type CreateInstanceOptions = { request: TCreateInstanceRequest; actor: Actor; now: Date; source?: "admin" | "self_service" | "api" };

export async function createInstance(options: CreateInstanceOptions) {
  const { request, actor, now } = options;
  const ownerPhone = phoneOrThrow(request.ownerPhone, request.country);
  const planCode = PLAN_TYPES[request.planType];
  const plan = await getPlanByCodeOrThrow(planCode);
  const currency = defaultCurrency(request.country, Boolean(env().CDF_PER_EUR));
  const instanceId = await prisma
    .$transaction(async (tx) => {
      const instance = await tx.instance.create({
        data: {
          name: request.name,
          subdomain: request.subdomain,
          ownerEmail: request.ownerEmail,
          ownerName: request.ownerName ?? null,
          ownerPhone,
          country: request.country ?? null,
          source: options.source ?? (actor.type === "api_token" ? "api" : "admin"),
          createdAt: now,
          settings: { create: { locale: request.locale, currency } },
        },
      });
      const subscription = await createInitialSubscription(tx, { instanceId: instance.id, plan, currency, now });
      await recordAudit(tx, actor, {
        action: "instance.create",
        targetType: "instance",
        targetId: instance.id,
        instanceId: instance.id,
        after: { name: instance.name, subdomain: instance.subdomain, ownerEmail: instance.ownerEmail, country: instance.country, plan: planCode, subscription: { status: subscription.status, currentPeriodEnd: subscription.currentPeriodEnd } },
      });
      return instance.id;
    })
    .catch((error: unknown) => {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw duplicateSubdomain(request.subdomain);
      throw error;
    });
  await provisionInstance({ instanceId, trigger: "provision", actor, now });
  return getInstanceDetail(instanceId);
}

export async function retryProvisioning(options: { id: string; actor: Actor; now: Date }) {
  const instance = await getInstanceOrThrow(options.id);
  if (instance.status !== "PROVISIONING_FAILED") throw new AppError("invalid_state", `Only a failed provisioning can be retried (the instance is ${instance.status}).`);
  await prisma.$transaction(async (tx) => {
    await tx.instance.update({ where: { id: instance.id }, data: { status: "PROVISIONING" } });
    await recordAudit(tx, options.actor, {
      action: "instance.retry_provisioning",
      targetType: "instance",
      targetId: instance.id,
      instanceId: instance.id,
      before: { status: instance.status, step: instance.provisioningStep, error: instance.provisioningError },
      after: { status: "PROVISIONING" },
    });
  });
  await provisionInstance({ instanceId: instance.id, trigger: "retry", actor: options.actor, now: options.now });
  return getInstanceDetail(instance.id);
}

export async function updateInstance(options: { id: string; request: TUpdateInstanceRequest; actor: Actor }) {
  const instance = await getInstanceOrThrow(options.id);
  const { request } = options;
  const country = request.country === undefined ? instance.country : request.country;
  const data: Prisma.InstanceUpdateInput = {
    ...(request.name !== undefined ? { name: request.name } : {}),
    ...(request.ownerEmail !== undefined ? { ownerEmail: request.ownerEmail } : {}),
    ...(request.ownerName !== undefined ? { ownerName: request.ownerName } : {}),
    ...(request.ownerPhone !== undefined ? { ownerPhone: phoneOrThrow(request.ownerPhone, country) } : {}),
    ...(request.country !== undefined ? { country: request.country } : {}),
  };
  const before = { name: instance.name, ownerEmail: instance.ownerEmail, ownerName: instance.ownerName, ownerPhone: instance.ownerPhone, country: instance.country, locale: instance.settings?.locale };
  await prisma.$transaction(async (tx) => {
    const updated = await tx.instance.update({ where: { id: instance.id }, data });
    if (request.locale) await tx.instanceSettings.update({ where: { instanceId: instance.id }, data: { locale: request.locale } });
    await recordAudit(tx, options.actor, {
      action: "instance.update",
      targetType: "instance",
      targetId: instance.id,
      instanceId: instance.id,
      before,
      after: { name: updated.name, ownerEmail: updated.ownerEmail, ownerName: updated.ownerName, ownerPhone: updated.ownerPhone, country: updated.country, locale: request.locale ?? before.locale },
    });
  });
  return getInstanceDetail(instance.id);
}

export async function suspendInstance(options: { id: string; reason: string; actor: Actor; now: Date }) {
  const instance = await getInstanceOrThrow(options.id);
  const suspended = await prisma.$transaction((tx) =>
    suspendInstances(tx, { instanceIds: [instance.id], reason: "manual", note: options.reason, actor: options.actor, now: options.now }),
  );
  if (suspended.length === 0) throw new AppError("invalid_state", `Only an active instance can be suspended (this one is ${instance.status}).`);
  await syncDeployments(suspended, options.now);
  return getInstanceDetail(instance.id);
}

export async function reactivateInstance(options: { id: string; actor: Actor; now: Date }) {
  const instance = await getInstanceOrThrow(options.id);
  if (instance.status !== "SUSPENDED") throw new AppError("invalid_state", `Only a suspended instance can be reactivated (this one is ${instance.status}).`);
  if (!instance.subscription || !isRunning(instance.subscription, options.now)) {
    throw new AppError("invalid_state", "The subscription has ended: extend it or record a payment first, which reactivates the instance.");
  }
  await prisma.$transaction((tx) => reactivateInstances(tx, { instanceIds: [instance.id], actor: options.actor, now: options.now }));
  await syncDeployments([instance.id], options.now);
  return getInstanceDetail(instance.id);
}

export async function redeployInstance(options: { id: string; actor: Actor; now: Date }) {
  const instance = await getInstanceOrThrow(options.id);
  if (instance.status !== "ACTIVE") throw new AppError("invalid_state", `Only an active instance can be redeployed (this one is ${instance.status}).`);
  const tenant = await prisma.tenantDatabase.findUnique({ where: { instanceId: instance.id }, omit: { passwordEncrypted: false } });
  if (!tenant || tenant.status !== "READY") throw new AppError("invalid_state", "The tenant database is not ready.");
  const url = tenantDatabaseUrl({ databaseName: tenant.databaseName, roleName: tenant.roleName, password: decryptSecret(tenant.passwordEncrypted) });
  await recordAudit(prisma, options.actor, { action: "instance.redeploy", targetType: "instance", targetId: instance.id, instanceId: instance.id });
  try {
    return await deployInstance({ id: instance.id, subdomain: instance.subdomain, tenantDatabaseUrl: url }, "redeploy");
  } catch (error) {
    throw new AppError("provider_error", `The redeployment failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Soft delete: hidden, billing stopped, project paused; data kept until `purgeAfter`. */
export async function deleteInstance(options: { id: string; confirm?: string; purgeNow?: boolean; actor: Actor; now: Date }) {
  const instance = await getInstanceOrThrow(options.id);
  if (options.confirm !== undefined && options.confirm.trim().toLowerCase() !== instance.subdomain) {
    throw new AppError("validation_failed", `confirm must be the instance's subdomain (${instance.subdomain}).`, [{ path: "confirm", message: "does not match the subdomain" }]);
  }
  const purgeAfter = addDays(options.now, env().INSTANCE_RETENTION_DAYS);
  await prisma.$transaction(async (tx) => {
    await tx.instance.update({ where: { id: instance.id }, data: { status: "DELETED", deletedAt: options.now, purgeAfter } });
    await tx.subscription.updateMany({
      where: { instanceId: instance.id, status: { in: ["TRIALING", "ACTIVE", "PAST_DUE"] } },
      data: { status: "CANCELED", canceledAt: options.now, endedAt: options.now, autoRenew: false },
    });
    await recordAudit(tx, options.actor, {
      action: "instance.delete",
      targetType: "instance",
      targetId: instance.id,
      instanceId: instance.id,
      before: { status: instance.status, subscription: instance.subscription?.status },
      after: { status: "DELETED", purgeAfter },
    });
  });
  if (options.purgeNow) return purgeInstance({ id: instance.id, actor: options.actor, now: options.now });
  await syncDeployments([instance.id], options.now);
  return getInstanceDetail(instance.id);
}

/** Drops the tenant database and removes the project; the row stays (invoices, audit) and frees the subdomain. */
export async function purgeInstance(options: { id: string; actor: Actor; now: Date }) {
  const instance = await getInstanceOrThrow(options.id, { includeDeleted: true });
  if (instance.status !== "DELETED") throw new AppError("invalid_state", "Delete the instance before purging it.");
  if (instance.purgedAt) return getInstanceDetail(instance.id);
  const tenant = instance.tenantDatabase;
  if (tenant && tenant.status !== "DROPPED") {
    await dropTenantDatabase({ databaseName: tenant.databaseName, roleName: tenant.roleName });
    await prisma.tenantDatabase.update({ where: { id: tenant.id }, data: { status: "DROPPED", droppedAt: options.now } });
  }
  await removeProjects(instance.id, instance.subdomain);
  await prisma.$transaction(async (tx) => {
    await tx.instance.update({ where: { id: instance.id }, data: { purgedAt: options.now, subdomain: `del-${instance.id.slice(-24)}` } });
    await recordAudit(tx, options.actor, {
      action: "instance.purge",
      targetType: "instance",
      targetId: instance.id,
      instanceId: instance.id,
      before: { subdomain: instance.subdomain, tenantDatabase: tenant?.databaseName },
      after: { purgedAt: options.now },
    });
  });
  return getInstanceDetail(instance.id);
}

export async function checkSubdomain(value: string) {
  const subdomain = normalizeSubdomain(value);
  const problem = subdomainProblem(subdomain);
  const suggestion = async (base: string) => {
    for (let n = 2; n < 12; n += 1) {
      const candidate = `${base.slice(0, 36)}-${n}`;
      if (!subdomainProblem(candidate) && !(await prisma.instance.findUnique({ where: { subdomain: candidate }, select: { id: true } }))) return candidate;
    }
    return undefined;
  };
  if (problem) {
    const fixed = suggestSubdomain(subdomain);
    return { subdomain, valid: false, available: false, reason: problem, message: SUBDOMAIN_MESSAGES[problem], suggestion: subdomainProblem(fixed) ? undefined : fixed };
  }
  const taken = await prisma.instance.findUnique({ where: { subdomain }, select: { id: true } });
  return taken
    ? { subdomain, valid: true, available: false, reason: "taken", message: "is already taken", suggestion: await suggestion(subdomain) }
    : { subdomain, valid: true, available: true };
}

export { listInstances } from "@/lib/services/instance-list";
