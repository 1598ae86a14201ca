/**
 * Hostile input, property-based (fast-check): every JSON endpoint found on disk gets at least 1,000
 * generated bodies — random JSON, the endpoints' own field names with wrong, huge, nested, script
 * and SQL values, and text that is not JSON — as a super-admin (so validation, not authorization,
 * is what answers). Never a 5xx; every 4xx in the standard error shape; a refused request writes
 * nothing; SQL in search parameters is data.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { createAdminWithToken } from "../../helpers/factories";
import { makeInstance } from "../../helpers/instances";
import { call } from "../../helpers/http";
import { concrete, discoverRoutes, kindOf, type Route } from "../../helpers/routes";

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const FIELDS = [
  "name", "subdomain", "ownerEmail", "ownerName", "ownerPhone", "country", "locale", "planType", "reason", "days", "amount", "amountMinor",
  "currency", "instanceId", "paymentMethod", "phone", "cardNumber", "method", "reference", "note", "confirm", "purgeNow", "autoRenew",
  "cancelAtPeriodEnd", "atPeriodEnd", "purpose", "ttlDays", "email", "role", "password", "enabled", "subject", "bodyText", "contentSid",
  "templateKey", "channel", "key", "ids", "action", "value", "endSubscription", "paymentLinkToken", "saveMethod", "emailOptOut", "whatsappOptOut",
  "reminderWindowDays", "expiresInDays",
];

const hostile = fc.constantFrom(
  "' OR 1=1 --",
  "'; DROP TABLE instances; --",
  "<script>alert(document.cookie)</script>",
  '"><img src=x onerror=alert(1)>',
  "{{constructor.constructor('return process')()}}",
  "\u0000\u0001\u0002",
  "𝕬𝖋𝖗𝖎𝖐𝖆 ☠️ ‮",
  "a".repeat(70_000),
  "../../../../etc/passwd",
  "__proto__",
  "NaN",
  "-1",
  "1e309",
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    hostile,
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELDS, "__proto__", "constructor"), tie("v"), { maxKeys: 4 }),
  ),
})).v;

const body = fc.oneof(
  fc.record(Object.fromEntries(FIELDS.map((f) => [f, value])), { requiredKeys: [] }).map((o) => ({ json: o })),
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 }).map((o) => ({ json: o })),
  fc.jsonValue().map((j) => ({ json: j })),
  fc.oneof(fc.string(), hostile, fc.constant("{"), fc.constant('{"name":'), fc.constant("[1,2")).map((raw) => ({ raw })),
);

async function counts(): Promise<string> {
  const rows = await prisma.$queryRaw<{ t: string; n: bigint }[]>`
    SELECT 'instances' AS t, count(*) AS n FROM instances UNION ALL SELECT 'subscriptions', count(*) FROM subscriptions
    UNION ALL SELECT 'payments', count(*) FROM payments UNION ALL SELECT 'refunds', count(*) FROM refunds
    UNION ALL SELECT 'invoices', count(*) FROM invoices UNION ALL SELECT 'notifications', count(*) FROM notifications
    UNION ALL SELECT 'payment_links', count(*) FROM payment_links UNION ALL SELECT 'api_tokens', count(*) FROM api_tokens
    UNION ALL SELECT 'admin_users', count(*) FROM admin_users UNION ALL SELECT 'templates', count(*) FROM notification_templates
    UNION ALL SELECT 'settings', count(*) FROM settings UNION ALL SELECT 'signups', count(*) FROM signup_requests
    UNION ALL SELECT 'tenants', count(*) FROM tenant_databases UNION ALL SELECT 'webhooks', count(*) FROM webhook_events`;
  return rows.map((r) => `${r.t}=${r.n}`).join(",");
}

let token: string;
let routes: Route[];
let instanceId: string;

beforeAll(async () => {
  token = (await createAdminWithToken("SUPER_ADMIN")).token;
  instanceId = (await makeInstance()).id;
  routes = (await discoverRoutes()).filter((r) => ["admin", "payments", "public"].includes(kindOf(r.urlPath)));
});

describe("hostile input", () => {
  it(`never breaks a JSON endpoint (${RUNS} generated bodies each)`, async () => {
    const problems: string[] = [];
    let cases = 0;
    let endpoints = 0;
    for (const route of routes) {
      for (const method of route.methods.filter((m) => m !== "GET")) {
        endpoints += 1;
        const { url, params } = concrete(route.urlPath.replace("[id]", instanceId));
        if (route.urlPath.includes("[id]")) params.id = instanceId;
        await fc.assert(
          fc.asyncProperty(body, async (input) => {
            cases += 1;
            const before = await counts();
            const res = await call(route.module[method] as never, method, url, {
              token,
              params: params as Record<string, string>,
              ...("raw" in input ? { rawBody: input.raw } : { body: input.json }),
            });
            const where = `${method} ${url} ← ${JSON.stringify(input).slice(0, 120)}`;
            if (res.status >= 500) problems.push(`${where} → ${res.status} ${res.text.slice(0, 120)}`);
            if (res.status >= 400) {
              if (!res.json?.error?.code || !res.json?.error?.message) problems.push(`${where} → ${res.status} without the error shape`);
              const after = await counts();
              if (after !== before) problems.push(`${where} → ${res.status} but wrote: ${before} → ${after}`);
            }
            return problems.length === 0;
          }),
          { numRuns: RUNS, seed: 20261201, endOnFailure: true },
        ).catch(() => undefined);
      }
    }
    console.log(`fuzz: ${endpoints} JSON endpoints, ${cases} generated requests`);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 1_800_000);

  it("treats SQL and markup in search parameters as data", async () => {
    const list = routes.find((r) => r.urlPath === "/api/admin/instances")!;
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostile, fc.string()), fc.constantFrom("q", "status", "plan", "country", "sort", "cursor", "limit"), async (v, key) => {
        const res = await call(list.module.GET as never, "GET", `/api/admin/instances?${key}=${encodeURIComponent(String(v).slice(0, 2000))}`, { token });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) expect(Array.isArray(res.json.data)).toBe(true);
      }),
      { numRuns: RUNS, seed: 7 },
    );
    expect(await prisma.instance.count()).toBeGreaterThan(0);
  }, 600_000);
});

describe("oversized bodies", () => {
  it("are refused early with 413, before anything is parsed or written", async () => {
    const create = routes.find((r) => r.urlPath === "/api/admin/instances")!;
    const before = await counts();
    const big = JSON.stringify({ name: "x".repeat(200_000), subdomain: "big-one", ownerEmail: "a@b.co", planType: "trial" });
    const res = await call(create.module.POST as never, "POST", "/api/admin/instances", { token, rawBody: big });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
    const declared = await call(create.module.POST as never, "POST", "/api/admin/instances", { token, rawBody: "{}", headers: { "content-length": String(10 * 1024 * 1024) } });
    expect(declared.status).toBe(413);
    expect(await counts()).toBe(before);
  });
});
