import { beforeAll, describe, expect, it } from "vitest";
import * as cron from "@/app/api/cron/deliver-notifications/route";
import * as preferences from "@/app/api/admin/instances/[id]/notification-preferences/route";
import * as list from "@/app/api/admin/notifications/route";
import * as detail from "@/app/api/admin/notifications/[id]/route";
import * as resend from "@/app/api/admin/notifications/[id]/resend/route";
import { prisma } from "@/lib/db";
import { deliverDue } from "@/lib/services/notifications/deliver";
import { queueForInstance } from "@/lib/services/notifications/queue";
import { TEMPLATE_KEYS } from "@/lib/services/notifications/catalog";
import { createAdminWithToken } from "../helpers/factories";
import { call } from "../helpers/http";
import { createOwnerInstance } from "../helpers/notifications";

let superToken: string;
let supportToken: string;
let superAdminId: string;

beforeAll(async () => {
  const admin = await createAdminWithToken("SUPER_ADMIN");
  superToken = admin.token;
  superAdminId = admin.admin.id;
  supportToken = (await createAdminWithToken("SUPPORT")).token;
});

const get = (path: string, token = superToken, params?: Record<string, string>) => call(list.GET, "GET", path, { token, params });

describe("GET /api/admin/notifications", () => {
  it("pages through one instance's messages newest first, without gaps or repeats", async () => {
    const instance = await createOwnerInstance();
    const now = new Date();
    for (const key of TEMPLATE_KEYS.slice(0, 5)) {
      await queueForInstance(prisma, { instanceId: instance.id, templateKey: key, dedupeKey: `${key}:${instance.id}`, now });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const res = await get(`/api/admin/notifications?instanceId=${instance.id}&limit=3${cursor ? `&cursor=${cursor}` : ""}`, supportToken);
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((n: { id: string }) => n.id));
      cursor = res.json.nextCursor;
      if (!cursor) break;
    }
    const expected = await prisma.notification.findMany({ where: { instanceId: instance.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } });
    expect(seen).toEqual(expected.map((e) => e.id));
    expect(seen).toHaveLength(10);
  });

  it("filters by status, channel and template", async () => {
    const instance = await createOwnerInstance({ phone: null });
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "refund_issued", dedupeKey: `refund:${instance.id}`, now: new Date() });
    const suppressed = await get(`/api/admin/notifications?instanceId=${instance.id}&status=suppressed&channel=whatsapp`);
    expect(suppressed.json.data).toHaveLength(1);
    expect(suppressed.json.data[0]).toMatchObject({ channel: "WHATSAPP", status: "SUPPRESSED", lastError: "no phone number" });
    const queued = await get(`/api/admin/notifications?instanceId=${instance.id}&status=QUEUED&templateKey=refund_issued`);
    expect(queued.json.data.map((n: { channel: string }) => n.channel)).toEqual(["EMAIL"]);
    expect((await get(`/api/admin/notifications?instanceId=${instance.id}&templateKey=welcome`)).json.data).toHaveLength(0);
  });

  it("answers 422 for an unknown status and for a forged cursor", async () => {
    const bad = await get("/api/admin/notifications?status=LOST");
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].path).toBe("status");
    const cursor = await get("/api/admin/notifications?cursor=bm9wZQ");
    expect(cursor.status).toBe(422);
    expect(cursor.json.error.details[0].path).toBe("cursor");
  });

  it("shows one message with its content, or 404", async () => {
    const instance = await createOwnerInstance({ locale: "en" });
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "welcome", dedupeKey: `w:${instance.id}`, now: new Date(), channels: ["EMAIL"] });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    const res = await call(detail.GET, "GET", `/api/admin/notifications/${row.id}`, { token: supportToken, params: { id: row.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: row.id, subject: `Welcome to AfrikaPharma, ${instance.name}` });
    expect(res.json.bodyHtml).toContain("<!doctype html>");
    expect((await call(detail.GET, "GET", "/api/admin/notifications/ntf_missing", { token: superToken, params: { id: "ntf_missing" } })).status).toBe(404);
  });
});

