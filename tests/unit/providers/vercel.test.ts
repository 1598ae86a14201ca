/**
 * The Vercel driver, on the real @vercel/sdk, against the loopback fake (tests/fakes/vercel.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeployError, type DeployDriver } from "@/lib/providers/deploy/types";
import { createVercelDriver, mapVercelReadyState, parseTemplateRepo } from "@/lib/providers/deploy/vercel";
import { DeployWebhookSignatureError } from "@/lib/providers/deploy/vercel-webhook";
import { WebhookSignatureError } from "@/lib/providers/payments/types";
import { buildVercelWebhook, signVercelWebhook, startVercelFake, type VercelFake } from "@/tests/fakes/vercel";

const TOKEN = "vercel-token-0123456789-secret";
const TEAM = "team_afrikapharma";
const REPO = "afrikapharma/pharmacy-app";
const SECRET = "whsec-vercel-0123456789";
const NAME = "afp-pharma-marie";
const DOMAIN = "pharma-marie.afrikapharma.app";
const VARIABLES = {
  DATABASE_URL: "postgresql://tenant_marie:s3cret-tenant-password@db.internal:5432/tenant_marie",
  AFP_INSTANCE_ID: "inst_marie",
  AFP_ENTITLEMENT_PUBLIC_KEY: "MCowBQYDK2VwAyEA-public-key",
};

let fake: VercelFake;
let driver: DeployDriver;

function makeDriver(overrides: Partial<Parameters<typeof createVercelDriver>[0]> = {}) {
  return createVercelDriver({ token: TOKEN, teamId: TEAM, templateRepo: REPO, webhookSecret: SECRET, apiUrl: fake.url, timeoutMs: 5_000, ...overrides });
}

async function provision(d: DeployDriver = driver) {
  const project = await d.ensureProject({ name: NAME, instanceId: "inst_marie" });
  await d.setEnvironment({ projectId: project.projectId, variables: VARIABLES });
  await d.ensureDomain({ projectId: project.projectId, domain: DOMAIN });
  const deployment = await d.createDeployment({ projectId: project.projectId, name: NAME, instanceId: "inst_marie" });
  return { project, deployment };
}

async function failure(promise: Promise<unknown>): Promise<DeployError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeployError);
  return error as DeployError;
}

beforeAll(async () => {
  fake = await startVercelFake({ token: TOKEN, teamId: TEAM, webhookSecret: SECRET });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  await fake.idle();
  fake.reset();
  driver = makeDriver();
});

describe("provisioning on Vercel", () => {
  it("sends the project, environment, domain and deployment calls with the right bodies", async () => {
    const { project, deployment } = await provision();

    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `GET /v9/projects/${NAME} 404`,
      "POST /v11/projects 200",
      `POST /v10/projects/${project.projectId}/env 201`,
      `POST /v10/projects/${project.projectId}/domains 200`,
      "GET /v7/deployments 200",
      "POST /v13/deployments 200",
    ]);
    expect(fake.calls.every((c) => c.query.teamId === TEAM)).toBe(true);

    const [, create, env, domain, list, deploy] = fake.calls;
    expect(create!.body).toEqual({ name: NAME, framework: "nextjs", gitRepository: { type: "github", repo: REPO } });
    expect(env!.query.upsert).toBe("true");
    expect(env!.body).toEqual(
      Object.entries(VARIABLES).map(([key, value]) => ({ key, value, type: "encrypted", target: ["production", "preview"] })),
    );
    expect(domain!.body).toEqual({ name: DOMAIN });
    expect(list!.query).toMatchObject({ projectId: project.projectId, target: "production", state: "QUEUED,INITIALIZING,BUILDING" });
    expect(deploy!.body).toEqual({
      name: NAME,
      project: project.projectId,
      target: "production",
      gitSource: { type: "github", org: "afrikapharma", repo: "pharmacy-app", ref: "main" },
      meta: { afpInstanceId: "inst_marie" },
    });

    expect(project).toEqual({ projectId: fake.project(NAME)!.id, name: NAME });
    expect(deployment).toEqual({ deploymentId: fake.deployments()[0]!.id, url: `https://${fake.deployments()[0]!.url}`, state: "QUEUED" });
    expect(fake.project(NAME)!.env.map((e) => [e.key, e.value, e.type])).toEqual(Object.entries(VARIABLES).map(([k, v]) => [k, v, "encrypted"]));
  });

  it("finds an existing project by name instead of creating it", async () => {
    const existing = fake.addProject(NAME, { gitRepository: { type: "github", repo: REPO } });
    expect(await driver.ensureProject({ name: NAME, instanceId: "inst_marie" })).toEqual({ projectId: existing.id, name: NAME });
    expect(fake.callsTo("POST", "/v11/projects")).toHaveLength(0);
  });

  it("reads the project back when a concurrent attempt created it first (409)", async () => {
    const raced = fake.addProject(NAME, { gitRepository: { type: "github", repo: REPO } });
    fake.failNext("GET", "/v9/projects/*", { status: 404, body: { error: { code: "not_found", message: "Project not found" } } });
    expect(await driver.ensureProject({ name: NAME, instanceId: "inst_marie" })).toEqual({ projectId: raced.id, name: NAME });
    expect(fake.callsTo("POST", "/v11/projects").map((c) => c.status)).toEqual([409]);
    expect(fake.projects()).toHaveLength(1);
  });

  it("completes a retry after a 500 on the domain step without creating anything twice", async () => {
    fake.failNext("POST", "/v10/projects/*/domains", { status: 500 });
    const first = await failure(provision());
    expect(first).toMatchObject({ step: "ensureDomain", retryable: true });

    await provision();
    // And once more, as a worker that lost track would: still one of everything.
    const again = await provision();

    expect(fake.projects()).toHaveLength(1);
    const project = fake.projects()[0]!;
    expect(project.env.map((e) => e.key).sort()).toEqual(Object.keys(VARIABLES).sort());
    expect(project.domains.map((d) => d.name)).toEqual([DOMAIN]);
    expect(fake.deployments()).toHaveLength(1);
    expect(again.deployment.deploymentId).toBe(fake.deployments()[0]!.id);
    expect(fake.callsTo("POST", "/v11/projects")).toHaveLength(1);
    expect(fake.callsTo("POST", "/v10/projects/*/env").every((c) => c.query.upsert === "true")).toBe(true);
    // The repeated domain was confirmed on this project, not assumed.
    expect(fake.callsTo("GET", "/v9/projects/*/domains/*").map((c) => c.status)).toEqual([200]);
  });

  it("updates a variable whose value changed instead of adding a second one", async () => {
    const { project } = await provision();
    await driver.setEnvironment({ projectId: project.projectId, variables: { ...VARIABLES, AFP_INSTANCE_ID: "inst_changed" } });
    const env = fake.project(NAME)!.env;
    expect(env).toHaveLength(3);
    expect(env.find((e) => e.key === "AFP_INSTANCE_ID")!.value).toBe("inst_changed");
  });

  it("reuses the deployment an earlier attempt started when its answer was lost", async () => {
    const project = await driver.ensureProject({ name: NAME, instanceId: "inst_marie" });
    fake.failNext("POST", "/v13/deployments", { hangMs: 700 });
    const impatient = makeDriver({ timeoutMs: 300 });
    const lost = await failure(impatient.createDeployment({ projectId: project.projectId, name: NAME, instanceId: "inst_marie" }));
    expect(lost).toMatchObject({ step: "createDeployment", retryable: true });
    await fake.idle();
    expect(fake.deployments()).toHaveLength(1);

    const retried = await driver.createDeployment({ projectId: project.projectId, name: NAME, instanceId: "inst_marie" });
    expect(retried.deploymentId).toBe(fake.deployments()[0]!.id);
    expect(fake.deployments()).toHaveLength(1);
  });

  it("starts a new deployment once the previous one has finished (a redeploy)", async () => {
    const { project, deployment } = await provision();
    fake.setDeploymentState(deployment.deploymentId, "READY");
    const next = await driver.createDeployment({ projectId: project.projectId, name: NAME, instanceId: "inst_marie" });
    expect(next.deploymentId).not.toBe(deployment.deploymentId);
    expect(fake.deployments()).toHaveLength(2);
  });

  it("refuses a domain that belongs to another project, permanently", async () => {
    const other = fake.addProject("someone-else");
    other.domains.push({ name: DOMAIN, apexName: "afrikapharma.app", projectId: other.id, verified: true, createdAt: 1, updatedAt: 1 });
    const project = await driver.ensureProject({ name: NAME, instanceId: "inst_marie" });
    const error = await failure(driver.ensureDomain({ projectId: project.projectId, domain: DOMAIN }));
    expect(error).toMatchObject({ step: "ensureDomain", retryable: false });
    expect(error.message).toContain("another Vercel project");
  });
});

