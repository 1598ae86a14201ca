import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as twilioWebhook from "@/app/api/webhooks/twilio/route";
import { prisma } from "@/lib/db";
import { deliverDue } from "@/lib/services/notifications/deliver";
import { queueForInstance } from "@/lib/services/notifications/queue";
import { startSmtpFake, type SmtpFake } from "../fakes/smtp";
import { startTwilioFake, sendStatusCallback, twilioSid, type TwilioFake } from "../fakes/twilio";
import { uid } from "../helpers/factories";
import { configureMessaging, createOwnerInstance, uniquePhone } from "../helpers/notifications";

const CALLBACK_URL = "http://localhost:3001/api/webhooks/twilio";
const SID_FR = twilioSid("HX");
const SID_EN = twilioSid("HX");
const FROM = "whatsapp:+14155238886";

let smtp: SmtpFake;
let fake: TwilioFake;
let restore: () => Promise<void>;

beforeAll(async () => {
  smtp = await startSmtpFake();
  fake = await startTwilioFake();
  restore = await configureMessaging({
    EMAIL_DRIVER: "smtp",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    EMAIL_FROM: "AfrikaPharma <no-reply@afrikapharma.test>",
    WHATSAPP_DRIVER: "twilio",
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_WHATSAPP_FROM: FROM,
    TWILIO_API_URL: fake.url,
    TWILIO_CONTENT_SIDS: JSON.stringify({ "trial_ending:fr": SID_FR, "trial_ending:en": SID_EN }),
  });
});

afterAll(async () => {
  await restore();
  await smtp.stop();
  await fake.close();
});

beforeEach(() => {
  smtp.received.length = 0;
  fake.messages.length = 0;
});

const trialVariables = (tag: string) => ({ expiresAt: `3 déc. 2026 ${tag}`, daysLeft: "2", paymentLink: `http://localhost:3001/pay/${tag}` });

