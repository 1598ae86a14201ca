/**
 * The console's configuration, validated once. Nothing else reads `process.env`.
 *
 * Empty strings count as missing. One error lists every missing or malformed variable. With no
 * DATABASE_URL the launcher (scripts/serve.ts) starts the embedded PostgreSQL and fills in the
 * generated secrets before this runs; a real deployment must give them all.
 */
import crypto from "node:crypto";
import { z } from "zod";
import { isTemplateKey } from "@/lib/services/notifications/catalog";

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalString = z.preprocess(blankToUndefined, z.string().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url().optional());
const bool = (fallback: boolean) =>
  z.preprocess(blankToUndefined, z.enum(["1", "0", "true", "false", "yes", "no"]).optional()).transform((v) =>
    v === undefined ? fallback : ["1", "true", "yes"].includes(v),
  );
const int = (fallback: number, min: number, max: number) =>
  z.preprocess(blankToUndefined, z.coerce.number().int().min(min).max(max).optional()).transform((v) => v ?? fallback);

const base64Key32 = z.preprocess(
  blankToUndefined,
  z.string({ error: "is missing" }).refine((v) => Buffer.from(v, "base64").length === 32, {
    message: "must be 32 bytes in base64 (openssl rand -base64 32)",
  }),
);

const ed25519Key = z.preprocess(
  blankToUndefined,
  z.string({ error: "is missing" }).refine(
    (v) => {
      try {
        const pem = v.includes("BEGIN") ? v : Buffer.from(v, "base64url").toString("utf8");
        return crypto.createPrivateKey(pem).asymmetricKeyType === "ed25519";
      } catch {
        return false;
      }
    },
    { message: "must be an Ed25519 private key in PKCS#8 PEM (or that PEM in base64url)" },
  ),
);

const secret = (min: number) =>
  z.preprocess(blankToUndefined, z.string({ error: "is missing" }).min(min, { message: `must be at least ${min} characters` }));

const list = <T extends string>(values: readonly [T, ...T[]], fallback: T[]) =>
  z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const items = v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const unknown = items.filter((i) => !values.includes(i as T));
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `unknown value(s) ${unknown.join(", ")}; expected ${values.join(", ")}` });
    }
    return items as T[];
  });

/**
 * TWILIO_CONTENT_SIDS: approved WhatsApp Content Templates per template and locale, as JSON
 * `{"trial_ending:fr": "HX…", "trial_ending:en": "HX…"}`. Every key and SID is checked.
 */
const contentSids = z.preprocess(blankToUndefined, z.string().optional()).transform((v, ctx): Record<string, string> => {
  if (v === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    ctx.addIssue({ code: "custom", message: 'must be a JSON object like {"trial_ending:fr":"HX…"}' });
    return {};
  }
  const result: Record<string, string> = {};
  for (const [key, sid] of Object.entries(parsed)) {
    const [template = "", locale = "", extra] = key.split(":");
    if (extra !== undefined || !isTemplateKey(template) || !["fr", "en"].includes(locale)) {
      ctx.addIssue({ code: "custom", message: `has an unknown key "${key}" (expected <template key>:<fr|en>)` });
    } else if (typeof sid !== "string" || !/^HX[0-9a-fA-F]{32}$/.test(sid)) {
      ctx.addIssue({ code: "custom", message: `"${key}" must be a Content SID (HX followed by 32 hexadecimal characters)` });
    } else {
      result[key] = sid;
    }
  }
  return result;
});

export const PAYMENT_PROVIDERS = ["sandbox", "stripe", "avadapay", "strowallet"] as const;
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

