import pg from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import * as instances from "@/app/api/admin/instances/route";
import * as instance from "@/app/api/admin/instances/[id]/route";
import * as suspend from "@/app/api/admin/instances/[id]/suspend/route";
import * as reactivate from "@/app/api/admin/instances/[id]/reactivate/route";
import * as retry from "@/app/api/admin/instances/[id]/retry/route";
import * as purge from "@/app/api/admin/instances/[id]/purge/route";
import * as deployments from "@/app/api/admin/instances/[id]/deployments/route";
import * as checkSubdomain from "@/app/api/admin/instances/check-subdomain/route";
import * as entitlement from "@/app/api/public/instances/[subdomain]/entitlement/route";
import * as jwks from "@/app/api/public/entitlement-keys/route";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { setDeployDriverForTests } from "@/lib/providers/deploy";
import { createSimulatedDriver } from "@/lib/providers/deploy/simulated";
import { tenantDatabaseExists, tenantDatabaseUrl } from "@/lib/providers/tenant-db/postgres";
import { createAdminWithToken, uid } from "../helpers/factories";
import { ensurePlans } from "../helpers/instances";
import { call } from "../helpers/http";

let token: string;
let adminId: string;

beforeAll(async () => {
  await ensurePlans();
  const created = await createAdminWithToken("SUPER_ADMIN");
  token = created.token;
  adminId = created.admin.id;
});

afterEach(() => setDeployDriverForTests(undefined));

const create = (body: Record<string, unknown>) => call(instances.POST, "POST", "/api/admin/instances", { token, body });

