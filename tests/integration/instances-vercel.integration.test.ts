import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as instances from "@/app/api/admin/instances/route";
import * as instance from "@/app/api/admin/instances/[id]/route";
import * as suspend from "@/app/api/admin/instances/[id]/suspend/route";
import * as reactivate from "@/app/api/admin/instances/[id]/reactivate/route";
import * as retry from "@/app/api/admin/instances/[id]/retry/route";
import * as vercelWebhook from "@/app/api/webhooks/vercel/route";
import { systemActor } from "@/lib/actor";
import { prisma } from "@/lib/db";
import { setDeployDriverForTests } from "@/lib/providers/deploy";
import { createVercelDriver } from "@/lib/providers/deploy/vercel";
import { refreshProvisioning } from "@/lib/services/jobs/housekeeping";
import { startVercelFake, type VercelFake } from "../fakes/vercel";
import { createAdminWithToken, uid } from "../helpers/factories";
import { ensurePlans } from "../helpers/instances";
import { call } from "../helpers/http";

let fake: VercelFake;
let token: string;
const TEAM = "team_afrikapharma";
const SECRET = "whsec-vercel-test";

beforeAll(async () => {
  await ensurePlans();
  token = (await createAdminWithToken()).token;
  fake = await startVercelFake({ token: "vercel-token", teamId: TEAM, webhookSecret: SECRET, buildSteps: 2 });
  setDeployDriverForTests(
    createVercelDriver({ token: "vercel-token", teamId: TEAM, templateRepo: "afrikapharma/pharmacy-app", webhookSecret: SECRET, apiUrl: fake.url, timeoutMs: 2_000 }),
  );
});

afterAll(async () => {
  setDeployDriverForTests(undefined);
  await fake.close();
});

const create = (subdomain: string) =>
  call(instances.POST, "POST", "/api/admin/instances", { token, body: { name: `Pharmacie ${subdomain}`, subdomain, ownerEmail: `${subdomain}@example.com`, planType: "trial" } });

async function deliver(type: string, deploymentId: string, id?: string) {
  const delivery = fake.webhook(type, deploymentId, id ? { id } : {});
  return call(vercelWebhook.POST, "POST", "/api/webhooks/vercel", { rawBody: delivery.rawBody, headers: Object.fromEntries(delivery.headers.entries()) });
}

