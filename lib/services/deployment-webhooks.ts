/** Vercel's deployment callbacks: verified, recorded once, applied; a READY first deployment activates its instance. */
import { systemActor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { deployDriver } from "@/lib/providers/deploy";
import { promoteToActive } from "@/lib/services/instance-provisioning";
import { applyDeploymentWebhook } from "@/lib/services/vercel.service";
import { claimWebhookEvent, finishWebhookEvent } from "@/lib/services/webhook-events";

export async function ingestVercelWebhook(rawBody: string, headers: Headers, now: Date) {
  const driver = deployDriver();
  if (!driver.parseWebhook) throw new AppError("not_found", "Deployment webhooks are only used with DEPLOY_DRIVER=vercel.");
  const event = driver.parseWebhook(rawBody, headers);
  const claim = await claimWebhookEvent(prisma, { provider: "vercel", eventId: event.eventId, type: event.type, payload: event.raw, now });
  if (!claim.fresh) return { received: true, duplicate: true };
  try {
    const deployment = await applyDeploymentWebhook(event);
    if (!deployment) {
      await finishWebhookEvent(prisma, claim.id, "IGNORED", now);
      return { received: true, ignored: true };
    }
    if (deployment.state === "READY") {
      await prisma.$transaction((tx) => promoteToActive(tx, deployment.instanceId, systemActor("vercel webhook", { type: "provider" }), now));
    } else if (deployment.state === "ERROR" && deployment.trigger !== "redeploy") {
      await prisma.instance.updateMany({
        where: { id: deployment.instanceId, status: "PROVISIONING" },
        data: { status: "PROVISIONING_FAILED", provisioningStep: "deployment", provisioningError: deployment.error ?? "The deployment failed on Vercel." },
      });
    }
    await finishWebhookEvent(prisma, claim.id, "PROCESSED", now);
    return { received: true, state: deployment.state };
  } catch (error) {
    await finishWebhookEvent(prisma, claim.id, "FAILED", now, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
