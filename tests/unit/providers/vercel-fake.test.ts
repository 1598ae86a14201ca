/**
 * The Vercel fake answers in the wire format the SDK expects: every answer the driver relies on
 * is parsed here with @vercel/sdk's own response schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddProjectDomainResponseBody$inboundSchema } from "@vercel/sdk/models/addprojectdomainop.js";
import { CreateDeploymentResponseBody$inboundSchema } from "@vercel/sdk/models/createdeploymentresponsebody.js";
import { CreateProjectEnvResponseBody$inboundSchema } from "@vercel/sdk/models/createprojectenvop.js";
import { CreateProjectResponseBody$inboundSchema } from "@vercel/sdk/models/createprojectresponsebody.js";
import { GetDeploymentResponseBody$inboundSchema } from "@vercel/sdk/models/getdeploymentresponsebody.js";
import { GetDeploymentsResponseBody$inboundSchema } from "@vercel/sdk/models/getdeploymentsop.js";
import { GetProjectDomainResponseBody$inboundSchema } from "@vercel/sdk/models/getprojectdomainop.js";
import { GetProjectResponseBody$inboundSchema } from "@vercel/sdk/models/getprojectresponsebody.js";
import { startVercelFake, type VercelFake } from "@/tests/fakes/vercel";

let fake: VercelFake;

async function api(method: string, path: string, body?: unknown, token = fake.token) {
  const res = await fetch(`${fake.url}${path}${path.includes("?") ? "&" : "?"}teamId=${fake.teamId}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type"), json: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  fake = await startVercelFake({ token: "fake-contract-token", teamId: "team_contract" });
});
afterAll(async () => {
  await fake.close();
});

describe("the Vercel fake", () => {
  it("answers every call the driver makes with a body the SDK's schemas accept", async () => {
    const created = await api("POST", "/v11/projects", { name: "afp-contract", framework: "nextjs", gitRepository: { type: "github", repo: "afrikapharma/pharmacy-app" } });
    expect(created.status).toBe(200);
    expect(created.type).toMatch(/^application\/json/);
    const project = CreateProjectResponseBody$inboundSchema.parse(created.json);
    expect(project).toMatchObject({ id: expect.stringMatching(/^prj_/), name: "afp-contract", framework: "nextjs" });

    const read = await api("GET", "/v9/projects/afp-contract");
    expect(GetProjectResponseBody$inboundSchema.parse(read.json).id).toBe(project.id);

    const env = await api("POST", `/v10/projects/${project.id}/env?upsert=true`, [{ key: "DATABASE_URL", value: "postgresql://x", type: "encrypted", target: ["production", "preview"] }]);
    expect(env.status).toBe(201);
    const envBody = CreateProjectEnvResponseBody$inboundSchema.parse(env.json);
    expect(envBody.failed).toEqual([]);
    expect(JSON.stringify(env.json)).not.toContain("postgresql://x");

    const domain = await api("POST", `/v10/projects/${project.id}/domains`, { name: "contract.afrikapharma.app" });
    expect(AddProjectDomainResponseBody$inboundSchema.parse(domain.json)).toMatchObject({ name: "contract.afrikapharma.app", projectId: project.id, verified: true });
    const domainRead = await api("GET", `/v9/projects/${project.id}/domains/contract.afrikapharma.app`);
    expect(GetProjectDomainResponseBody$inboundSchema.parse(domainRead.json).name).toBe("contract.afrikapharma.app");

    const deployment = await api("POST", "/v13/deployments", {
      name: "afp-contract",
      project: project.id,
      target: "production",
      gitSource: { type: "github", org: "afrikapharma", repo: "pharmacy-app", ref: "main" },
      meta: { afpInstanceId: "inst_1" },
    });
    // The SDK's union must pick the full deployment shape, not the short one without url or name.
    expect(CreateDeploymentResponseBody$inboundSchema.parse(deployment.json)).toMatchObject({ id: expect.stringMatching(/^dpl_/), readyState: "QUEUED", url: expect.stringContaining(".vercel.app"), name: "afp-contract" });
    const got = await api("GET", `/v13/deployments/${deployment.json.id}`);
    expect(GetDeploymentResponseBody$inboundSchema.parse(got.json)).toMatchObject({ readyState: "BUILDING", url: deployment.json.url });
    const listed = await api("GET", `/v7/deployments?projectId=${project.id}&target=production&state=QUEUED,BUILDING`);
    expect(GetDeploymentsResponseBody$inboundSchema.parse(listed.json).deployments.map((d) => d.uid)).toEqual([deployment.json.id]);

    expect((await api("POST", `/v1/projects/${project.id}/pause`)).status).toBe(200);
    expect((await api("DELETE", `/v9/projects/${project.id}`)).status).toBe(204);
    expect((await api("GET", `/v9/projects/${project.id}`)).json).toEqual({ error: { code: "not_found", message: "Project not found" } });
  });

  it("refuses a wrong token and a missing team with Vercel's error envelope", async () => {
    const wrong = await api("GET", "/v9/projects/anything", undefined, "not-the-token");
    expect(wrong).toMatchObject({ status: 403, json: { error: { code: "forbidden" } } });
    const noTeam = await fetch(`${fake.url}/v9/projects/anything`, { headers: { authorization: `Bearer ${fake.token}` } });
    expect(noTeam.status).toBe(403);
  });

  it("moves a deployment one state per read and can end a build in ERROR", async () => {
    const project = fake.addProject("afp-states");
    fake.failNextBuild("ERROR", "Build exploded");
    const created = await api("POST", "/v13/deployments", { name: "afp-states", project: project.id, target: "production", gitSource: { type: "github", org: "o", repo: "r", ref: "main" } });
    const states = [];
    for (let i = 0; i < 3; i++) states.push((await api("GET", `/v13/deployments/${created.json.id}`)).json.readyState);
    expect(states).toEqual(["BUILDING", "ERROR", "ERROR"]);
    expect((await api("GET", `/v13/deployments/${created.json.id}`)).json.errorMessage).toBe("Build exploded");
  });

  it("answers injected faults for the next N matching calls only", async () => {
    fake.failNext("GET", "/v9/projects/*", { times: 2, status: 503 });
    expect((await api("GET", "/v9/projects/a")).status).toBe(503);
    expect((await api("GET", "/v9/projects/b")).json).toEqual({ error: { code: "internal_server_error", message: "An unexpected internal error occurred." } });
    expect((await api("GET", "/v9/projects/c")).status).toBe(404);
    expect(fake.callsTo("GET", "/v9/projects/*").map((c) => c.status).slice(-3)).toEqual([503, 503, 404]);
  });
});
