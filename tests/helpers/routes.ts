/** Every route handler under app/api, found on disk, with concrete URLs for its dynamic segments. */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../scripts/lib/paths";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

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
export function concrete(urlPath: string): { url: string; params: Record<string, string | string[]> } {
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

