/**
 * What the owner specs need from the e2e server besides a browser:
 *  - the admin API, with an API token made by `scripts/admin-token.ts` against the e2e server's own
 *    embedded database (AFP_DATA_DIR=.data/e2e, EMBEDDED_PG_PORT=$E2E_PG_PORT): the verification
 *    link is read from the outbox (GET /api/admin/notifications?templateKey=email_verification, then
 *    the message's variables), payments and subscriptions from their admin routes;
 *  - the database itself, only to move a payment link's expiry into the past (time cannot be moved
 *    on a running server): DATABASE_URL of that server, from .data/e2e/secrets.json;
 *  - the page weights (HTML and JavaScript, gzip) and a 360 px screenshot of each owner page.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { expect, type APIRequestContext, type Page, type Response } from "@playwright/test";
import pg from "pg";
import { E2E_ADMIN } from "./fixtures";

const root = path.resolve(import.meta.dirname, "..", "..");
const port = process.env.E2E_PORT ?? "3100";
const pgPort = process.env.E2E_PG_PORT ?? "54339";
const dataDir = path.join(root, ".data", "e2e");
export const WEIGHT_BUDGET_BYTES = 100 * 1024;
export const OWNER_VIEWPORT = { width: 360, height: 780 };

let token: string | undefined;
export function adminToken(): string {
  token ??= execFileSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "admin-token.ts"), "--email", E2E_ADMIN.email, "--name", "owner e2e"], {
    cwd: root,
    env: { ...process.env, AFP_DATA_DIR: ".data/e2e", EMBEDDED_PG_PORT: pgPort, PORT: port, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "ignore"],
  })
    .toString()
    .trim()
    .split("\n")
    .pop()!;
  return token;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function admin(request: APIRequestContext, method: "GET" | "POST" | "PUT", url: string, data?: unknown): Promise<any> {
  const res = await request.fetch(url, { method, data, headers: { authorization: `Bearer ${adminToken()}` } });
  expect(res.ok(), `${method} ${url} → ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** The verification link the console queued for this address (the dev mailbox keeps it in the outbox). */
export async function verificationLink(request: APIRequestContext, email: string): Promise<string> {
  let found: { id: string } | undefined;
  await expect
    .poll(async () => {
      const list = await admin(request, "GET", "/api/admin/notifications?templateKey=email_verification&limit=100");
      found = list.data.find((n: { recipient: string }) => n.recipient === email);
      return Boolean(found);
    })
    .toBe(true);
  const message = await admin(request, "GET", `/api/admin/notifications/${found!.id}`);
  const link = new URL(message.variables.verifyLink as string);
  return `${link.pathname}${link.search}`;
}

export async function withDb<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const secrets = JSON.parse(fs.readFileSync(path.join(dataDir, "secrets.json"), "utf8")) as { EMBEDDED_PG_PASSWORD: string };
  const client = new pg.Client({ connectionString: `postgresql://postgres:${encodeURIComponent(secrets.EMBEDDED_PG_PASSWORD)}@127.0.0.1:${pgPort}/afrikapharma` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}

/** An instance made by the admin API, with its first payment link. */
export async function instanceWithLink(request: APIRequestContext, overrides: Record<string, unknown> = {}) {
  const subdomain = unique("e2e-ph");
  const instance = await admin(request, "POST", "/api/admin/instances", {
    name: `Pharmacie ${subdomain}`,
    subdomain,
    ownerEmail: `${subdomain}@owner.test`,
    ownerName: "Fatou Ndiaye",
    ownerPhone: "+221771234567",
    country: "SN",
    planType: "trial",
    ...overrides,
  });
  const link = await admin(request, "POST", `/api/admin/instances/${instance.id}/payment-links`, {});
  return { instance, link, path: new URL(link.url).pathname as string, token: new URL(link.url).pathname.split("/").pop() as string };
}

type Weight = { page: string; path: string; htmlGzip: number; jsGzip: number; scripts: number; totalGzip: number };

/** Records what each main-frame page load costs: its HTML and the scripts it loads, gzip-compressed. */
export function weigh(page: Page) {
  let current: { path: string; html: number; js: number; scripts: number } | undefined;
  const pending: Promise<void>[] = [];
  const size = async (res: Response) => zlib.gzipSync(await res.body(), { level: 9 }).length;
  page.on("response", (res) => {
    const request = res.request();
    if (res.status() >= 300 && res.status() < 400) return;
    if (request.resourceType() === "document" && request.frame() === page.mainFrame()) {
      const entry = { path: new URL(res.url()).pathname.replace(/([^/]{8})[^/]{9,}/g, "$1…"), html: 0, js: 0, scripts: 0 };
      current = entry;
      pending.push(size(res).then((n) => void (entry.html = n), () => {}));
    } else if (request.resourceType() === "script" && current) {
      const entry = current;
      pending.push(size(res).then((n) => void ((entry.js += n), (entry.scripts += 1)), () => {}));
    }
  });
  return {
    /** A 360 px screenshot (test-results/e2e/owner-<name>.png) and the page's weight, held to the budget. */
    async capture(name: string): Promise<Weight> {
      await page.waitForLoadState("load");
      await Promise.all(pending.splice(0));
      await page.screenshot({ path: `test-results/e2e/owner-${name}.png`, fullPage: true });
      const entry = current!;
      const weight: Weight = { page: name, path: entry.path, htmlGzip: entry.html, jsGzip: entry.js, scripts: entry.scripts, totalGzip: entry.html + entry.js };
      const file = path.join(root, "test-results", "e2e", "owner-weights.json");
      const all: Weight[] = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : [];
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify([...all.filter((w) => w.page !== name), weight], null, 2));
      expect(weight.htmlGzip, `${name}: the HTML was measured`).toBeGreaterThan(200);
      expect(weight.totalGzip, `${name} weighs ${weight.totalGzip} bytes gzip`).toBeLessThanOrEqual(WEIGHT_BUDGET_BYTES);
      return weight;
    },
  };
}