async function tryConnect(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return "connected";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("the seed's examples", () => {
  it("creates Pharmacie Marie on a 7-day trial, finds it by status, suspends and reactivates it", async () => {
    const subdomain = `pharma-marie-${uid(6)}`;
    const before = Date.now();
    const res = await create({ name: "Pharmacie Marie", subdomain, ownerEmail: "marie@example.com", planType: "trial" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Pharmacie Marie", subdomain, status: "ACTIVE", subscription: { status: "TRIALING", plan: { code: "TRIAL" } } });
    const trialDays = (new Date(res.json.subscription.currentPeriodEnd).getTime() - before) / 86_400_000;
    expect(trialDays).toBeGreaterThan(6.99);
    expect(trialDays).toBeLessThan(7.01);
    const id = res.json.id as string;
    expect(id).toMatch(/^inst_[0-9a-f]{24}$/);

    const listed = await call(instances.GET, "GET", `/api/admin/instances?status=active&q=${subdomain}`, { token });
    expect(listed.status).toBe(200);
    expect(listed.json.total).toBe(1);
    expect(listed.json.data[0]).toMatchObject({ id, status: "ACTIVE" });

    const suspended = await call(suspend.POST, "POST", `/api/admin/instances/${id}/suspend`, { token, params: { id }, body: { reason: "Fraude signalée" } });
    expect(suspended.status).toBe(200);
    expect(suspended.json).toMatchObject({ status: "SUSPENDED", suspendedReason: "manual", suspendedNote: "Fraude signalée" });
    const again = await call(suspend.POST, "POST", `/api/admin/instances/${id}/suspend`, { token, params: { id }, body: { reason: "twice" } });
    expect(again.status).toBe(409);

    const reactivated = await call(reactivate.POST, "POST", `/api/admin/instances/${id}/reactivate`, { token, params: { id } });
    expect(reactivated.status).toBe(200);
    expect(reactivated.json.status).toBe("ACTIVE");

    const deps = await call(deployments.GET, "GET", `/api/admin/instances/${id}/deployments`, { token, params: { id } });
    expect(deps.json.data).toHaveLength(1);
    expect(deps.json.data[0]).toMatchObject({ driver: "simulated", simulated: true, state: "READY", domain: `${subdomain}.afrikapharma.app` });
    expect(deps.json.data[0].events.map((e: { state: string }) => e.state)).toEqual(["QUEUED", "READY", "PAUSED", "READY"]);

    const audit = await prisma.auditLog.findMany({ where: { instanceId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["instance.create", "instance.provisioned", "instance.suspend", "instance.reactivate"]);
    for (const entry of audit.filter((a) => a.action !== "instance.provisioned")) expect(entry.actorId).toBe(adminId);
    expect(audit[2]).toMatchObject({ before: { status: "ACTIVE" }, after: { status: "SUSPENDED", reason: "manual" } });
  });
});

describe("bad input writes nothing", () => {
  const count = () => prisma.instance.count();
  const base = () => ({ name: "Pharmacie Test", subdomain: `ph-${uid(8)}`, ownerEmail: "t@example.com", planType: "trial" });

  it("answers 409 for a taken subdomain, whatever its case", async () => {
    const body = base();
    expect((await create(body)).status).toBe(201);
    const n = await count();
    const res = await create({ ...body, subdomain: body.subdomain.toUpperCase() });
    expect(res.status).toBe(409);
    expect(res.json.error.details[0].path).toBe("subdomain");
    expect(await count()).toBe(n);
  });

  it.each([
    ["subdomain", { subdomain: "a_b" }],
    ["subdomain", { subdomain: "ab" }],
    ["subdomain", { subdomain: "admin" }],
    ["subdomain", { subdomain: "-abc" }],
    ["ownerEmail", { ownerEmail: "not-an-email" }],
    ["planType", { planType: "weekly" }],
    ["country", { country: "Congo" }],
  ])("answers 422 naming %s", async (field, change) => {
    const n = await count();
    const res = await create({ ...base(), ...change });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect(await count()).toBe(n);
  });

  it("answers 422 for a phone number that is not one", async () => {
    const n = await count();
    const res = await create({ ...base(), ownerPhone: "12345" });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe("ownerPhone");
    expect(await count()).toBe(n);
  });

  it("answers 404 for an unknown id", async () => {
    const res = await call(instance.GET, "GET", "/api/admin/instances/inst_000000000000000000000000", { token, params: { id: "inst_000000000000000000000000" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("refuses to change the subdomain", async () => {
    const created = await create(base());
    const id = created.json.id;
    const res = await call(instance.PATCH, "PATCH", `/api/admin/instances/${id}`, { token, params: { id }, body: { subdomain: "other-name" } });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe("subdomain");
  });
});

describe("subdomain check", () => {
  it("says whether a subdomain is valid and free, with a suggestion", async () => {
    const created = await create({ name: "Pharmacie du Centre", subdomain: `centre-${uid(6)}`, ownerEmail: "c@example.com" });
    const taken = await call(checkSubdomain.GET, "GET", `/api/admin/instances/check-subdomain?subdomain=${created.json.subdomain}`, { token });
    expect(taken.json).toMatchObject({ valid: true, available: false, reason: "taken", suggestion: `${created.json.subdomain}-2` });
    const reserved = await call(checkSubdomain.GET, "GET", "/api/admin/instances/check-subdomain?subdomain=api", { token });
    expect(reserved.json).toMatchObject({ valid: false, reason: "reserved" });
    const free = await call(checkSubdomain.GET, "GET", `/api/admin/instances/check-subdomain?subdomain=Free-${uid(6)}`, { token });
    expect(free.json).toMatchObject({ valid: true, available: true });
  });
});

describe("tenant databases", () => {
  it("isolate instances: A's credentials reach A's database and nothing else", async () => {
    const a = (await create({ name: "Pharmacie A", subdomain: `iso-a-${uid(6)}`, ownerEmail: "a@example.com" })).json;
    const b = (await create({ name: "Pharmacie B", subdomain: `iso-b-${uid(6)}`, ownerEmail: "b@example.com" })).json;
    const rowA = await prisma.tenantDatabase.findUniqueOrThrow({ where: { instanceId: a.id }, omit: { passwordEncrypted: false } });
    const rowB = await prisma.tenantDatabase.findUniqueOrThrow({ where: { instanceId: b.id } });
    const password = decryptSecret(rowA.passwordEncrypted);
    const urlA = tenantDatabaseUrl({ databaseName: rowA.databaseName, roleName: rowA.roleName, password });
    expect(await tryConnect(urlA)).toBe("connected");
    const withDatabase = (name: string) => {
      const url = new URL(urlA);
      url.pathname = `/${name}`;
      return url.toString();
    };
    expect(await tryConnect(withDatabase(rowB.databaseName))).toMatch(/permission denied for database/);
    expect(await tryConnect(withDatabase(process.env.AFP_TEST_DATABASE!))).toMatch(/permission denied for database/);
    expect(await tryConnect(withDatabase("postgres"))).toMatch(/permission denied for database/);

    // The role owns its own database's public schema, and nothing of the console's.
    const owner = await prisma.$queryRaw<{ owner: string }[]>`SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'public'`;
    expect(owner[0]!.owner).not.toMatch(/^tenant_/);
    const tenantClient = new pg.Client({ connectionString: urlA });
    await tenantClient.connect();
    const own = await tenantClient.query<{ owner: string }>(`SELECT nspowner::regrole::text AS owner FROM pg_namespace WHERE nspname = 'public'`);
    await tenantClient.query("CREATE TABLE sales (id serial PRIMARY KEY, amount int)");
    await tenantClient.end();
    expect(own.rows[0]!.owner).toBe(rowA.roleName);

    // The stored password is ciphertext: no column of the row contains it.
    const raw = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM tenant_databases WHERE instance_id = ${a.id}`;
    expect(JSON.stringify(raw)).not.toContain(password);
    expect(String(raw[0]!.password_encrypted)).toMatch(/^v1:/);
    // And the API never returns it.
    const detail = await call(instance.GET, "GET", `/api/admin/instances/${a.id}`, { token, params: { id: a.id } });
    expect(detail.text).not.toContain("passwordEncrypted");
    expect(detail.text).not.toContain(password);
  });
});

describe("provisioning failures", () => {
  it("leave PROVISIONING_FAILED with the step, and a retry completes without duplicates", async () => {
    setDeployDriverForTests(createSimulatedDriver({ failOn: { step: "ensureDomain", times: 1 } }));
    const res = await create({ name: "Pharmacie Panne", subdomain: `panne-${uid(6)}`, ownerEmail: "p@example.com" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "PROVISIONING_FAILED", provisioningStep: "deployment" });
    expect(res.json.provisioningError).toMatch(/ensureDomain/);
    const id = res.json.id;

    const retried = await call(retry.POST, "POST", `/api/admin/instances/${id}/retry`, { token, params: { id } });
    expect(retried.status).toBe(200);
    expect(retried.json.status).toBe("ACTIVE");
    expect(await prisma.tenantDatabase.count({ where: { instanceId: id } })).toBe(1);
    const states = (await prisma.deployment.findMany({ where: { instanceId: id }, orderBy: { createdAt: "asc" } })).map((d) => d.state);
    expect(states).toEqual(["ERROR", "READY"]);
    const again = await call(retry.POST, "POST", `/api/admin/instances/${id}/retry`, { token, params: { id } });
    expect(again.status).toBe(409);
  });
});

describe("delete and purge", () => {
  it("hides a deleted instance, then purging drops its database and frees its subdomain", async () => {
    const subdomain = `bye-${uid(6)}`;
    const created = (await create({ name: "Pharmacie Adieu", subdomain, ownerEmail: "bye@example.com" })).json;
    const wrong = await call(instance.DELETE, "DELETE", `/api/admin/instances/${created.id}`, { token, params: { id: created.id }, body: { confirm: "nope" } });
    expect(wrong.status).toBe(422);
    const deleted = await call(instance.DELETE, "DELETE", `/api/admin/instances/${created.id}`, { token, params: { id: created.id }, body: { confirm: subdomain } });
    expect(deleted.json).toMatchObject({ status: "DELETED", subscription: { status: "CANCELED" } });
    const listed = await call(instances.GET, "GET", `/api/admin/instances?q=${subdomain}`, { token });
    expect(listed.json.total).toBe(0);
    const tenant = await prisma.tenantDatabase.findUniqueOrThrow({ where: { instanceId: created.id } });
    expect(await tenantDatabaseExists(tenant.databaseName)).toBe(true);

    const purged = await call(purge.POST, "POST", `/api/admin/instances/${created.id}/purge`, { token, params: { id: created.id } });
    expect(purged.status).toBe(200);
    expect(purged.json.purgedAt).toBeTruthy();
    expect(await tenantDatabaseExists(tenant.databaseName)).toBe(false);
    expect((await prisma.tenantDatabase.findUniqueOrThrow({ where: { instanceId: created.id } })).status).toBe("DROPPED");
    expect((await create({ name: "Pharmacie Nouvelle", subdomain, ownerEmail: "new@example.com" })).status).toBe(201);
    const actions = (await prisma.auditLog.findMany({ where: { instanceId: created.id }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["instance.delete", "instance.purge"]));
  });
});

describe("entitlement", () => {
  it("is a short-lived EdDSA token the pharmacy app verifies offline, refusing service when suspended", async () => {
    const created = (await create({ name: "Pharmacie Droit", subdomain: `droit-${uid(6)}`, ownerEmail: "d@example.com" })).json;
    const keys = createLocalJWKSet((await call(jwks.GET, "GET", "/api/public/entitlement-keys")).json);
    const read = async () => {
      const res = await call(entitlement.GET, "GET", `/api/public/instances/${created.subdomain}/entitlement`, { params: { subdomain: created.subdomain } });
      expect(res.status).toBe(200);
      const { payload } = await jwtVerify(res.json.token, keys, { issuer: "afrikapharma-console", audience: created.subdomain });
      return payload;
    };
    const ok = await read();
    expect(ok).toMatchObject({ sub: created.id, allowed: true, plan: "TRIAL", status: "ACTIVE" });
    expect((ok.exp! - ok.iat!) / 60).toBe(15);
    await call(suspend.POST, "POST", `/api/admin/instances/${created.id}/suspend`, { token, params: { id: created.id }, body: { reason: "test" } });
    expect(await read()).toMatchObject({ allowed: false, reason: "manual", status: "SUSPENDED" });
    const unknown = await call(entitlement.GET, "GET", "/api/public/instances/nobody-here/entitlement", { params: { subdomain: "nobody-here" } });
    expect(unknown.status).toBe(404);
  });
});
