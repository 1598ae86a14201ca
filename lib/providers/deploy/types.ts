/**
 * The boundary between the instance service and where a pharmacy app is deployed
 * (`vercel`, or `simulated` on the local default). Every step is idempotent, so a provisioning that
 * failed halfway can be retried from the start without creating anything twice.
 */
import type { DeploymentState } from "@/lib/generated/prisma/enums";

export type ProjectRef = { projectId: string; name: string };

export type DeploymentInfo = {
  deploymentId: string;
  url?: string;
  state: DeploymentState;
  error?: string;
};

export type DeployWebhookEvent = {
  eventId: string;
  type: string;
  deploymentId?: string;
  projectId?: string;
  state?: DeploymentState;
  raw: unknown;
};

export class DeployError extends Error {
  constructor(readonly step: string, message: string, readonly retryable = true, override readonly cause?: unknown) {
    super(message);
    this.name = "DeployError";
  }
}

export interface DeployDriver {
  readonly name: "vercel" | "simulated";
  /** Finds the project by name or creates it from the template repository. */
  ensureProject(input: { name: string; instanceId: string }): Promise<ProjectRef>;
  /** Creates or updates the project's environment variables (encrypted on the provider's side). */
  setEnvironment(input: { projectId: string; variables: Record<string, string> }): Promise<void>;
  /** Adds the domain if it is not attached yet. */
  ensureDomain(input: { projectId: string; domain: string }): Promise<void>;
  /** Starts a production deployment. */
  createDeployment(input: { projectId: string; name: string; instanceId: string }): Promise<DeploymentInfo>;
  getDeployment(deploymentId: string): Promise<DeploymentInfo>;
  pauseProject(projectId: string): Promise<void>;
  unpauseProject(projectId: string): Promise<void>;
  /** Removes the project (and with it its deployments and domains); takes its id or its name; a missing project is not an error. */
  removeProject(projectIdOrName: string): Promise<void>;
  /** Verifies x-vercel-signature on the raw body; throws on a bad signature. */
  parseWebhook?(rawBody: string, headers: Headers): DeployWebhookEvent;
}
