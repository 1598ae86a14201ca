import { beforeAll, describe, expect, it } from "vitest";
import * as auditList from "@/app/api/admin/audit/route";
import * as auditExport from "@/app/api/admin/audit/export/route";
import * as bulk from "@/app/api/admin/instances/bulk/route";
import * as settings from "@/app/api/admin/settings/route";
import * as overview from "@/app/api/admin/stats/overview/route";
import * as forecast from "@/app/api/admin/jobs/forecast/route";
import { prisma } from "@/lib/db";
import { clearOverviewCache } from "@/lib/services/stats.service";
import { createAdminWithToken } from "../helpers/factories";
import { call } from "../helpers/http";
import { makeInstance } from "../helpers/instances";

let token: string;
let supportToken: string;

beforeAll(async () => {
  token = (await createAdminWithToken("SUPER_ADMIN")).token;
  supportToken = (await createAdminWithToken("SUPPORT")).token;
});

describe("GET /api/admin/stats/overview", () => {
  it("answers the figures to any admin, with when they were computed, and 401 without credentials", async () => {
    clearOverviewCache();
    await makeInstance({ planType: "trial" });
    const res = await call(overview.GET, "GET", "/api/admin/stats/overview", { token: supportToken });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ currency: "EUR", instances: { total: expect.any(Number), trialing: expect.any(Number) }, revenue: { mrrMinor: expect.any(Number) }, cacheTtlSeconds: 5 });
    expect(res.json.instances.trialing).toBeGreaterThanOrEqual(1);
    expect(res.json.series).toHaveLength(12);
    expect(Date.parse(res.json.computedAt)).not.toBeNaN();
    expect((await call(overview.GET, "GET", "/api/admin/stats/overview")).status).toBe(401);
  });

  it("serves the same figures from its cache for a few seconds", async () => {
    clearOverviewCache();
    const first = await call(overview.GET, "GET", "/api/admin/stats/overview", { token });
    await makeInstance({ planType: "trial" });
    const second = await call(overview.GET, "GET", "/api/admin/stats/overview", { token });
    expect(second.json.computedAt).toBe(first.json.computedAt);
    expect(second.json.instances.total).toBe(first.json.instances.total);
    clearOverviewCache();
    const fresh = await call(overview.GET, "GET", "/api/admin/stats/overview", { token });
    expect(fresh.json.instances.total).toBe(first.json.instances.total + 1);
  });
});

describe("POST /api/admin/instances/bulk", () => {
  it("suspends the active ones, audits each, skips the others with a reason, then reactivates", async () => {
    const a = await makeInstance();
    const b = await makeInstance();
    const res = await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token, body: { action: "suspend", ids: [a.id, b.id, "inst_missing"], reason: "Contrôle groupé" } });
    expect(res.status).toBe(200);
    expect(new Set(res.json.changed)).toEqual(new Set([a.id, b.id]));
    expect(res.json.skipped).toEqual([{ id: "inst_missing", reason: "not_found" }]);
    const audits = await prisma.auditLog.findMany({ where: { action: "instance.suspend", instanceId: { in: [a.id, b.id] } } });
    expect(audits).toHaveLength(2);
    expect(audits[0]!.after).toMatchObject({ status: "SUSPENDED", reason: "manual", note: "Contrôle groupé" });

    const again = await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token, body: { action: "suspend", ids: [a.id], reason: "encore" } });
    expect(again.json).toEqual({ action: "suspend", changed: [], skipped: [{ id: a.id, reason: "not_active" }] });

    const back = await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token, body: { action: "reactivate", ids: [a.id, b.id] } });
    expect(new Set(back.json.changed)).toEqual(new Set([a.id, b.id]));
    expect(await prisma.instance.count({ where: { id: { in: [a.id, b.id] }, status: "ACTIVE" } })).toBe(2);
  });

  it("refuses a SUPPORT token (403) and an empty or reasonless request (422)", async () => {
    const a = await makeInstance();
    const support = await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token: supportToken, body: { action: "suspend", ids: [a.id], reason: "nope" } });
    expect(support.status).toBe(403);
    expect(support.json.error.code).toBe("forbidden");
    const empty = await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token, body: { action: "reactivate", ids: [] } });
    expect(empty.status).toBe(422);
    const noReason = await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token, body: { action: "suspend", ids: [a.id] } });
    expect(noReason.status).toBe(422);
    expect(noReason.json.error.details[0].path).toBe("reason");
    expect((await prisma.instance.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("ACTIVE");
  });
});

describe("/api/admin/settings", () => {
  it("reads the environment default, saves the dashboard's value with an audit entry, and the job's forecast uses it", async () => {
    const before = await call(settings.GET, "GET", "/api/admin/settings", { token: supportToken });
    expect(before.json).toMatchObject({ reminderWindowDays: 2, sources: { reminderWindowDays: "environment" } });
    const saved = await call(settings.PUT, "PUT", "/api/admin/settings", { token, body: { reminderWindowDays: 5 } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ reminderWindowDays: 5, sources: { reminderWindowDays: "dashboard" }, defaults: { reminderWindowDays: 2 } });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "settings.update" }, orderBy: { id: "desc" } });
    expect(audit.before).toMatchObject({ reminderWindowDays: 2 });
    expect(audit.after).toEqual({ reminderWindowDays: 5 });
    const dry = await call(forecast.GET, "GET", "/api/admin/jobs/forecast?days=1", { token });
    expect(dry.json.reminderWindowDays).toBe(5);
  });

  it("refuses a window outside 1–30 days, and SUPPORT", async () => {
    const bad = await call(settings.PUT, "PUT", "/api/admin/settings", { token, body: { reminderWindowDays: 45 } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0]).toMatchObject({ path: "reminderWindowDays" });
    expect((await call(settings.PUT, "PUT", "/api/admin/settings", { token: supportToken, body: { reminderWindowDays: 3 } })).status).toBe(403);
  });
});

describe("the audit log API", () => {
  it("lists entries filtered by instance and action prefix, and exports them as CSV", async () => {
    const a = await makeInstance({ name: 'Pharmacie "Guillemets", Virgule' });
    await call(bulk.POST, "POST", "/api/admin/instances/bulk", { token, body: { action: "suspend", ids: [a.id], reason: "Contrôle, avec virgule" } });
    const listed = await call(auditList.GET, "GET", `/api/admin/audit?instanceId=${a.id}&action=instance.`, { token: supportToken });
    expect(listed.status).toBe(200);
    const actions = listed.json.data.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe("instance.suspend");
    expect(actions).toContain("instance.create");
    expect(actions.every((x: string) => x.startsWith("instance."))).toBe(true);

    const csv = await call(auditExport.GET, "GET", `/api/admin/audit/export?instanceId=${a.id}`, { token: supportToken });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toBe("id,at,actor_type,actor_label,actor_id,action,target_type,target_id,instance_id,request_id,ip,before,after");
    expect(lines.length).toBe(listed.json.data.length + 1);
    expect(csv.text).toContain("instance.suspend");
    // JSON cells are quoted, with their quotes doubled.
    expect(csv.text).toContain('Pharmacie \\""Guillemets\\"", Virgule');
  });

  it("refuses a malformed date filter with 422", async () => {
    const res = await call(auditExport.GET, "GET", "/api/admin/audit/export?from=yesterday", { token });
    expect(res.status).toBe(422);
  });
});