export const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.preprocess(blankToUndefined, z.url({ error: "is missing (a postgresql:// URL)" })),
    AFP_EMBEDDED: bool(false),
    DATABASE_POOL_SIZE: int(10, 1, 200),
    APP_URL: z.preprocess(blankToUndefined, z.url().default("http://localhost:3001")),
    ROOT_DOMAIN: z.preprocess(blankToUndefined, z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i).default("afrikapharma.app")),
    LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),

    // Secrets
    JWT_SECRET: secret(32),
    CRON_SECRET: secret(16),
    ENCRYPTION_KEY: base64Key32,
    ENTITLEMENT_SIGNING_KEY: ed25519Key,

    // Tenant databases
    TENANT_DATABASE_URL: optionalUrl,
    TENANT_DATABASE_HOST: optionalString,

    // Deployments
    DEPLOY_DRIVER: z.preprocess(blankToUndefined, z.enum(["simulated", "vercel"]).default("simulated")),
    VERCEL_API_TOKEN: optionalString,
    VERCEL_TEAM_ID: optionalString,
    VERCEL_TEMPLATE_REPO: optionalString,
    VERCEL_API_URL: optionalUrl,
    VERCEL_WEBHOOK_SECRET: optionalString,

    // Payments
    PAYMENT_PROVIDERS: list(PAYMENT_PROVIDERS, ["sandbox"]),
    STRIPE_SECRET_KEY: optionalString,
    STRIPE_WEBHOOK_SECRET: optionalString,
    STRIPE_API_URL: optionalUrl,
    AVADAPAY_API_KEY: optionalString,
    AVADAPAY_MERCHANT_ID: optionalString,
    AVADAPAY_WEBHOOK_SECRET: optionalString,
    AVADAPAY_API_URL: optionalUrl,
    STROWALLET_PUBLIC_KEY: optionalString,
    STROWALLET_SECRET_KEY: optionalString,
    STROWALLET_WEBHOOK_SECRET: optionalString,
    STROWALLET_API_URL: optionalUrl,
    CDF_PER_EUR: z.preprocess(blankToUndefined, z.coerce.number().positive().optional()),

    // Messages
    EMAIL_DRIVER: z.preprocess(blankToUndefined, z.enum(["dev-mailbox", "smtp"]).default("dev-mailbox")),
    EMAIL_FROM: z.preprocess(blankToUndefined, z.string().default("AfrikaPharma <no-reply@afrikapharma.app>")),
    SUPPORT_EMAIL: z.preprocess(blankToUndefined, z.email().default("support@afrikapharma.app")),
    SMTP_HOST: optionalString,
    SMTP_PORT: int(587, 1, 65535),
    SMTP_SECURE: bool(false),
    SMTP_USER: optionalString,
    SMTP_PASSWORD: optionalString,
    WHATSAPP_DRIVER: z.preprocess(blankToUndefined, z.enum(["dev-mailbox", "twilio"]).default("dev-mailbox")),
    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_WHATSAPP_FROM: optionalString,
    TWILIO_API_URL: optionalUrl,
    TWILIO_CONTENT_SIDS: contentSids,

    // First super-admin (npm run setup:multi-tenant)
    ADMIN_EMAIL: z.preprocess(blankToUndefined, z.email().optional()),
    ADMIN_PASSWORD: z.preprocess(blankToUndefined, z.string().min(12, { message: "must be at least 12 characters" }).optional()),

    // Business defaults (the dashboard's settings override them)
    REMINDER_WINDOW_DAYS: int(2, 1, 30),
    INSTANCE_RETENTION_DAYS: int(30, 0, 3650),
    JOB_TIME_BUDGET_MS: int(250_000, 1_000, 3_600_000),
  })
  ;

/**
 * Variables an enabled driver needs. Checked on the raw environment, so they are reported together
 * with every other problem (zod stops refining an object that already has errors).
 */
function requiredByDrivers(source: Record<string, string | undefined>): string[] {
  const value = (key: string) => (source[key]?.trim() ? source[key]!.trim() : undefined);
  const providers = (value("PAYMENT_PROVIDERS") ?? "sandbox").split(",").map((p) => p.trim().toLowerCase());
  const rules: Array<[boolean, string[], string]> = [
    [value("DEPLOY_DRIVER") === "vercel", ["VERCEL_API_TOKEN", "VERCEL_TEMPLATE_REPO", "VERCEL_WEBHOOK_SECRET"], "DEPLOY_DRIVER=vercel"],
    [providers.includes("stripe"), ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"], "PAYMENT_PROVIDERS includes stripe"],
    [providers.includes("avadapay"), ["AVADAPAY_API_KEY", "AVADAPAY_MERCHANT_ID", "AVADAPAY_WEBHOOK_SECRET"], "PAYMENT_PROVIDERS includes avadapay"],
    [providers.includes("strowallet"), ["STROWALLET_PUBLIC_KEY", "STROWALLET_SECRET_KEY", "STROWALLET_WEBHOOK_SECRET"], "PAYMENT_PROVIDERS includes strowallet"],
    [value("EMAIL_DRIVER") === "smtp", ["SMTP_HOST"], "EMAIL_DRIVER=smtp"],
    [value("WHATSAPP_DRIVER") === "twilio", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"], "WHATSAPP_DRIVER=twilio"],
  ];
  return rules.flatMap(([enabled, keys, why]) => (enabled ? keys.filter((k) => !value(k)).map((k) => `${k} is required when ${why}`) : []));
}

export type Env = z.infer<typeof ZEnv>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = ZEnv.safeParse(source);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const key = issue.path.join(".") || "environment";
        const message = issue.message.startsWith("Invalid input") && issue.code === "invalid_type" ? "is missing" : issue.message;
        return `${key} ${message}`;
      });
  problems.push(...requiredByDrivers(source));
  if (problems.length || !result.success) throw new ConfigError(problems);
  return result.data;
}

let cached: Env | undefined;

/** The validated configuration; throws a ConfigError naming every problem. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
