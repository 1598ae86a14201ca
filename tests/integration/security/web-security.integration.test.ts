import { describe, expect, it } from "vitest";
import { authOptions, LOGIN_LIMITS } from "@/lib/auth/options";
import { safeEqual } from "@/lib/crypto";
import { createAdmin, TEST_PASSWORD, uid } from "../../helpers/factories";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

function authorize(): Authorize {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

describe("sign-in under attack", () => {
  it("the per-account limit holds under a burst of concurrent guesses, and then refuses even the right password", async () => {
    const admin = await createAdmin("SUPER_ADMIN");
    const ip = `198.51.100.${1 + (Number.parseInt(uid(2), 16) % 200)}`;
    const attempts = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => authorize()({ email: admin.email, password: `wrong-${i}` }, { headers: { "x-forwarded-for": `${ip}${i % 2}` } })),
    );
    const limited = attempts.filter((a) => a.status === "rejected" && String((a as PromiseRejectedResult).reason?.message) === "rate_limited");
    const refused = attempts.filter((a) => a.status === "fulfilled" && a.value === null);
    expect(refused.length).toBe(LOGIN_LIMITS.perAccount);
    expect(limited.length).toBe(40 - LOGIN_LIMITS.perAccount);
    await expect(authorize()({ email: admin.email, password: TEST_PASSWORD }, { headers: { "x-forwarded-for": "203.0.113.9" } })).rejects.toThrow("rate_limited");
  });

  it("the per-IP limit holds across accounts", async () => {
    const ip = `192.0.2.${1 + (Number.parseInt(uid(2), 16) % 200)}`;
    const attempts = await Promise.allSettled(
      Array.from({ length: LOGIN_LIMITS.perIp + 15 }, (_, i) => authorize()({ email: `nobody-${uid()}-${i}@test.afp`, password: "x" }, { headers: { "x-forwarded-for": ip } })),
    );
    expect(attempts.filter((a) => a.status === "rejected").length).toBe(15);
  });

  it("an unknown account costs the same verification as a known one and says nothing more", async () => {
    const admin = await createAdmin("SUPER_ADMIN");
    const unknown = await authorize()({ email: `ghost-${uid()}@test.afp`, password: TEST_PASSWORD }, { headers: { "x-forwarded-for": "203.0.113.50" } });
    const wrong = await authorize()({ email: admin.email, password: "not-it" }, { headers: { "x-forwarded-for": "203.0.113.51" } });
    expect(unknown).toBeNull();
    expect(wrong).toBeNull();
  });
});

describe("secret comparisons", () => {
  it("are constant-time whatever the lengths", () => {
    expect(safeEqual("a".repeat(64), "a".repeat(64))).toBe(true);
    expect(safeEqual("a".repeat(64), "a".repeat(63))).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});
