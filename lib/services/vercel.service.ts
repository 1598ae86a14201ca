/**
 * Deployments of the pharmacy app, one project per instance, through the configured driver
 * (Vercel, or simulated on the local default). Every deployment and state change is recorded;
 * webhooks and a poll keep states current; after any status change, `syncDeployments` makes each
 * project's paused state match its instance (paused when suspended or deleted), so a failed
 * Vercel call is simply retried by the next sync.
 */
import { env } from "@/lib/env";
import { prisma } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { DeploymentState } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { deployDriver } from "@/lib/providers/deploy";
import { DeployError, type DeployDriver, type DeployWebhookEvent } from "@/lib/providers/deploy/types";
import { entitlementKeys } from "@/lib/services/entitlement.service";

export const ACTIVE_DEPLOYMENT_STATES: DeploymentState[] = ["QUEUED", "BUILDING"];

export function projectName(subdomain: string): string {
  return `afp-${subdomain}`;
}

export function instanceDomain(subdomain: string): string {
  return `${subdomain}.${env().ROOT_DOMAIN}`;
}

export type DeployTarget = { id: string; subdomain: string; tenantDatabaseUrl: string };

/** The variables every pharmacy app is deployed with. */
export function appEnvironment(target: DeployTarget): Record<string, string> {
  const keys = entitlementKeys();
  return {
    DATABASE_URL: target.tenantDatabaseUrl,
    AFRIKAPHARMA_INSTANCE_ID: target.id,
    AFRIKAPHARMA_SUBDOMAIN: target.subdomain,
    AFRIKAPHARMA_CONSOLE_URL: env().APP_URL,
    AFRIKAPHARMA_ENTITLEMENT_URL: `${env().APP_URL}/api/public/instances/${target.subdomain}/entitlement`,
    AFRIKAPHARMA_ENTITLEMENT_PUBLIC_KEY: keys.publicPem,
    AFRIKAPHARMA_ENTITLEMENT_KEY_ID: keys.kid,
  };
}

async function record(deploymentId: string, state: DeploymentState, source: string, message?: string) {
  await prisma.deploymentEvent.create({ data: { deploymentId, state, source, message: message?.slice(0, 1000) ?? null } });
}

/**
 * Runs the idempotent steps (project, environment, domain, deployment) and records the result.
 * Throws DeployError naming the failed step; the Deployment row then says ERROR.
 */
export async function deployInstance(target: DeployTarget, trigger: "provision" | "redeploy" | "retry", driver: DeployDriver = deployDriver()) {
  const domain = instanceDomain(target.subdomain);
  const deployment = await prisma.deployment.create({ data: { instanceId: target.id, driver: driver.name, trigger, state: "QUEUED", domain } });
  await record(deployment.id, "QUEUED", "api", `${trigger} started (${driver.name})`);
  try {
    const project = await driver.ensureProject({ name: projectName(target.subdomain), instanceId: target.id });
    await prisma.deployment.update({ where: { id: deployment.id }, data: { externalProjectId: project.projectId } });
    await driver.setEnvironment({ projectId: project.projectId, variables: appEnvironment(target) });
    await driver.ensureDomain({ projectId: project.projectId, domain });
    const info = await driver.createDeployment({ projectId: project.projectId, name: project.name, instanceId: target.id });
    // The driver reuses a deployment already building for this instance (a retry after a lost
    // answer): keep the row that knows it and drop the one made for this attempt.
    const known = await prisma.deployment.findUnique({ where: { externalDeploymentId: info.deploymentId } });
    if (known && known.id !== deployment.id) {
      await prisma.deployment.delete({ where: { id: deployment.id } });
      return known;
    }
    const updated = await prisma.deployment.update({
      where: { id: deployment.id },
      data: { externalDeploymentId: info.deploymentId, url: info.url ?? null, state: info.state, error: info.error ?? null, readyAt: info.state === "READY" ? new Date() : null },
    });
    await record(deployment.id, info.state, "driver", info.url);
    return updated;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await prisma.deployment.update({ where: { id: deployment.id }, data: { state: "ERROR", error: message.slice(0, 1000) } });
    await record(deployment.id, "ERROR", "driver", message);
    throw error instanceof DeployError ? error : new DeployError("deployment", message, true, error);
  }
}

/** The newest deployment that knows its project. */
export async function currentDeployment(instanceId: string) {
  return prisma.deployment.findFirst({ where: { instanceId, externalProjectId: { not: null } }, orderBy: { createdAt: "desc" } });
}

