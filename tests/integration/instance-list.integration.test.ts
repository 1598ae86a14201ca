import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { listInstances } from "@/lib/services/instance.service";
import { ZListInstancesQuery } from "@/types/instances";
import * as instancesRoute from "@/app/api/admin/instances/route";
import * as suspendRoute from "@/app/api/admin/instances/[id]/suspend/route";
import { createAdminWithToken, uid } from "../helpers/factories";
import { call } from "../helpers/http";
import { makeInstance } from "../helpers/instances";

const list = (q: Record<string, unknown>) => listInstances(ZListInstancesQuery.parse(q));

describe("the instance list", () => {
  const tag = uid(6);
  const ids: string[] = [];

  beforeAll(async () => {
    const base = new Date("2027-05-01T10:00:00Z").getTime();
    for (let k = 0; k < 7; k += 1) {
      const instance = await makeInstance({ name: `Pharma ${tag} ${String.fromCharCode(71 - k)}`, subdomain: `lst-${tag}-${k}`, planType: k % 2 ? "monthly" : "trial", country: k < 4 ? "SN" : "CD", ownerPhone: undefined }, new Date(base + k * 60_000));
      ids.push(instance.id);
    }
    await makeInstance({ name: `Pharma ${tag} 100%`, subdomain: `lst-${tag}-pct` });
  });

  it("walks keyset pages newest first without overlap and counts every match", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let totals = new Set<number>();
    do {
      const page = await list({ q: `lst-${tag}-`, limit: 3, cursor });
      totals.add(page.total);
      seen.push(...page.data.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(totals).toEqual(new Set([8]));
    expect(new Set(seen).size).toBe(8);
    expect(seen.slice(0, 7)).toEqual([...ids].reverse());
  });

  it("sorts by name both ways across pages", async () => {
    const first = await list({ q: `Pharma ${tag}`, sort: "name_asc", limit: 4 });
    const second = await list({ q: `Pharma ${tag}`, sort: "name_asc", limit: 4, cursor: first.nextCursor });
    const names = [...first.data, ...second.data].map((r) => r.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : 1)));
    const desc = await list({ q: `Pharma ${tag}`, sort: "name_desc", limit: 8 });
    expect(desc.data.map((r) => r.name)).toEqual([...names].reverse());
  });

  it("filters by plan and country, with each row's subscription and plan", async () => {
    const monthly = await list({ q: `lst-${tag}-`, plan: "monthly", country: "SN" });
    expect(monthly.total).toBe(2);
    expect(monthly.data.every((r) => r.country === "SN" && r.subscription?.plan.code === "MONTHLY" && r.subscription.status === "PAST_DUE")).toBe(true);
  });

  it("searches for a literal % rather than using it as a wildcard, and hides deleted instances unless asked", async () => {
    expect((await list({ q: `${tag} 100%` })).data.map((r) => r.subdomain)).toEqual([`lst-${tag}-pct`]);
    expect((await list({ q: `${tag} %` })).total).toBe(0);
    await prisma.instance.update({ where: { id: ids[0] }, data: { status: "DELETED", deletedAt: new Date() } });
    expect((await list({ q: `lst-${tag}-0` })).total).toBe(0);
    expect((await list({ q: `lst-${tag}-0`, status: "deleted" })).data.map((r) => r.id)).toEqual([ids[0]]);
  });

  it("refuses a tampered cursor with 422", async () => {
    await expect(list({ cursor: "bm90LWpzb24" })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("GET /api/admin/instances reuses a page for a second", () => {
  const tag = uid(6);
  let token: string;
  let id: string;
  const get = (headers?: Record<string, string>) => call(instancesRoute.GET, "GET", `/api/admin/instances?q=reuse-${tag}`, { token, headers });
  const state = async (headers?: Record<string, string>) => {
    const res = await get(headers);
    expect(res.status).toBe(200);
    return { cache: res.headers.get("x-afp-cache"), statuses: res.json.data.map((r: { status: string }) => r.status) };
  };

  beforeAll(async () => {
    token = (await createAdminWithToken("SUPER_ADMIN")).token;
    id = (await makeInstance({ name: `Reuse ${tag}`, subdomain: `reuse-${tag}` })).id;
  });

  it("answers a repeated read from the page it just built, and the next read after a write afresh", async () => {
    expect(await state()).toEqual({ cache: "miss", statuses: ["ACTIVE"] });
    expect(await state()).toEqual({ cache: "hit", statuses: ["ACTIVE"] });
    const suspended = await call(suspendRoute.POST, "POST", `/api/admin/instances/${id}/suspend`, { token, params: { id }, body: { reason: "reuse test" } });
    expect(suspended.status).toBe(200);
    expect(await state()).toEqual({ cache: "miss", statuses: ["SUSPENDED"] });
  });

  it("sees a change made by another process within the second, and at once when asked with no-cache", async () => {
    await state();
    await prisma.instance.update({ where: { id }, data: { status: "ACTIVE", suspendedReason: null } });
    expect(await state({ "cache-control": "no-cache" })).toEqual({ cache: "bypass", statuses: ["ACTIVE"] });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await state()).toEqual({ cache: "miss", statuses: ["ACTIVE"] });
  });
});