describe("following, pausing and removing", () => {
  it("follows a deployment from QUEUED through BUILDING to READY", async () => {
    const { deployment } = await provision();
    const states = [deployment.state];
    for (let i = 0; i < 3; i++) states.push((await driver.getDeployment(deployment.deploymentId)).state);
    expect(states).toEqual(["QUEUED", "BUILDING", "READY", "READY"]);
    expect(fake.callsTo("GET", "/v13/deployments/*").every((c) => c.path === `/v13/deployments/${deployment.deploymentId}` && c.query.teamId === TEAM)).toBe(true);
  });

  it("reports a failed build as ERROR with Vercel's message", async () => {
    fake.failNextBuild("ERROR", "Module not found: next");
    const { deployment } = await provision();
    await driver.getDeployment(deployment.deploymentId);
    expect(await driver.getDeployment(deployment.deploymentId)).toMatchObject({ state: "ERROR", error: "Module not found: next" });
  });

  it("reports a deployment that no longer exists as REMOVED", async () => {
    expect(await driver.getDeployment("dpl_unknown")).toEqual({ deploymentId: "dpl_unknown", state: "REMOVED" });
  });

  it("sends the pause, unpause and delete calls", async () => {
    const { project } = await provision();
    fake.calls.length = 0;
    await driver.pauseProject(project.projectId);
    expect(fake.project(NAME)!.paused).toBe(true);
    await driver.unpauseProject(project.projectId);
    expect(fake.project(NAME)!.paused).toBe(false);
    await driver.removeProject(project.projectId);
    expect(fake.project(NAME)).toBeUndefined();
    await driver.removeProject(project.projectId); // already gone: still a success

    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.status} ${c.query.teamId}`)).toEqual([
      `POST /v1/projects/${project.projectId}/pause 200 ${TEAM}`,
      `POST /v1/projects/${project.projectId}/unpause 200 ${TEAM}`,
      `DELETE /v9/projects/${project.projectId} 204 ${TEAM}`,
      `DELETE /v9/projects/${project.projectId} 404 ${TEAM}`,
    ]);
  });
});

describe("failures", () => {
  it("surfaces a 500 as a retryable DeployError naming the step, without secrets", async () => {
    const project = await driver.ensureProject({ name: NAME, instanceId: "inst_marie" });
    fake.failNext("POST", "/v10/projects/*/env", { status: 500, body: { error: { code: "internal_server_error", message: `echo ${VARIABLES.DATABASE_URL}` } } });
    const error = await failure(driver.setEnvironment({ projectId: project.projectId, variables: VARIABLES }));
    expect(error).toMatchObject({ step: "setEnvironment", retryable: true });
    expect(error.message).toContain("500");
    expect(error.message).not.toContain("s3cret-tenant-password");
    expect(JSON.stringify(error.cause)).not.toContain("s3cret");
  });

  it("surfaces a 4xx as a DeployError that is not retryable", async () => {
    const error = await failure(driver.ensureProject({ name: "Pharmacie Marie", instanceId: "inst_marie" }));
    expect(error).toMatchObject({ step: "ensureProject", retryable: false });
    expect(error.message).toMatch(/400.*invalid_name/);
  });

  it("treats 429 as retryable", async () => {
    fake.failNext("POST", "/v1/projects/*/pause", { status: 429, body: { error: { code: "rate_limited", message: "Too many requests" } } });
    expect(await failure(driver.pauseProject("prj_x"))).toMatchObject({ step: "pauseProject", retryable: true });
  });

  it("never puts the token in a message when Vercel refuses it", async () => {
    const wrong = makeDriver({ token: "wrong-token-that-must-not-leak" });
    const error = await failure(wrong.ensureProject({ name: NAME, instanceId: "inst_marie" }));
    expect(error).toMatchObject({ step: "ensureProject", retryable: false });
    expect(error.message).toContain("403");
    expect(`${error.message} ${JSON.stringify(error.cause)}`).not.toContain("wrong-token");
  });

  it("bounds a request that hangs and surfaces it as a retryable DeployError", async () => {
    fake.failNext("GET", "/v9/projects/*", { hangMs: 10_000, status: 504 });
    const started = Date.now();
    const error = await failure(makeDriver({ timeoutMs: 300 }).ensureProject({ name: NAME, instanceId: "inst_marie" }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toMatchObject({ step: "ensureProject", retryable: true });
    expect(error.message).toContain("did not answer");
  });

  it("surfaces a connection failure as retryable", async () => {
    const unreachable = makeDriver({ apiUrl: "http://127.0.0.1:9" });
    expect(await failure(unreachable.removeProject("prj_x"))).toMatchObject({ step: "removeProject", retryable: true });
  });

  it("names the variables Vercel refused, never their values", async () => {
    const project = await driver.ensureProject({ name: NAME, instanceId: "inst_marie" });
    fake.failNext("POST", "/v10/projects/*/env", {
      status: 201,
      body: { created: [], failed: [{ error: { code: "ENV_CONFLICT", message: "conflict", key: "DATABASE_URL", value: VARIABLES.DATABASE_URL } }] },
    });
    const error = await failure(driver.setEnvironment({ projectId: project.projectId, variables: VARIABLES }));
    expect(error).toMatchObject({ step: "setEnvironment", retryable: false });
    expect(error.message).toContain("DATABASE_URL (ENV_CONFLICT)");
    expect(error.message).not.toContain("s3cret");
  });

  it("reads the fields it needs when an answer no longer matches the SDK's schema", async () => {
    fake.failNext("GET", "/v9/projects/*", { status: 200, body: { id: "prj_newer_api", name: NAME } });
    expect(await driver.ensureProject({ name: NAME, instanceId: "inst_marie" })).toEqual({ projectId: "prj_newer_api", name: NAME });
  });

  it("sends no teamId when none is configured", async () => {
    const personal = await startVercelFake({ token: TOKEN });
    try {
      const d = createVercelDriver({ token: TOKEN, templateRepo: REPO, webhookSecret: SECRET, apiUrl: personal.url });
      await d.ensureProject({ name: NAME, instanceId: "inst_marie" });
      expect(personal.calls.map((c) => c.query.teamId)).toEqual([undefined, undefined]);
    } finally {
      await personal.close();
    }
  });
});

describe("state mapping and configuration", () => {
  it("maps Vercel's readyState to ours", () => {
    expect(["QUEUED", "INITIALIZING", "BUILDING", "READY", "ERROR", "CANCELED", "BLOCKED", "SOMETHING_NEW"].map(mapVercelReadyState)).toEqual([
      "QUEUED",
      "BUILDING",
      "BUILDING",
      "READY",
      "ERROR",
      "CANCELED",
      "ERROR",
      "BUILDING",
    ]);
  });

  it("accepts the template repository as owner/repo or a GitHub URL, and refuses anything else", () => {
    expect(parseTemplateRepo("afrikapharma/pharmacy-app").full).toBe(REPO);
    expect(parseTemplateRepo("https://github.com/afrikapharma/pharmacy-app.git")).toEqual({ org: "afrikapharma", repo: "pharmacy-app", full: REPO });
    expect(() => parseTemplateRepo("pharmacy-app")).toThrow(/owner\/repo/);
    expect(() => makeDriver({ templateRepo: "" })).toThrow(/VERCEL_TEMPLATE_REPO/);
  });
});

describe("webhooks", () => {
  it("parses a correctly signed deployment event", async () => {
    const { project, deployment } = await provision();
    const delivery = fake.webhook("deployment.succeeded", deployment.deploymentId, { id: "evt_1" });
    expect(driver.parseWebhook!(delivery.rawBody, delivery.headers)).toEqual({
      eventId: "evt_1",
      type: "deployment.succeeded",
      deploymentId: deployment.deploymentId,
      projectId: project.projectId,
      state: "READY",
      raw: delivery.body,
    });
  });

  it("maps each deployment event type to a state", () => {
    const states = ["deployment.created", "deployment.ready", "deployment.promoted", "deployment.error", "deployment.canceled", "project.created"].map(
      (type) => driver.parseWebhook!(...args(buildVercelWebhook(SECRET, { type, deployment: { id: "dpl_1" }, projectId: "prj_1" }))).state,
    );
    expect(states).toEqual(["QUEUED", "READY", "READY", "ERROR", "CANCELED", undefined]);
  });

  it("refuses a forged, tampered or missing signature", () => {
    const forged = buildVercelWebhook("not-the-secret", { type: "deployment.ready", deployment: { id: "dpl_1" }, projectId: "prj_1" });
    expect(() => driver.parseWebhook!(...args(forged))).toThrow(DeployWebhookSignatureError);

    const genuine = buildVercelWebhook(SECRET, { type: "deployment.error", deployment: { id: "dpl_1" }, projectId: "prj_1" });
    const tampered = genuine.rawBody.replace("deployment.error", "deployment.ready");
    expect(() => driver.parseWebhook!(tampered, genuine.headers)).toThrow(DeployWebhookSignatureError);

    const unsigned = new Headers(genuine.headers);
    unsigned.delete("x-vercel-signature");
    expect(() => driver.parseWebhook!(genuine.rawBody, unsigned)).toThrow(WebhookSignatureError);
  });

  it("refuses a correctly signed body that is not a Vercel event", () => {
    for (const rawBody of [JSON.stringify({ hello: "world" }), "not json"]) {
      const headers = new Headers({ "x-vercel-signature": signVercelWebhook(SECRET, rawBody) });
      expect(() => driver.parseWebhook!(rawBody, headers)).toThrow(SyntaxError);
    }
  });
});

function args(delivery: { rawBody: string; headers: Headers }): [string, Headers] {
  return [delivery.rawBody, delivery.headers];
}