/** Pauses projects of suspended or deleted instances and unpauses those of active ones. */
export async function syncDeployments(instanceIds: string[], _now: Date, driver: DeployDriver = deployDriver()): Promise<{ paused: number; resumed: number; errors: number }> {
  const outcome = { paused: 0, resumed: 0, errors: 0 };
  if (instanceIds.length === 0) return outcome;
  const rows = await prisma.$queryRaw<{ instance_id: string; status: string; deployment_id: string; project_id: string; state: DeploymentState }[]>`
    SELECT DISTINCT ON (d.instance_id) d.instance_id, i.status::text, d.id AS deployment_id, d.external_project_id AS project_id, d.state
    FROM deployments d JOIN instances i ON i.id = d.instance_id
    WHERE d.instance_id = ANY(${instanceIds}::text[]) AND d.external_project_id IS NOT NULL AND d.state <> 'REMOVED'
    ORDER BY d.instance_id, d.created_at DESC`;
  const queue = rows.filter((r) => (r.status === "SUSPENDED" || r.status === "DELETED" ? r.state !== "PAUSED" : r.status === "ACTIVE" && r.state === "PAUSED"));
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      const pause = row.status !== "ACTIVE";
      try {
        if (pause) await driver.pauseProject(row.project_id);
        else await driver.unpauseProject(row.project_id);
        await prisma.deployment.update({ where: { id: row.deployment_id }, data: { state: pause ? "PAUSED" : "READY" } });
        await record(row.deployment_id, pause ? "PAUSED" : "READY", "driver", pause ? "project paused" : "project resumed");
        if (pause) outcome.paused += 1;
        else outcome.resumed += 1;
      } catch (error) {
        outcome.errors += 1;
        logger.warn({ instanceId: row.instance_id, err: error }, pause ? "pausing the project failed; the next sync retries" : "resuming the project failed; the next sync retries");
        await record(row.deployment_id, row.state, "driver", `${pause ? "pause" : "unpause"} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  return outcome;
}

/** Instances whose project's paused state disagrees with their status (for the daily job's sweep). */
export async function instancesOutOfSync(limit: number): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ instance_id: string }[]>`
    SELECT instance_id FROM (
      SELECT DISTINCT ON (d.instance_id) d.instance_id, d.state, i.status
      FROM deployments d JOIN instances i ON i.id = d.instance_id
      WHERE d.external_project_id IS NOT NULL AND d.state <> 'REMOVED' AND i.purged_at IS NULL
      ORDER BY d.instance_id, d.created_at DESC
    ) latest
    WHERE (status IN ('SUSPENDED', 'DELETED') AND state <> 'PAUSED') OR (status = 'ACTIVE' AND state = 'PAUSED')
    LIMIT ${limit}`;
  return rows.map((r) => r.instance_id);
}

/** Applies a state from a webhook or a poll; READY promotes a provisioning instance to ACTIVE. */
export async function applyDeploymentState(externalDeploymentId: string, state: DeploymentState, source: "webhook" | "poll", url?: string) {
  const deployment = await prisma.deployment.findUnique({ where: { externalDeploymentId } });
  if (!deployment) return undefined;
  const final: DeploymentState[] = ["READY", "ERROR", "CANCELED", "PAUSED", "REMOVED"];
  if (deployment.state === state || (final.includes(deployment.state) && ACTIVE_DEPLOYMENT_STATES.includes(state))) return deployment;
  const updated = await prisma.deployment.update({
    where: { id: deployment.id },
    data: { state, url: url ?? deployment.url, readyAt: state === "READY" ? (deployment.readyAt ?? new Date()) : deployment.readyAt },
  });
  await record(deployment.id, state, source);
  return updated;
}

export async function applyDeploymentWebhook(event: DeployWebhookEvent) {
  if (!event.deploymentId || !event.state) return undefined;
  return applyDeploymentState(event.deploymentId, event.state, "webhook");
}

/** Asks the driver about deployments still building (covers missed webhooks). */
export async function pollDeployments(limit = 50, driver: DeployDriver = deployDriver()): Promise<string[]> {
  const pending = await prisma.deployment.findMany({
    where: { state: { in: ACTIVE_DEPLOYMENT_STATES }, externalDeploymentId: { not: null } },
    orderBy: { updatedAt: "asc" },
    take: limit,
  });
  const changed: string[] = [];
  for (const deployment of pending) {
    try {
      const info = await driver.getDeployment(deployment.externalDeploymentId!);
      const updated = await applyDeploymentState(deployment.externalDeploymentId!, info.state, "poll", info.url);
      if (updated && updated.state !== deployment.state) changed.push(deployment.instanceId);
    } catch (error) {
      logger.warn({ deploymentId: deployment.id, err: error }, "polling a deployment failed");
    }
  }
  return changed;
}

/**
 * Removes the instance's project(s) at the provider (purge). With no project id on record (a
 * creation whose answer was lost), the project is removed by its name, so none is left behind.
 */
export async function removeProjects(instanceId: string, subdomain: string, driver: DeployDriver = deployDriver()): Promise<void> {
  const projects = await prisma.deployment.findMany({ where: { instanceId, externalProjectId: { not: null } }, distinct: ["externalProjectId"], select: { externalProjectId: true } });
  if (projects.length === 0) await driver.removeProject(projectName(subdomain));
  for (const { externalProjectId } of projects) await driver.removeProject(externalProjectId!);
  const latest = await prisma.deployment.findFirst({ where: { instanceId }, orderBy: { createdAt: "desc" } });
  if (latest) {
    await prisma.deployment.updateMany({ where: { instanceId }, data: { state: "REMOVED" } });
    await record(latest.id, "REMOVED", "driver", "project removed");
  }
}

export async function listDeployments(instanceId: string) {
  const instance = await prisma.instance.findUnique({ where: { id: instanceId }, select: { id: true } });
  if (!instance) throw notFound("Instance", instanceId);
  const rows = await prisma.deployment.findMany({
    where: { instanceId },
    orderBy: { createdAt: "desc" },
    include: { events: { orderBy: { id: "asc" } } },
  });
  return rows.map((d) => ({ ...d, simulated: d.driver === "simulated", events: d.events.map((e) => ({ ...e, id: e.id.toString() })) }));
}
