import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { deliverUntilIdle } from "@/lib/services/notifications/deliver";
import { startSmtpFake, type SmtpFake } from "../fakes/smtp";
import { startTwilioFake, twilioSid, type TwilioFake } from "../fakes/twilio";
import { runDay } from "../helpers/billing";
import { ensurePlans, makeInstance } from "../helpers/instances";
import { configureMessaging } from "../helpers/notifications";

let smtp: SmtpFake;
let twilio: TwilioFake;
let restore: () => Promise<void>;
const SID = { fr: twilioSid("HX"), en: twilioSid("HX") };
const T0 = new Date("2029-05-01T00:00:00Z");

beforeAll(async () => {
  await ensurePlans();
  smtp = await startSmtpFake();
  twilio = await startTwilioFake();
  restore = await configureMessaging({
    EMAIL_DRIVER: "smtp",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    EMAIL_FROM: "AfrikaPharma <no-reply@afrikapharma.test>",
    WHATSAPP_DRIVER: "twilio",
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
    TWILIO_API_URL: twilio.url,
    TWILIO_CONTENT_SIDS: JSON.stringify({ "trial_ending:fr": SID.fr, "trial_ending:en": SID.en }),
  });
});

afterAll(async () => {
  await restore();
  await smtp.stop();
  await twilio.close();
});

describe("the daily job's reminders, delivered", () => {
  it("send exactly one email and one WhatsApp per subscription per window, in the owner's language, whatever the repeats", async () => {
    const fr = await makeInstance({ planType: "trial", locale: "fr", name: "Pharmacie Étoile", ownerPhone: "+243812000001" }, T0);
    const en = await makeInstance({ planType: "trial", locale: "en", name: "Star Pharmacy", ownerPhone: "+243812000002" }, T0);
    const d5 = addDays(T0, 5);
    // The job for D-2, run twice and concurrently, then delivery run by two workers at once.
    await Promise.all([runDay(d5), runDay(d5)]);
    await runDay(d5);
    await Promise.all([deliverUntilIdle({ now: d5, workerId: "w1" }), deliverUntilIdle({ now: d5, workerId: "w2" })]);

    const reminder = (m: { subject: string }) => /essai AfrikaPharma se termine|AfrikaPharma trial ends/.test(m.subject);
    const mails = smtp.received.filter((m) => reminder(m) && m.to.some((t) => t === fr.ownerEmail || t === en.ownerEmail));
    expect(mails).toHaveLength(2);
    const frMail = mails.find((m) => m.to.includes(fr.ownerEmail))!;
    const enMail = mails.find((m) => m.to.includes(en.ownerEmail))!;
    expect(frMail.subject).toBe("Votre essai AfrikaPharma se termine le 8 mai 2029");
    expect(frMail.text).toContain("L'essai gratuit de Pharmacie Étoile se termine le 8 mai 2029 (dans 2 jour(s))");
    expect(frMail.text).toMatch(/\/pay\/plk_[0-9a-f]{24}\./);
    expect(frMail.html).toContain("Pharmacie Étoile");
    expect(enMail.subject).toBe("Your AfrikaPharma trial ends on 8 May 2029");

    const reminderSids = new Set([SID.fr, SID.en]);
    const whatsapps = twilio.messages.filter((m) => reminderSids.has(m.form.ContentSid!) && (m.form.To === "whatsapp:+243812000001" || m.form.To === "whatsapp:+243812000002"));
    expect(whatsapps).toHaveLength(2);
    const frWa = whatsapps.find((m) => m.form.To === "whatsapp:+243812000001")!;
    expect(frWa.form.ContentSid).toBe(SID.fr);
    const vars = JSON.parse(frWa.form.ContentVariables!);
    expect(vars).toMatchObject({ "1": "Pharmacie Étoile", "2": "8 mai 2029" });
    expect(vars["3"]).toMatch(/\/pay\/plk_/);
    expect(whatsapps.find((m) => m.form.To === "whatsapp:+243812000002")!.form.ContentSid).toBe(SID.en);

    // The last day brings one more of each; D-2 is not sent again.
    const d6 = addDays(T0, 6);
    await runDay(d6);
    await deliverUntilIdle({ now: d6, workerId: "w3" });
    expect(smtp.received.filter((m) => reminder(m) && m.to.includes(fr.ownerEmail))).toHaveLength(2);
    expect(twilio.messages.filter((m) => reminderSids.has(m.form.ContentSid!) && m.form.To === "whatsapp:+243812000001")).toHaveLength(2);
    const rows = await prisma.notification.findMany({ where: { instanceId: fr.id, templateKey: "trial_ending" } });
    expect(rows.map((r) => r.status).sort()).toEqual(["SENT", "SENT", "SENT", "SENT"]);
  });
});
