import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { TEMPLATES, TEMPLATE_KEYS } from "@/lib/services/notifications/catalog";
import { placeholders } from "@/lib/services/notifications/render";
import { sampleVariables } from "@/lib/services/notifications/samples";
import { validateTemplateContent } from "@/lib/services/notifications/templates.service";

const links = { APP_URL: "https://console.example", ROOT_DOMAIN: "afrikapharma.app", SUPPORT_EMAIL: "support@example.com" };

describe("template catalog", () => {
  it("has a sample value for every variable of every template, in both languages", () => {
    for (const locale of ["fr", "en"] as const) {
      const samples = sampleVariables(locale, new Date("2026-12-01T00:00:00Z"), links);
      for (const key of TEMPLATE_KEYS) {
        for (const name of TEMPLATES[key].variables) expect(samples[name], `${key}.${name}`).toBeTruthy();
      }
    }
  });

  it("uses only declared variables in its default wording and WhatsApp variable lists", () => {
    for (const key of TEMPLATE_KEYS) {
      const def = TEMPLATES[key];
      for (const locale of ["fr", "en"] as const) {
        const copy = def.defaults[locale];
        for (const name of placeholders(copy.subject + copy.text + copy.whatsapp)) expect(def.variables, `${key}:${locale}`).toContain(name);
      }
      for (const name of def.whatsappVariables) expect(def.variables).toContain(name);
    }
  });
});

describe("template validation", () => {
  it("names every unknown variable, in the subject and the body", () => {
    try {
      validateTemplateContent({ key: "welcome", channel: "EMAIL", locale: "fr" }, { subject: "{{ pharmacy }}", bodyText: "{{pharmacyName}} {{discount}}" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.status).toBe(422);
      expect(e.message).toContain("{{pharmacy}}");
      expect(e.message).toContain("{{discount}}");
      expect(e.details?.map((d) => d.path)).toEqual(["subject", "bodyText"]);
    }
  });

  it("accepts known variables with spaces inside the braces and trims the text", () => {
    expect(validateTemplateContent({ key: "welcome", channel: "WHATSAPP", locale: "en" }, { subject: "ignored", bodyText: "  Hi {{ pharmacyName }}\r\n" })).toEqual({ subject: null, bodyText: "Hi {{ pharmacyName }}" });
  });

  it("refuses a WhatsApp text longer than Twilio allows", () => {
    expect(() => validateTemplateContent({ key: "welcome", channel: "WHATSAPP", locale: "fr" }, { bodyText: "x".repeat(1601) })).toThrow(AppError);
  });
});

describe("TWILIO_CONTENT_SIDS", () => {
  const base = {
    DATABASE_URL: "postgresql://u:p@db.example.com:5432/afp",
    JWT_SECRET: "j".repeat(40),
    CRON_SECRET: "c".repeat(24),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    ENTITLEMENT_SIGNING_KEY: crypto.generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  };
  const sid = `HX${"a".repeat(32)}`;
  const problems = (value: string) => {
    try {
      parseEnv({ ...base, TWILIO_CONTENT_SIDS: value });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  it("reads a JSON map of <template>:<locale> to Content SIDs", () => {
    expect(parseEnv({ ...base, TWILIO_CONTENT_SIDS: JSON.stringify({ "trial_ending:fr": sid }) }).TWILIO_CONTENT_SIDS).toEqual({ "trial_ending:fr": sid });
    expect(parseEnv(base).TWILIO_CONTENT_SIDS).toEqual({});
  });

  it("names an unknown key, a malformed SID and invalid JSON", () => {
    expect(problems(JSON.stringify({ "trial_ending:de": sid })).join()).toMatch(/TWILIO_CONTENT_SIDS has an unknown key "trial_ending:de"/);
    expect(problems(JSON.stringify({ "welcome:fr": "HX12" })).join()).toMatch(/"welcome:fr" must be a Content SID/);
    expect(problems("{not json").join()).toMatch(/TWILIO_CONTENT_SIDS must be a JSON object/);
  });
});
