/**
 * Provisioning an instance: its tenant database, then its deployment. Each step is idempotent and
 * recorded, so a failure halfway leaves PROVISIONING_FAILED with the step and the reason, and a
 * retry runs the same steps again without creating anything twice (same database and role, same
 * project found by name). The instance becomes ACTIVE when its first deployment is READY —
 * at once with the simulated driver, on Vercel's webhook or the poll otherwise.
 */
import type { Actor } from "@/lib/actor";
import { decryptSecret, encryptSecret, randomToken } from "@/lib/crypto";
import { prisma, type Tx } from "@/lib/db";
import { formatDate, planLabel } from "@/lib/i18n";
import { logger } from "@/lib/logger";
import { createTenantDatabase, tenantDatabaseUrl, tenantEndpoint, tenantNames } from "@/lib/providers/tenant-db/postgres";
import { recordAudit } from "@/lib/services/audit.service";
import { createPaymentLinks } from "@/lib/services/payment-link.service";
import { loadRecipients } from "@/lib/services/notifications/recipients";
import { queueNotifications } from "@/lib/services/notifications/queue";
import { deployInstance } from "@/lib/services/vercel.service";

export type ProvisionTrigger = "provision" | "retry";

async function ensureTenantDatabase(instanceId: string): Promise<string> {
  const names = tenantNames(instanceId);
  let row = await prisma.tenantDatabase.findUnique({ where: { instanceId }, omit: { passwordEncrypted: false } });
  if (!row) {
    const { host, port } = tenantEndpoint();
    row = await prisma.tenantDatabase.create({
      data: { instanceId, host, port, databaseName: names.databaseName, roleName: names.roleName, passwordEncrypted: encryptSecret(randomToken(24)) },
      omit: { passwordEncrypted: false },
    });
  }
  const spec = { databaseName: row.databaseName, roleName: row.roleName, password: decryptSecret(row.passwordEncrypted) };
  try {
    await createTenantDatabase(spec);
  } catch (error) {
    await prisma.tenantDatabase.update({ where: { id: row.id }, data: { status: "FAILED", error: error instanceof Error ? error.message.slice(0, 500) : String(error) } });
    throw error;
  }
  await prisma.tenantDatabase.update({ where: { id: row.id }, data: { status: "READY", error: null, readyAt: row.readyAt ?? new Date() } });
  return tenantDatabaseUrl(spec);
}

/** PROVISIONING → ACTIVE, once; the owner's welcome message is queued with it. */
export async function promoteToActive(tx: Tx, instanceId: string, actor: Actor, now: Date): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE instances SET status = 'ACTIVE', provisioned_at = ${now}, provisioning_step = NULL, provisioning_error = NULL, updated_at = ${now}
    WHERE id = ${instanceId} AND status IN ('PROVISIONING', 'PROVISIONING_FAILED')
    RETURNING id`;
  if (rows.length === 0) return false;
  await recordAudit(tx, actor, { action: "instance.provisioned", targetType: "instance", targetId: instanceId, instanceId, before: { status: "PROVISIONING" }, after: { status: "ACTIVE" } });
  const recipient = (await loadRecipients(tx, [instanceId])).get(instanceId);
  if (recipient) {
    const needsPayment = recipient.planCode !== "TRIAL";
    const [link] = needsPayment ? await createPaymentLinks(tx, [{ instanceId }], now) : [];
    await queueNotifications(
      tx,
      [
        {
          recipient,
          templateKey: "welcome",
          variables: {
            plan: planLabel(recipient.planCode, recipient.locale),
            trialEndsAt: recipient.planCode === "TRIAL" && recipient.periodEnd ? formatDate(recipient.periodEnd, recipient.locale) : "—",
            ...(link ? { paymentLink: link.url } : {}),
          },
          dedupeKey: `welcome:${instanceId}`,
        },
      ],
      now,
    );
  }
  return true;
}

async function fail(instanceId: string, step: string, error: unknown, actor: Actor, now: Date) {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  logger.warn({ instanceId, step, err: error }, "provisioning failed");
  await prisma.$transaction(async (tx) => {
    await tx.instance.update({ where: { id: instanceId }, data: { status: "PROVISIONING_FAILED", provisioningStep: step, provisioningError: message } });
    await recordAudit(tx, actor, { action: "instance.provisioning_failed", targetType: "instance", targetId: instanceId, instanceId, after: { step, error: message } });
  });
}

export async function provisionInstance(options: { instanceId: string; trigger: ProvisionTrigger; actor: Actor; now: Date }): Promise<void> {
  const { instanceId, actor, now } = options;
  const instance = await prisma.instance.findUniqueOrThrow({ where: { id: instanceId } });
  if (instance.status !== "PROVISIONING") return;
  let step = "tenant_database";
  try {
    const databaseUrl = await ensureTenantDatabase(instanceId);
    step = "deployment";
    await prisma.instance.update({ where: { id: instanceId }, data: { provisioningStep: step } });
    const deployment = await deployInstance({ id: instance.id, subdomain: instance.subdomain, tenantDatabaseUrl: databaseUrl }, options.trigger);
    if (deployment.state === "READY") await prisma.$transaction((tx) => promoteToActive(tx, instanceId, actor, now));
    else if (deployment.state === "ERROR" || deployment.state === "CANCELED") await fail(instanceId, step, new Error(deployment.error ?? "The deployment failed."), actor, now);
  } catch (error) {
    await fail(instanceId, step, error, actor, now);
  }
}