describe("delivering queued notifications", () => {
  it("sends each reminder once per channel, in the owner's language, with its variables", async () => {
    const now = new Date("2026-12-01T08:00:00Z");
    const en = await createOwnerInstance({ locale: "en" });
    // Written the national way (0 8x…): queuing reads it with the instance's country (CD) into E.164.
    const fr = await createOwnerInstance({ locale: "fr", phone: `0${uniquePhone().slice(4)}`, country: "CD" });
    for (const instance of [en, fr]) {
      for (let repeat = 0; repeat < 2; repeat++) {
        await queueForInstance(prisma, { instanceId: instance.id, templateKey: "trial_ending", variables: trialVariables(instance.id), dedupeKey: `reminder:${instance.id}:trial:2026-12-03`, now });
      }
    }
    expect(await prisma.notification.count({ where: { instanceId: { in: [en.id, fr.id] } } })).toBe(4);

    const counts = await deliverDue({ now, limit: 50, workerId: `test-${uid()}` });
    expect(counts).toMatchObject({ sent: 4, failed: 0, retried: 0 });

    const mineEmails = smtp.received.filter((m) => [en.ownerEmail, fr.ownerEmail].includes(m.to[0]!));
    expect(mineEmails).toHaveLength(2);
    const enMail = mineEmails.find((m) => m.to[0] === en.ownerEmail)!;
    const frMail = mineEmails.find((m) => m.to[0] === fr.ownerEmail)!;
    expect(enMail.subject).toBe(`Your AfrikaPharma trial ends on 3 déc. 2026 ${en.id}`);
    expect(enMail.text).toContain(`The free trial of ${en.name} ends on`);
    expect(enMail.text).toContain(`http://localhost:3001/pay/${en.id}`);
    expect(enMail.html).toContain(`href="http://localhost:3001/pay/${en.id}"`);
    expect(enMail.headers.from).toBe("AfrikaPharma <no-reply@afrikapharma.test>");
    expect(frMail.subject).toBe(`Votre essai AfrikaPharma se termine le 3 déc. 2026 ${fr.id}`);
    expect(frMail.text).toContain(`L'essai gratuit de ${fr.name} se termine le`);

    const mineWhatsapp = fake.messages.filter((m) => [`whatsapp:${en.ownerPhone}`, `whatsapp:+243${fr.ownerPhone!.slice(1)}`].includes(m.form.To!));
    expect(mineWhatsapp).toHaveLength(2);
    const enWa = mineWhatsapp.find((m) => m.form.To === `whatsapp:${en.ownerPhone}`)!;
    expect(enWa.authorized).toBe(true);
    expect(enWa.form).toMatchObject({ From: FROM, ContentSid: SID_EN, StatusCallback: CALLBACK_URL });
    expect(JSON.parse(enWa.form.ContentVariables!)).toEqual({ "1": en.name, "2": `3 déc. 2026 ${en.id}`, "3": `http://localhost:3001/pay/${en.id}` });
    const frWa = mineWhatsapp.find((m) => m !== enWa)!;
    expect(frWa.form.ContentSid).toBe(SID_FR);
    expect(frWa.form.Body).toBeUndefined();

    const rows = await prisma.notification.findMany({ where: { instanceId: { in: [en.id, fr.id] } } });
    for (const row of rows) {
      expect(row).toMatchObject({ status: "SENT", attempts: 1, sentAt: now, lockedBy: null });
      expect(row.driver).toBe(row.channel === "EMAIL" ? "smtp" : "twilio");
    }
    expect(rows.find((r) => r.instanceId === en.id && r.channel === "WHATSAPP")!.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(rows.find((r) => r.instanceId === en.id && r.channel === "EMAIL")!.providerMessageId).toContain(rows.find((r) => r.instanceId === en.id && r.channel === "EMAIL")!.id);

    const again = await deliverDue({ now: new Date(now.getTime() + 3_600_000), limit: 50 });
    expect(again.claimed).toBe(0);
    expect(smtp.received.filter((m) => m.to[0] === en.ownerEmail)).toHaveLength(1);
    expect(fake.messages.filter((m) => m.form.To === `whatsapp:${en.ownerPhone}`)).toHaveLength(1);
  });

  it("prefers the Content SID stored with the template version over TWILIO_CONTENT_SIDS", async () => {
    const now = new Date("2026-12-02T08:00:00Z");
    const stored = twilioSid("HX");
    const version = 900 + Math.floor(Math.random() * 1000);
    await prisma.notificationTemplate.create({
      data: { key: "trial_ending", channel: "WHATSAPP", locale: "fr", version, bodyText: "Essai {{pharmacyName}} : {{paymentLink}}", contentSid: stored },
    });
    try {
      const instance = await createOwnerInstance({ locale: "fr" });
      await queueForInstance(prisma, { instanceId: instance.id, templateKey: "trial_ending", variables: trialVariables("x"), dedupeKey: `t:${instance.id}`, now, channels: ["WHATSAPP"] });
      await deliverDue({ now, limit: 50 });
      const sent = fake.messages.find((m) => m.form.To === `whatsapp:${instance.ownerPhone}`);
      expect(sent?.form.ContentSid).toBe(stored);
      expect((await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } })).templateVersion).toBe(version);
    } finally {
      await prisma.notificationTemplate.deleteMany({ where: { contentSid: stored } });
    }
  });

  it("refuses for good a WhatsApp template with no Content SID, naming the missing key", async () => {
    const now = new Date("2026-12-03T08:00:00Z");
    const instance = await createOwnerInstance({ locale: "en" });
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "refund_issued", variables: { amount: "€50.00", reason: "test" }, dedupeKey: `r:${instance.id}`, now, channels: ["WHATSAPP"] });
    await deliverDue({ now, limit: 50 });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, failedAt: now });
    expect(row.lastError).toContain("refund_issued:en");
    expect(fake.messages.filter((m) => m.form.To === `whatsapp:${instance.ownerPhone}`)).toHaveLength(0);
  });

  it("applies a delivery callback that arrived before the send was recorded", async () => {
    const now = new Date("2026-12-04T08:00:00Z");
    const instance = await createOwnerInstance({ locale: "fr" });
    const sid = twilioSid("SM");
    const early = await sendStatusCallback(twilioWebhook.POST, { url: CALLBACK_URL, authToken: fake.authToken, messageSid: sid, status: "delivered" });
    expect(early).toMatchObject({ status: 200, json: { outcome: "pending" } });
    fake.useSidNext(sid);
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "trial_ending", variables: trialVariables("y"), dedupeKey: `e:${instance.id}`, now, channels: ["WHATSAPP"] });
    await deliverDue({ now, limit: 50 });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(row).toMatchObject({ status: "DELIVERED", providerMessageId: sid, deliveredAt: now });
  });
});
