/**
 * The configured deployment driver (DEPLOY_DRIVER): `vercel`, or `simulated` on the local default.
 * Built once per process. lib/env.ts has already refused a `vercel` configuration that lacks its
 * token, template repository or webhook secret.
 */
import { env } from "@/lib/env";
import { createSimulatedDriver } from "@/lib/providers/deploy/simulated";
import type { DeployDriver } from "@/lib/providers/deploy/types";
import { createVercelDriver } from "@/lib/providers/deploy/vercel";

export { DeployError } from "@/lib/providers/deploy/types";
export type { DeployDriver, DeploymentInfo, DeployWebhookEvent, ProjectRef } from "@/lib/providers/deploy/types";
export { DeployWebhookSignatureError } from "@/lib/providers/deploy/vercel-webhook";

let cached: DeployDriver | undefined;

export function deployDriver(): DeployDriver {
  if (cached) return cached;
  const e = env();
  if (e.DEPLOY_DRIVER === "vercel") {
    cached = createVercelDriver({
      token: e.VERCEL_API_TOKEN ?? "",
      teamId: e.VERCEL_TEAM_ID,
      templateRepo: e.VERCEL_TEMPLATE_REPO ?? "",
      webhookSecret: e.VERCEL_WEBHOOK_SECRET ?? "",
      apiUrl: e.VERCEL_API_URL,
    });
  } else {
    cached = createSimulatedDriver();
  }
  return cached;
}

/** How the dashboard names the driver; the simulated one says plainly that nothing is deployed. */
export function deployDriverLabel(): string {
  return env().DEPLOY_DRIVER === "vercel" ? "Vercel" : "Simulé (aucun déploiement réel)";
}

/** For tests that change the environment between cases. */
export function resetDeployDriverCache(): void {
  cached = undefined;
}

/** For tests: use this driver (e.g. a simulated one told to fail, or Vercel aimed at the fake). */
export function setDeployDriverForTests(driver: DeployDriver | undefined): void {
  cached = driver;
}
