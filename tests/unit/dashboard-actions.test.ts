import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { runMutation } from "@/lib/actions/run";
import { createSwrCache } from "@/lib/cache";
import { csvCell } from "@/lib/services/audit-export";
import type { AdminPrincipal } from "@/lib/auth/admin-session";

const meta = { ip: "10.0.0.1", userAgent: "vitest", locale: "fr" as const, now: () => new Date("2027-01-01T00:00:00Z") };
const admin = (role: AdminPrincipal["role"]): AdminPrincipal => ({ id: "adm_1", email: "a@afp.test", name: "A", role, locale: "fr" });

describe("a dashboard action (runMutation)", () => {
  it("refuses a SUPPORT user before the service runs", async () => {
    const service = vi.fn(async () => "changed");
    const result = await runMutation(admin("SUPPORT"), meta, service);
    expect(service).not.toHaveBeenCalled();
    expect(result).toMatchObject({ ok: false, code: "forbidden", title: "Action refusée : votre rôle ne permet pas de modifier." });
  });

  it("refuses a missing session", async () => {
    const service = vi.fn(async () => "changed");
    expect(await runMutation(undefined, meta, service)).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(service).not.toHaveBeenCalled();
  });

  it("runs the service as the admin (audit actor with ip and user agent) and says so in the admin's language", async () => {
    let seen: unknown;
    const result = await runMutation(admin("SUPER_ADMIN"), { ...meta, locale: "en" }, async ({ actor, now }) => {
      seen = { actor, now };
      return 3;
    }, (n, t) => `${t.common.done} ${n}`);
    expect(result).toMatchObject({ ok: true, message: "Done. 3" });
    expect(seen).toMatchObject({ actor: { type: "admin", id: "adm_1", label: "a@afp.test", role: "SUPER_ADMIN", ip: "10.0.0.1", userAgent: "vitest" }, now: new Date("2027-01-01T00:00:00Z") });
  });

  it("turns an AppError into its code, a title in words and the service's message, with field details", async () => {
    const result = await runMutation(admin("SUPER_ADMIN"), meta, async () => {
      throw new AppError("validation_failed", "reason: must say why", [{ path: "reason", message: "must say why" }]);
    });
    expect(result).toEqual({ ok: false, code: "validation_failed", title: "Certains champs sont invalides.", message: "reason: must say why", details: [{ path: "reason", message: "must say why" }], at: expect.any(Number) });
  });

  it("maps a unique violation to a conflict and hides an unexpected error behind a generic message", async () => {
    const conflict = await runMutation(admin("SUPER_ADMIN"), meta, async () => {
      throw new Prisma.PrismaClientKnownRequestError("dup", { code: "P2002", clientVersion: "7", meta: { target: ["reference"] } });
    });
    expect(conflict).toMatchObject({ ok: false, code: "conflict" });
    const crash = await runMutation(admin("SUPER_ADMIN"), meta, async () => {
      throw new Error("SELECT secret FROM somewhere failed");
    });
    expect(crash).toMatchObject({ ok: false, code: "internal", message: "Quelque chose s'est mal passé de notre côté ; l'erreur a été journalisée." });
    expect(JSON.stringify(crash)).not.toContain("secret");
  });
});

describe("the stale-while-revalidate cache", () => {
  it("serves a fresh value, then the stale one while one refresh runs, then recomputes past the stale limit", async () => {
    let clock = 0;
    let calls = 0;
    const cache = createSwrCache<number>({ ttlMs: 5_000, maxStaleMs: 60_000, clock: () => clock });
    const load = async () => ++calls;
    expect((await cache.get("k", load)).value).toBe(1);
    clock = 4_000;
    expect((await cache.get("k", load)).value).toBe(1);
    clock = 6_000;
    const [a, b] = await Promise.all([cache.get("k", load), cache.get("k", load)]);
    expect([a.value, b.value]).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    expect((await cache.get("k", load)).value).toBe(2);
    clock = 200_000;
    expect((await cache.get("k", load)).value).toBe(3);
  });

  it("shares one computation between concurrent first callers", async () => {
    let calls = 0;
    const cache = createSwrCache<number>({ ttlMs: 1_000, maxStaleMs: 2_000 });
    const load = () => new Promise<number>((r) => setTimeout(() => r(++calls), 10));
    const values = await Promise.all(Array.from({ length: 10 }, () => cache.get("k", load)));
    expect(values.map((v) => v.value)).toEqual(Array(10).fill(1));
    expect(calls).toBe(1);
  });
});

describe("audit CSV cells", () => {
  it("quotes separators, doubles quotes, serialises JSON and defuses formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell({ k: "v" })).toBe('"{""k"":""v""}"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("@cmd")).toBe("'@cmd");
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2027-01-01T00:00:00Z"))).toBe("2027-01-01T00:00:00.000Z");
  });
});
