/**
 * The simulated deployment driver: the local default when DEPLOY_DRIVER is not `vercel`.
 *
 * Nothing leaves the machine and nothing is deployed. It checks its inputs like Vercel would
 * (project names, domain names), logs each step (keys, never values) and answers with ids that
 * say what they are: `sim_prj_<name>`, `sim_dpl_<12 hex>_<name>`. It keeps no state: the instance
 * service stores everything, so getDeployment reads its answer from the id (always READY, at
 * `https://<name>.simulated.local`).
 *
 * `failOn` exists for tests: the first `times` calls of `step` throw a DeployError (retryable
 * unless told otherwise), the next ones succeed. Its counter is the only thing it remembers.
 */
import crypto from "node:crypto";
import { logger } from "@/lib/logger";
import { DeployError, type DeployDriver, type DeploymentInfo } from "@/lib/providers/deploy/types";

export type SimulatedStep =
  | "ensureProject"
  | "setEnvironment"
  | "ensureDomain"
  | "createDeployment"
  | "getDeployment"
  | "pauseProject"
  | "unpauseProject"
  | "removeProject";

export type SimulatedDriverOptions = {
  failOn?: { step: SimulatedStep | (string & {}); times: number; retryable?: boolean };
};

export const SIMULATED_HOST_SUFFIX = "simulated.local";
const PROJECT_PREFIX = "sim_prj_";
const DEPLOYMENT_ID = /^sim_dpl_([0-9a-f]{12})_([a-z0-9][a-z0-9._-]{0,99})$/;
// Vercel's rule for project names: lower-case letters, digits, '.', '_', '-', up to 100, no '---'.
const PROJECT_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function checkName(step: string, name: string): void {
  if (!PROJECT_NAME.test(name) || name.includes("---")) {
    throw new DeployError(step, `Invalid project name "${name}" (lower-case letters, digits, ".", "_", "-"; at most 100)`, false);
  }
}

function projectName(step: string, projectId: string): string {
  if (!projectId.startsWith(PROJECT_PREFIX)) {
    throw new DeployError(step, `${projectId} is not a simulated project id`, false);
  }
  const name = projectId.slice(PROJECT_PREFIX.length);
  checkName(step, name);
  return name;
}

function simulatedUrl(name: string): string {
  return `https://${name}.${SIMULATED_HOST_SUFFIX}`;
}

export function createSimulatedDriver(options: SimulatedDriverOptions = {}): DeployDriver {
  const log = logger.child({ provider: "simulated-deploy" });
  let failuresLeft = options.failOn ? Math.max(0, Math.floor(options.failOn.times)) : 0;

  function step(name: SimulatedStep, details: Record<string, unknown>): void {
    if (options.failOn?.step === name && failuresLeft > 0) {
      failuresLeft -= 1;
      throw new DeployError(name, `Simulated failure of ${name}`, options.failOn.retryable ?? true);
    }
    log.info({ step: name, simulated: true, ...details }, `Simulated ${name} (nothing deployed)`);
  }

  return {
    name: "simulated",

    async ensureProject({ name, instanceId }) {
      step("ensureProject", { name, instanceId });
      checkName("ensureProject", name);
      return { projectId: `${PROJECT_PREFIX}${name}`, name };
    },

    async setEnvironment({ projectId, variables }) {
      step("setEnvironment", { projectId, keys: Object.keys(variables) });
      projectName("setEnvironment", projectId);
      const bad = Object.keys(variables).filter((key) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key));
      if (bad.length) throw new DeployError("setEnvironment", `Invalid environment variable name(s): ${bad.join(", ")}`, false);
    },

    async ensureDomain({ projectId, domain }) {
      step("ensureDomain", { projectId, domain });
      projectName("ensureDomain", projectId);
      if (!DOMAIN.test(domain)) throw new DeployError("ensureDomain", `Invalid domain "${domain}"`, false);
    },

    async createDeployment({ projectId, name, instanceId }): Promise<DeploymentInfo> {
      step("createDeployment", { projectId, name, instanceId });
      projectName("createDeployment", projectId);
      checkName("createDeployment", name);
      const deploymentId = `sim_dpl_${crypto.randomBytes(6).toString("hex")}_${name}`;
      return { deploymentId, url: simulatedUrl(name), state: "READY" };
    },

    async getDeployment(deploymentId): Promise<DeploymentInfo> {
      step("getDeployment", { deploymentId });
      const match = DEPLOYMENT_ID.exec(deploymentId);
      if (!match?.[2]) throw new DeployError("getDeployment", `${deploymentId} is not a simulated deployment id`, false);
      return { deploymentId, url: simulatedUrl(match[2]), state: "READY" };
    },

    async pauseProject(projectId) {
      step("pauseProject", { projectId });
      projectName("pauseProject", projectId);
    },

    async unpauseProject(projectId) {
      step("unpauseProject", { projectId });
      projectName("unpauseProject", projectId);
    },

    async removeProject(projectId) {
      step("removeProject", { projectId });
      // Like Vercel's DELETE /v9/projects/{idOrName}: a bare name is accepted too.
      if (projectId.startsWith(PROJECT_PREFIX)) projectName("removeProject", projectId);
      else checkName("removeProject", projectId);
    },
  };
}
