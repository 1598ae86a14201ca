/**
 * Every route under app/api (found on disk, so a new route cannot be forgotten) × every kind of
 * caller → the status it must get. No answer may carry a secret.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { hashApiToken } from "@/lib/auth/api-tokens";
import { createAdmin, createAdminWithToken } from "../../helpers/factories";
import { makeInstance } from "../../helpers/instances";
import { call, sessionCookie } from "../../helpers/http";
import { concrete, discoverRoutes, kindOf, type Method, type Route } from "../../helpers/routes";

type Caller = { name: string; token?: string; cookie?: string };
let callers: Caller[] = [];
let secrets: string[] = [];
let routes: Route[] = [];

beforeAll(async () => {
  routes = await discoverRoutes();
  const superAdmin = await createAdminWithToken("SUPER_ADMIN");
  const support = await createAdminWithToken("SUPPORT");
  const revoked = await createAdminWithToken("SUPER_ADMIN");
  await prisma.apiToken.update({ where: { id: revoked.tokenId }, data: { revokedAt: new Date() } });
  const sessionAdmin = await createAdmin("SUPER_ADMIN");
  await makeInstance();
  callers = [
    { name: "anonymous" },
    { name: "expired session", cookie: await sessionCookie(sessionAdmin, -60) },
    { name: "forged token", token: `afp_${"A".repeat(43)}` },
    { name: "revoked token", token: revoked.token },
    { name: "SUPPORT", token: support.token },
    { name: "SUPER_ADMIN", token: superAdmin.token },
    { name: "SUPER_ADMIN session", cookie: await sessionCookie(sessionAdmin) },
  ];
  const tenant = await prisma.tenantDatabase.findFirst({ omit: { passwordEncrypted: false } });
  secrets = [
    env().JWT_SECRET,
    env().CRON_SECRET,
    env().ENCRYPTION_KEY,
    hashApiToken(superAdmin.token),
    hashApiToken(support.token),
    ...(tenant ? [tenant.passwordEncrypted] : []),
    "$argon2id$",
    "password_encrypted",
    "passwordEncrypted",
    "tokenHash",
    "passwordHash",
  ];
});

function expected(kind: ReturnType<typeof kindOf>, method: Method, caller: Caller): (status: number) => boolean {
  const read = method === "GET";
  const anonymousLike = ["anonymous", "expired session", "forged token", "revoked token"].includes(caller.name);
  switch (kind) {
    case "admin":
      if (anonymousLike) return (s) => s === 401;
      if (caller.name === "SUPPORT") return read ? (s) => s !== 401 && s !== 403 && s < 500 : (s) => s === 403;
      return (s) => s !== 401 && s !== 403 && s < 500;
    case "payments":
      if (["forged token", "revoked token", "expired session"].includes(caller.name)) return (s) => s === 401;
      if (caller.name === "SUPPORT") return (s) => s === 403;
      return (s) => s >= 400 && s < 500;
    case "cron":
      return (s) => s === 401;
    case "webhook":
      return (s) => s === 400 || s === 404 || s === 403;
    case "auth":
      return (s) => s < 500;
    case "public":
      return (s) => s < 500 && s !== 401 && s !== 403;
  }
}

describe("authorization matrix", () => {
  it("covers every route on disk", async () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) expect(route.methods.length, route.file).toBeGreaterThan(0);
  });

  it("gives every caller the status it must get, on every route and method, and never a secret", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const kind = kindOf(route.urlPath);
      if (kind === "auth") continue; // next-auth's own endpoints: exercised by the browser tests
      const { url, params } = concrete(route.urlPath);
      for (const method of route.methods) {
        for (const caller of callers) {
          const res = await call(route.module[method] as never, method, url, { token: caller.token, cookie: caller.cookie, params: params as Record<string, string>, body: method === "GET" ? undefined : {} });
          checked += 1;
          if (!expected(kind, method, caller)(res.status)) failures.push(`${method} ${url} as ${caller.name} → ${res.status} ${res.text.slice(0, 160)}`);
          for (const secret of secrets) if (secret && res.text.includes(secret)) failures.push(`${method} ${url} as ${caller.name} leaks ${secret.slice(0, 6)}…`);
          if (res.status >= 400 && res.headers.get("content-type")?.includes("json") && !res.json?.error?.code) failures.push(`${method} ${url} as ${caller.name}: error without the standard shape`);
        }
      }
    }
    console.log(`authorization matrix: ${routes.length} routes, ${checked} route × method × caller checks`);
    expect(failures).toEqual([]);
  }, 240_000);
});
