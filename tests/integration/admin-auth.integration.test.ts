import { describe, expect, it } from "vitest";
import * as me from "@/app/api/admin/me/route";
import * as adminUsers from "@/app/api/admin/admin-users/route";
import * as apiTokens from "@/app/api/admin/api-tokens/route";
import * as apiToken from "@/app/api/admin/api-tokens/[id]/route";
import { systemActor } from "@/lib/actor";
import { setAdminDisabled } from "@/lib/services/admin-user.service";
import { CREDENTIAL_REUSE_MS } from "@/lib/auth/api-tokens";
import { prisma } from "@/lib/db";
import { createAdmin, createAdminWithToken, uid } from "../helpers/factories";
import { call, sessionCookie } from "../helpers/http";

describe("admin API authentication", () => {
  it("answers 401 JSON without credentials", async () => {
    const res = await call(me.GET, "GET", "/api/admin/me");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthenticated");
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("accepts a super-admin API token", async () => {
    const { admin, token } = await createAdminWithToken("SUPER_ADMIN");
    const res = await call(me.GET, "GET", "/api/admin/me", { token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: admin.id, role: "SUPER_ADMIN", via: "api_token" });
  });

  it("lets a SUPPORT token read but answers 403 on a mutating route", async () => {
    const { token } = await createAdminWithToken("SUPPORT");
    expect((await call(adminUsers.GET, "GET", "/api/admin/admin-users", { token })).status).toBe(200);
    const res = await call(adminUsers.POST, "POST", "/api/admin/admin-users", {
      token,
      body: { email: `x-${uid()}@test.afp`, name: "X", role: "SUPPORT", password: "long-enough-password" },
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
  });

  it("answers 401 for a revoked token, at once even though a read had just used it", async () => {
    const { token, tokenId } = await createAdminWithToken("SUPER_ADMIN");
    const other = await createAdminWithToken("SUPER_ADMIN");
    expect((await call(me.GET, "GET", "/api/admin/me", { token })).status).toBe(200);
    const revoke = await call(apiToken.DELETE, "DELETE", `/api/admin/api-tokens/${tokenId}`, { token: other.token, params: { id: tokenId } });
    expect(revoke.status).toBe(200);
    const res = await call(me.GET, "GET", "/api/admin/me", { token });
    expect(res.status).toBe(401);
  });

  it("lets reads reuse a checked token for at most CREDENTIAL_REUSE_MS, and never writes", async () => {
    const { token, tokenId } = await createAdminWithToken("SUPER_ADMIN");
    expect((await call(me.GET, "GET", "/api/admin/me", { token })).status).toBe(200);
    // Revoked by another process (straight in the database, so this process hears nothing):
    await prisma.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    const write = await call(apiTokens.POST, "POST", "/api/admin/api-tokens", { token, body: { name: "late" } });
    expect(write.status).toBe(401);
    await new Promise((r) => setTimeout(r, CREDENTIAL_REUSE_MS + 100));
    expect((await call(me.GET, "GET", "/api/admin/me", { token })).status).toBe(401);
    expect(await prisma.apiToken.count({ where: { name: "late" } })).toBe(0);
  });

  it("drops a reused session at once when the account is disabled through the console", async () => {
    const admin = await createAdmin("SUPPORT");
    const cookie = await sessionCookie(admin);
    expect((await call(me.GET, "GET", "/api/admin/me", { cookie })).status).toBe(200);
    await setAdminDisabled({ id: admin.id, disabled: true, actor: systemActor("test"), now: new Date() });
    expect((await call(me.GET, "GET", "/api/admin/me", { cookie })).status).toBe(401);
  });

  it("answers 401 for a forged token", async () => {
    const res = await call(me.GET, "GET", "/api/admin/me", { token: `afp_${"x".repeat(43)}` });
    expect(res.status).toBe(401);
  });

  it("accepts a session cookie and refuses an expired one", async () => {
    const admin = await createAdmin("SUPER_ADMIN");
    expect((await call(me.GET, "GET", "/api/admin/me", { cookie: await sessionCookie(admin) })).json.via).toBe("admin");
    const expired = await call(me.GET, "GET", "/api/admin/me", { cookie: await sessionCookie(admin, -60) });
    expect(expired.status).toBe(401);
  });

  it("refuses a session whose account was disabled or whose role changed since sign-in", async () => {
    const admin = await createAdmin("SUPER_ADMIN");
    const cookie = await sessionCookie(admin);
    await prisma.adminUser.update({ where: { id: admin.id }, data: { sessionVersion: { increment: 1 } } });
    expect((await call(me.GET, "GET", "/api/admin/me", { cookie })).status).toBe(401);
  });

  it("refuses a cookie-authenticated write from another origin (CSRF)", async () => {
    const admin = await createAdmin("SUPER_ADMIN");
    const cookie = await sessionCookie(admin);
    const res = await call(apiTokens.POST, "POST", "/api/admin/api-tokens", { cookie, origin: "https://evil.example", body: { name: "x" } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("csrf_failed");
    const ok = await call(apiTokens.POST, "POST", "/api/admin/api-tokens", { cookie, body: { name: "mine" } });
    expect(ok.status).toBe(201);
    expect(ok.json.token).toMatch(/^afp_/);
  });
});

describe("admin API input", () => {
  it("answers 400 for malformed JSON and writes nothing", async () => {
    const { token } = await createAdminWithToken();
    const before = await prisma.adminUser.count();
    const res = await call(adminUsers.POST, "POST", "/api/admin/admin-users", { token, rawBody: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("malformed_json");
    expect(await prisma.adminUser.count()).toBe(before);
  });

  it("answers 422 naming the invalid field", async () => {
    const { token } = await createAdminWithToken();
    const res = await call(adminUsers.POST, "POST", "/api/admin/admin-users", {
      token,
      body: { email: "not-an-email", name: "X", role: "SUPPORT", password: "long-enough-password" },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.details).toEqual([expect.objectContaining({ path: "email" })]);
  });

  it("answers 409 for a duplicate admin email", async () => {
    const { token, admin } = await createAdminWithToken();
    const res = await call(adminUsers.POST, "POST", "/api/admin/admin-users", {
      token,
      body: { email: admin.email, name: "X", role: "SUPPORT", password: "long-enough-password" },
    });
    expect(res.status).toBe(409);
  });

  it("audits the creation of an admin with the acting user", async () => {
    const { token, admin } = await createAdminWithToken();
    const email = `new-${uid()}@test.afp`;
    const res = await call(adminUsers.POST, "POST", "/api/admin/admin-users", { token, body: { email, name: "New", role: "SUPPORT", password: "long-enough-password" } });
    expect(res.status).toBe(201);
    const entry = await prisma.auditLog.findFirst({ where: { action: "admin_user.create", targetId: res.json.id } });
    expect(entry).toMatchObject({ actorType: "api_token", actorId: admin.id });
    expect(entry?.after).toMatchObject({ email, role: "SUPPORT" });
  });
});
