/**
 * Every route under app/api (found on disk, so a new route cannot be forgotten) × every kind of
 * caller → the status it must get. No answer may carry a secret.
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { hashApiToken } from "@/lib/auth/api-tokens";
import { projectRoot } from "../../../scripts/lib/paths";
import { createAdmin, createAdminWithToken } from "../../helpers/factories";
import { makeInstance } from "../../helpers/instances";
import { call, sessionCookie } from "../../helpers/http";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

export type Route = { file: string; urlPath: string; methods: Method[]; module: Record<string, unknown> };

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

export async function discoverRoutes(): Promise<Route[]> {
  const apiDir = path.join(projectRoot, "app", "api");
  const routes: Route[] = [];
  for (const file of routeFiles(apiDir).sort()) {
    const relative = path.relative(path.join(projectRoot, "app"), path.dirname(file));
    const urlPath = `/${relative.split(path.sep).join("/")}`;
    const module = (await import(file)) as Record<string, unknown>;
    routes.push({ file: path.relative(projectRoot, file), urlPath, methods: METHODS.filter((m) => typeof module[m] === "function"), module });
  }
  return routes;
}

/** Dynamic segments get ids that exist nowhere (404 is a fine answer, 500 is not). */
function concrete(urlPath: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const url = urlPath.replace(/\[\.\.\.(\w+)\]|\[(\w+)\]/g, (_, rest?: string, name?: string) => {
    if (rest) {
      params[rest] = ["session"];
      return "session";
    }
    const value = name === "subdomain" ? "nobody-here" : name === "code" ? "monthly" : name === "key" ? "welcome" : name === "channel" ? "EMAIL" : name === "locale" ? "fr" : name === "token" ? "invalid-token" : `${name}_000000000000000000000000`;
    params[name!] = value;
    return value;
  });
  return { url, params };
}

export function kindOf(urlPath: string): "admin" | "cron" | "webhook" | "auth" | "public" | "payments" {
  if (urlPath.startsWith("/api/admin")) return "admin";
  if (urlPath.startsWith("/api/cron")) return "cron";
  if (urlPath.startsWith("/api/webhooks")) return "webhook";
  if (urlPath.startsWith("/api/auth")) return "auth";
  if (urlPath === "/api/payments/initiate") return "payments";
  return "public";
}

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
