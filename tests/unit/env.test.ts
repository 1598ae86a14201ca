import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";

const key = crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
const complete = {
  DATABASE_URL: "postgresql://u:p@db.example.com:5432/afp",
  JWT_SECRET: "j".repeat(40),
  CRON_SECRET: "c".repeat(24),
  ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
  ENTITLEMENT_SIGNING_KEY: key,
};

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("accepts a complete production configuration with local drivers by default", () => {
    const env = parseEnv(complete);
    expect(env.DEPLOY_DRIVER).toBe("simulated");
    expect(env.PAYMENT_PROVIDERS).toEqual(["sandbox"]);
  });

  it("names CRON_SECRET when it is missing", () => {
    expect(problems({ ...complete, CRON_SECRET: undefined })).toEqual(["CRON_SECRET is missing"]);
  });

  it("counts an empty string as missing and lists every problem at once", () => {
    const found = problems({ ...complete, CRON_SECRET: "", JWT_SECRET: "short", ENCRYPTION_KEY: "abc" });
    expect(found).toHaveLength(3);
    expect(found.join("\n")).toMatch(/CRON_SECRET is missing/);
    expect(found.join("\n")).toMatch(/JWT_SECRET must be at least 32 characters/);
    expect(found.join("\n")).toMatch(/ENCRYPTION_KEY must be 32 bytes/);
  });

  it("requires a provider's keys when it is enabled", () => {
    const found = problems({ ...complete, PAYMENT_PROVIDERS: "sandbox,stripe", DEPLOY_DRIVER: "vercel" });
    expect(found).toContain("STRIPE_SECRET_KEY is required when PAYMENT_PROVIDERS includes stripe");
    expect(found).toContain("VERCEL_API_TOKEN is required when DEPLOY_DRIVER=vercel");
  });

  it("refuses an unknown payment provider", () => {
    expect(problems({ ...complete, PAYMENT_PROVIDERS: "paypal" }).join()).toMatch(/unknown value\(s\) paypal/);
  });
});
