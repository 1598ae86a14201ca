/**
 * The simulated deployment driver (the local default) and the choice of driver from configuration.
 */
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { deployDriver, deployDriverLabel, resetDeployDriverCache } from "@/lib/providers/deploy";
import { createSimulatedDriver } from "@/lib/providers/deploy/simulated";
import { DeployError } from "@/lib/providers/deploy/types";

async function failure(promise: Promise<unknown>): Promise<DeployError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return error as DeployError;
}

describe("the simulated deployment driver", () => {
  it("runs a whole provisioning with deterministic project ids and a deployment READY at once", async () => {
    const driver = createSimulatedDriver();
    expect(driver.name).toBe("simulated");
    const project = await driver.ensureProject({ name: "afp-pharma-marie", instanceId: "inst_1" });
    expect(project).toEqual({ projectId: "sim_prj_afp-pharma-marie", name: "afp-pharma-marie" });
    expect(await driver.ensureProject({ name: "afp-pharma-marie", instanceId: "inst_1" })).toEqual(project);
    await driver.setEnvironment({ projectId: project.projectId, variables: { DATABASE_URL: "postgresql://x", AFP_INSTANCE_ID: "inst_1" } });
    await driver.ensureDomain({ projectId: project.projectId, domain: "pharma-marie.afrikapharma.app" });
    const deployment = await driver.createDeployment({ projectId: project.projectId, name: "afp-pharma-marie", instanceId: "inst_1" });
    expect(deployment).toEqual({
      deploymentId: expect.stringMatching(/^sim_dpl_[0-9a-f]{12}_afp-pharma-marie$/),
      url: "https://afp-pharma-marie.simulated.local",
      state: "READY",
    });
    const second = await driver.createDeployment({ projectId: project.projectId, name: "afp-pharma-marie", instanceId: "inst_1" });
    expect(second.deploymentId).not.toBe(deployment.deploymentId);
  });

  it("derives a deployment's state from its id alone, even in another process", async () => {
    const { deploymentId } = await createSimulatedDriver().createDeployment({ projectId: "sim_prj_afp-a", name: "afp-a", instanceId: "i" });
    expect(await createSimulatedDriver().getDeployment(deploymentId)).toEqual({ deploymentId, url: "https://afp-a.simulated.local", state: "READY" });
  });

  it("pauses, unpauses and removes, removing twice included", async () => {
    const driver = createSimulatedDriver();
    await driver.pauseProject("sim_prj_afp-a");
    await driver.unpauseProject("sim_prj_afp-a");
    await driver.removeProject("sim_prj_afp-a");
    await driver.removeProject("sim_prj_afp-a");
  });

  it("refuses what Vercel would refuse, permanently", async () => {
    const driver = createSimulatedDriver();
    expect(await failure(driver.ensureProject({ name: "Pharmacie Marie", instanceId: "i" }))).toMatchObject({ step: "ensureProject", retryable: false });
    expect(await failure(driver.ensureDomain({ projectId: "sim_prj_afp-a", domain: "not a domain" }))).toMatchObject({ step: "ensureDomain", retryable: false });
    expect(await failure(driver.setEnvironment({ projectId: "sim_prj_afp-a", variables: { "BAD-KEY": "x" } }))).toMatchObject({ retryable: false });
    expect(await failure(driver.pauseProject("prj_real_vercel_id"))).toMatchObject({ step: "pauseProject", retryable: false });
    expect(await failure(driver.getDeployment("dpl_real_vercel_id"))).toMatchObject({ step: "getDeployment", retryable: false });
  });

  it("fails a chosen step the given number of times, then succeeds (for tests of retries)", async () => {
    const driver = createSimulatedDriver({ failOn: { step: "ensureDomain", times: 2 } });
    const project = await driver.ensureProject({ name: "afp-a", instanceId: "i" });
    const input = { projectId: project.projectId, domain: "a.afrikapharma.app" };
    expect(await failure(driver.ensureDomain(input))).toMatchObject({ step: "ensureDomain", retryable: true, message: "Simulated failure of ensureDomain" });
    await failure(driver.ensureDomain(input));
    await driver.ensureDomain(input);
    await driver.ensureDomain(input);
  });

  it("can simulate a permanent failure", async () => {
    const driver = createSimulatedDriver({ failOn: { step: "createDeployment", times: 1, retryable: false } });
    expect(await failure(driver.createDeployment({ projectId: "sim_prj_afp-a", name: "afp-a", instanceId: "i" }))).toMatchObject({ retryable: false });
  });

  it("has no webhooks to verify", () => {
    expect(createSimulatedDriver().parseWebhook).toBeUndefined();
  });
});

describe("the configured driver", () => {
  const saved = { ...process.env };
  const base = {
    DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/afp",
    JWT_SECRET: "j".repeat(40),
    CRON_SECRET: "c".repeat(24),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    ENTITLEMENT_SIGNING_KEY: crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };

  function configure(vars: Record<string, string>) {
    process.env = { ...saved, ...base, ...vars };
    resetEnvCache();
    resetDeployDriverCache();
  }

  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
    resetDeployDriverCache();
  });

  it("is the simulated driver by default, labelled as such, built once", () => {
    configure({ DEPLOY_DRIVER: "" });
    expect(deployDriver().name).toBe("simulated");
    expect(deployDriver()).toBe(deployDriver());
    expect(deployDriverLabel()).toBe("Simulé (aucun déploiement réel)");
  });

  it("is the Vercel driver when DEPLOY_DRIVER=vercel", () => {
    configure({
      DEPLOY_DRIVER: "vercel",
      VERCEL_API_TOKEN: "token-123456",
      VERCEL_TEMPLATE_REPO: "afrikapharma/pharmacy-app",
      VERCEL_WEBHOOK_SECRET: "whsec-123456",
      VERCEL_API_URL: "http://127.0.0.1:9",
    });
    expect(deployDriver().name).toBe("vercel");
    expect(deployDriverLabel()).toBe("Vercel");
  });
});
