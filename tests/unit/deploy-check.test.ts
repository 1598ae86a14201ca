import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkProductionConfig } from "@/lib/deploy-check";

const base = {
  DATABASE_URL: "postgresql://u:p@db.example.com:5432/afp",
  APP_URL: "https://console.afrikapharma.app",
  JWT_SECRET: "j".repeat(40),
  CRON_SECRET: "c".repeat(24),
  ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
  ENTITLEMENT_SIGNING_KEY: crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
};
const real = {
  ...base,
  DEPLOY_DRIVER: "vercel",
  VERCEL_API_TOKEN: "t",
  VERCEL_TEMPLATE_REPO: "afrikapharma/pharmacy-app",
  VERCEL_WEBHOOK_SECRET: "w",
  PAYMENT_PROVIDERS: "stripe",
  STRIPE_SECRET_KEY: "sk_live_x",
  STRIPE_WEBHOOK_SECRET: "whsec_x",
  EMAIL_DRIVER: "smtp",
  SMTP_HOST: "smtp.example.com",
  WHATSAPP_DRIVER: "twilio",
  TWILIO_ACCOUNT_SID: "AC1",
  TWILIO_AUTH_TOKEN: "x",
  TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
};

describe("production deploy check", () => {
  it("passes a complete configuration with real drivers", () => {
    expect(checkProductionConfig(real)).toEqual({ errors: [], warnings: [] });
  });

  it("names missing variables", () => {
    const { errors } = checkProductionConfig({ ...real, CRON_SECRET: undefined, STRIPE_SECRET_KEY: "" });
    expect(errors).toEqual(expect.arrayContaining(["CRON_SECRET is missing", "STRIPE_SECRET_KEY is required when PAYMENT_PROVIDERS includes stripe"]));
  });

  it("refuses local drivers unless explicitly allowed", () => {
    expect(checkProductionConfig(base).errors).toHaveLength(4);
    const allowed = checkProductionConfig(base, { allowLocalDrivers: true });
    expect(allowed.errors).toEqual([]);
    expect(allowed.warnings).toHaveLength(4);
  });

  it("requires https and a real database", () => {
    const { errors } = checkProductionConfig({ ...real, APP_URL: "http://console.example.com", AFP_EMBEDDED: "1" });
    expect(errors).toHaveLength(2);
  });
});