describe("instances on Vercel (loopback fake of its REST API)", () => {
  it("provision through project, env, domain and deployment calls; the webhook activates; suspend pauses, reactivate unpauses, purge deletes", async () => {
    const subdomain = `vc-${uid(8)}`;
    const res = await create(subdomain);
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("PROVISIONING");
    const project = fake.project(`afp-${subdomain}`)!;
    expect(project).toBeTruthy();
    expect(project.domains.map((d: { name: string }) => d.name)).toEqual([`${subdomain}.afrikapharma.app`]);
    const envKeys = project.env.map((e: { key: string }) => e.key).sort();
    expect(envKeys).toEqual(expect.arrayContaining(["DATABASE_URL", "AFRIKAPHARMA_INSTANCE_ID", "AFRIKAPHARMA_ENTITLEMENT_URL", "AFRIKAPHARMA_ENTITLEMENT_PUBLIC_KEY"]));
    expect(project.env.every((e: { type: string }) => e.type === "encrypted")).toBe(true);
    for (const [method, path] of [["POST", "/v11/projects"], ["POST", "/v10/projects/*/env"], ["POST", "/v10/projects/*/domains"], ["POST", "/v13/deployments"]] as const) {
      const calls = fake.callsTo(method, path).filter((c) => JSON.stringify(c).includes(subdomain) || c.path.includes(project.id));
      expect(calls.length, `${method} ${path}`).toBeGreaterThanOrEqual(1);
      expect(calls.every((c) => c.query.teamId === TEAM)).toBe(true);
    }

    const deployment = await prisma.deployment.findFirstOrThrow({ where: { instanceId: res.json.id } });
    expect(deployment).toMatchObject({ driver: "vercel", state: "QUEUED", externalProjectId: project.id });
    const forged = await call(vercelWebhook.POST, "POST", "/api/webhooks/vercel", { rawBody: JSON.stringify({ id: "evt_forged", type: "deployment.succeeded" }), headers: { "x-vercel-signature": "0".repeat(40) } });
    expect(forged.status).toBe(400);
    expect(forged.json.error.code).toBe("invalid_signature");
    expect(await prisma.webhookEvent.count({ where: { eventId: "evt_forged" } })).toBe(0);

    const eventId = `evt_${uid(10)}`;
    expect((await deliver("deployment.succeeded", deployment.externalDeploymentId!, eventId)).json).toMatchObject({ received: true, state: "READY" });
    expect((await deliver("deployment.succeeded", deployment.externalDeploymentId!, eventId)).json).toMatchObject({ duplicate: true });
    expect((await deliver("deployment.created", deployment.externalDeploymentId!)).status).toBe(200);
    const active = await call(instance.GET, "GET", `/api/admin/instances/${res.json.id}`, { token, params: { id: res.json.id } });
    expect(active.json).toMatchObject({ status: "ACTIVE", latestDeployment: { state: "READY" } });

    await call(suspend.POST, "POST", `/api/admin/instances/${res.json.id}/suspend`, { token, params: { id: res.json.id }, body: { reason: "test" } });
    expect(fake.project(project.id)!.paused).toBe(true);
    await call(reactivate.POST, "POST", `/api/admin/instances/${res.json.id}/reactivate`, { token, params: { id: res.json.id } });
    expect(fake.project(project.id)!.paused).toBe(false);
    expect(fake.callsTo("POST", "/v1/projects/*/pause").some((c) => c.path.includes(project.id))).toBe(true);
    expect(fake.callsTo("POST", "/v1/projects/*/unpause").some((c) => c.path.includes(project.id))).toBe(true);

    const removed = await call(instance.DELETE, "DELETE", `/api/admin/instances/${res.json.id}`, { token, params: { id: res.json.id }, body: { confirm: subdomain, purgeNow: true } });
    expect(removed.json.purgedAt).toBeTruthy();
    expect(fake.project(project.id)).toBeUndefined();
    expect(fake.callsTo("DELETE", "/v9/projects/*").some((c) => c.path.includes(project.id))).toBe(true);
  });

  it("a 500 from Vercel during provisioning leaves PROVISIONING_FAILED, and a retry completes without duplicates", async () => {
    const subdomain = `vc-fail-${uid(6)}`;
    fake.failNext("POST", "/v10/projects/*/domains", { times: 1, status: 500 });
    const res = await create(subdomain);
    expect(res.json).toMatchObject({ status: "PROVISIONING_FAILED", provisioningStep: "deployment" });
    const retried = await call(retry.POST, "POST", `/api/admin/instances/${res.json.id}/retry`, { token, params: { id: res.json.id } });
    expect(retried.status).toBe(200);
    expect(fake.projects().filter((p: { name: string }) => p.name === `afp-${subdomain}`)).toHaveLength(1);
    const project = fake.project(`afp-${subdomain}`)!;
    expect(project.domains).toHaveLength(1);
    const keys = project.env.map((e: { key: string }) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(fake.deployments(project.id)).toHaveLength(1);
    expect(await prisma.tenantDatabase.count({ where: { instanceId: res.json.id } })).toBe(1);
  });

  it("the poll covers a missed webhook: a deployment that became READY activates its instance", async () => {
    const subdomain = `vc-poll-${uid(6)}`;
    const res = await create(subdomain);
    expect(res.json.status).toBe("PROVISIONING");
    const ctx = { runDate: "2026-12-01", now: new Date(), actor: systemActor("test"), batchSize: 100, deadline: Date.now() + 60_000, reminderWindowDays: 2, clock: Date.now };
    for (let i = 0; i < 3; i += 1) await refreshProvisioning(ctx);
    const after = await prisma.instance.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(after.status).toBe("ACTIVE");
  });
});
