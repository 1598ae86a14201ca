import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { setupConsole } from "@/lib/services/setup.service";
import { verifyPassword } from "@/lib/auth/password";
import { consumeRateLimit } from "@/lib/services/rate-limit.service";
import { uid } from "../helpers/factories";

describe("setup:multi-tenant", () => {
  it("creates the four plans with EUR and CFA prices and one super-admin, idempotently", async () => {
    const first = await setupConsole();
    expect(first.admin).toMatchObject({ created: true, generated: true, email: "admin@afrikapharma.local" });
    expect(await verifyPassword((await prisma.adminUser.findUniqueOrThrow({ where: { email: first.admin.email }, omit: { passwordHash: false } })).passwordHash, first.admin.password!)).toBe(true);

    const second = await setupConsole();
    expect(second.admin).toMatchObject({ created: false });
    expect(await prisma.adminUser.count({ where: { email: first.admin.email } })).toBe(1);

    const plans = await prisma.plan.findMany({ include: { prices: true }, orderBy: { sortOrder: "asc" } });
    expect(plans.map((p) => p.code)).toEqual(["TRIAL", "MONTHLY", "ANNUAL", "LIFETIME"]);
    const price = (code: string, currency: string) => plans.find((p) => p.code === code)!.prices.find((p) => p.currency === currency)?.amountMinor;
    expect(price("MONTHLY", "EUR")).toBe(5_000);
    expect(price("ANNUAL", "EUR")).toBe(45_000);
    expect(price("LIFETIME", "EUR")).toBe(100_000);
    expect(price("MONTHLY", "XOF")).toBe(32_798);
    expect(price("MONTHLY", "XAF")).toBe(32_798);
    expect(price("TRIAL", "EUR")).toBe(0);
    expect(price("MONTHLY", "CDF")).toBeUndefined();
  });
});

describe("rate limits", () => {
  it("hold under a burst of concurrent attempts", async () => {
    const key = `burst:${uid()}`;
    const at = new Date();
    const results = await Promise.all(Array.from({ length: 40 }, () => consumeRateLimit({ key, limit: 10, windowSeconds: 900 }, at)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(Math.max(...results.map((r) => r.count))).toBe(40);
  });
});