describe("POST /api/admin/notifications/[id]/resend", () => {
  it("queues a failed message again as a new row, numbered and audited", async () => {
    const instance = await createOwnerInstance();
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "payment_failed", dedupeKey: `pf:${instance.id}`, now: new Date(), channels: ["EMAIL"] });
    const original = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    const path = `/api/admin/notifications/${original.id}/resend`;

    const pending = await call(resend.POST, "POST", path, { token: superToken, params: { id: original.id } });
    expect(pending.status).toBe(409);

    await prisma.notification.update({ where: { id: original.id }, data: { status: "FAILED", lastError: "SMTP 550", failedAt: new Date() } });
    expect((await call(resend.POST, "POST", path, { token: supportToken, params: { id: original.id } })).status).toBe(403);
    const first = await call(resend.POST, "POST", path, { token: superToken, params: { id: original.id } });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ status: "QUEUED", dedupeKey: `resend:${original.id}:1`, recipient: instance.ownerEmail, subject: original.subject });
    const second = await call(resend.POST, "POST", path, { token: superToken, params: { id: original.id } });
    expect(second.json.dedupeKey).toBe(`resend:${original.id}:2`);

    const copy = await prisma.notification.findUniqueOrThrow({ where: { id: first.json.id } });
    expect(copy.bodyText).toBe(original.bodyText);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "notification.resend", targetId: original.id }, orderBy: { id: "asc" } });
    expect(audit).toMatchObject({ actorId: superAdminId, instanceId: instance.id });
    expect(audit.after).toMatchObject({ notificationId: first.json.id, dedupeKey: `resend:${original.id}:1` });
  });
});

describe("PUT /api/admin/instances/[id]/notification-preferences", () => {
  it("opts an owner out: waiting messages and new ones are SUPPRESSED and nothing is sent", async () => {
    const instance = await createOwnerInstance();
    const now = new Date("2027-03-01T10:00:00Z");
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "welcome", dedupeKey: `w1:${instance.id}`, now });
    const path = `/api/admin/instances/${instance.id}/notification-preferences`;

    const res = await call(preferences.PUT, "PUT", path, { token: superToken, body: { whatsappOptOut: true }, params: { id: instance.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ emailOptOut: false, whatsappOptOut: true, suppressedQueued: 1, changed: true });
    const settings = await prisma.instanceSettings.findUniqueOrThrow({ where: { instanceId: instance.id } });
    expect(settings.whatsappOptOut).toBe(true);
    expect(settings.optOutUpdatedAt).not.toBeNull();
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "instance.notification_preferences.update", targetId: instance.id } });
    expect(audit.before).toEqual({ emailOptOut: false, whatsappOptOut: false });
    expect(audit.after).toMatchObject({ whatsappOptOut: true, suppressedQueued: 1 });

    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "trial_ending", dedupeKey: `t1:${instance.id}`, now });
    await deliverDue({ now, limit: 100 });
    const rows = await prisma.notification.findMany({ where: { instanceId: instance.id, channel: "WHATSAPP" } });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === "SUPPRESSED" && r.lastError === "opted out" && r.attempts === 0 && r.sentAt === null)).toBe(true);
    expect((await prisma.notification.findMany({ where: { instanceId: instance.id, channel: "EMAIL" } })).every((r) => r.status === "SENT")).toBe(true);
  });

  it("answers 422 for an empty or unknown body, 404 for an unknown instance, 403 to SUPPORT", async () => {
    const instance = await createOwnerInstance();
    const path = `/api/admin/instances/${instance.id}/notification-preferences`;
    expect((await call(preferences.PUT, "PUT", path, { token: superToken, body: {}, params: { id: instance.id } })).status).toBe(422);
    expect((await call(preferences.PUT, "PUT", path, { token: superToken, body: { smsOptOut: true }, params: { id: instance.id } })).status).toBe(422);
    expect((await call(preferences.PUT, "PUT", path, { token: superToken, body: { emailOptOut: "yes" }, params: { id: instance.id } })).status).toBe(422);
    expect((await call(preferences.PUT, "PUT", "/api/admin/instances/inst_missing/notification-preferences", { token: superToken, body: { emailOptOut: true }, params: { id: "inst_missing" } })).status).toBe(404);
    expect((await call(preferences.PUT, "PUT", path, { token: supportToken, body: { emailOptOut: true }, params: { id: instance.id } })).status).toBe(403);
    expect((await prisma.instanceSettings.findUniqueOrThrow({ where: { instanceId: instance.id } })).emailOptOut).toBe(false);
  });
});

describe("GET /api/cron/deliver-notifications", () => {
  it("refuses a call without the cron secret, and delivers through the dev mailbox with it", async () => {
    expect((await call(cron.GET, "GET", "/api/cron/deliver-notifications")).status).toBe(401);
    const instance = await createOwnerInstance();
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "welcome", dedupeKey: `cron:${instance.id}`, now: new Date() });
    const res = await call(cron.POST, "POST", "/api/cron/deliver-notifications", { headers: { authorization: `Bearer ${process.env.CRON_SECRET}` } });
    expect(res.status).toBe(200);
    expect(res.json.sent).toBeGreaterThanOrEqual(2);
    const rows = await prisma.notification.findMany({ where: { instanceId: instance.id } });
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({ status: "SENT", driver: "dev-mailbox" });
      expect(row.providerMessageId).toMatch(/^dev-/);
    }
  });
});
