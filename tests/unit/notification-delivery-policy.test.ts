import { describe, expect, it } from "vitest";
import { classifySmtpError } from "@/lib/providers/messaging/smtp";
import { asDriverError } from "@/lib/providers/messaging/types";
import { classifyTwilioError, contentVariablesFor } from "@/lib/providers/messaging/whatsapp-twilio";
import { RETRY_CAP_MS, retryDelayMs } from "@/lib/services/notifications/backoff";

describe("retry backoff", () => {
  it("doubles from 30 seconds and stops growing at one hour", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs(a, mid))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(8, mid)).toBe(RETRY_CAP_MS);
    expect(retryDelayMs(50, mid)).toBe(RETRY_CAP_MS);
  });

  it("spreads retries by ±20 %", () => {
    expect(retryDelayMs(3, () => 0)).toBe(96_000);
    expect(retryDelayMs(3, () => 1)).toBe(144_000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(2);
      expect(delay).toBeGreaterThanOrEqual(48_000);
      expect(delay).toBeLessThanOrEqual(72_000);
    }
  });
});

describe("SMTP failures", () => {
  it("treat a rejected mailbox (550) and a refused envelope as permanent", () => {
    expect(classifySmtpError({ code: "EENVELOPE", responseCode: 550, command: "RCPT TO", response: "550 5.1.1 mailbox unavailable" })).toMatchObject({ permanent: true, providerCode: 550 });
    expect(classifySmtpError({ code: "EENVELOPE", message: "No recipients defined" }).permanent).toBe(true);
    expect(classifySmtpError({ code: "EMESSAGE", responseCode: 554, response: "554 message rejected" }).permanent).toBe(true);
  });

  it("treat refused connections, timeouts, 4xx and authentication failures as transient", () => {
    expect(classifySmtpError({ code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:25" }).permanent).toBe(false);
    expect(classifySmtpError({ code: "ETIMEDOUT", message: "Greeting never received" }).permanent).toBe(false);
    expect(classifySmtpError({ code: "EENVELOPE", responseCode: 452, response: "452 mailbox full" }).permanent).toBe(false);
    expect(classifySmtpError({ code: "EAUTH", responseCode: 535, response: "535 bad credentials" }).permanent).toBe(false);
    expect(asDriverError(new Error("boom")).permanent).toBe(false);
  });
});

describe("Twilio failures", () => {
  it("treat an invalid number (21211) as permanent and rate limits, 5xx and network errors as transient", () => {
    expect(classifyTwilioError({ status: 400, code: 21211, message: "invalid To" })).toMatchObject({ permanent: true, providerCode: 21211 });
    expect(classifyTwilioError({ status: 429, code: 20429 }).permanent).toBe(false);
    expect(classifyTwilioError({ status: 401, code: 20003 }).permanent).toBe(false);
    expect(classifyTwilioError({ status: 503, code: 20503 }).permanent).toBe(false);
    expect(classifyTwilioError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })).permanent).toBe(false);
  });

  it("number content variables in the catalog's order and never send an empty one", () => {
    expect(contentVariablesFor("payment_succeeded", { pharmacyName: "P", amount: "50 €", invoiceLink: "https://x/i", plan: "Mensuel" })).toEqual({ "1": "P", "2": "50 €", "3": "https://x/i" });
    expect(contentVariablesFor("trial_ending", { pharmacyName: "P", expiresAt: " " })).toEqual({ "1": "P", "2": "-", "3": "-" });
    expect(() => contentVariablesFor("nope", {})).toThrow(/Unknown template/);
  });
});
