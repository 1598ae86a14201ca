import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { deliverDue, type DeliveryCounts } from "@/lib/services/notifications/deliver";
import { queueNotifications, recipientOf } from "@/lib/services/notifications/queue";
import { startSmtpFake, type SmtpFake } from "../fakes/smtp";
import { startTwilioFake, twilioSid, type TwilioFake } from "../fakes/twilio";
import { configureMessaging, createOwnerInstance } from "../helpers/notifications";

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
    WHATSAPP_DRIVER: "twilio",
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
    TWILIO_API_URL: fake.url,
    TWILIO_CONTENT_SIDS: JSON.stringify({ "welcome:fr": twilioSid("HX"), "welcome:en": twilioSid("HX") }),
  });
});

afterAll(async () => {
  await restore();
  await smtp.stop();
  await fake.close();
});

/** One worker: small batches until nothing is due. */
async function drain(workerId: string, now: Date): Promise<DeliveryCounts[]> {
  const batches: DeliveryCounts[] = [];
  for (let i = 0; i < 100; i++) {
    const counts = await deliverDue({ now, limit: 4, workerId });
    batches.push(counts);
    if (counts.claimed === 0) break;
  }
  return batches;
}

describe("two delivery workers at once", () => {
  it("send each message exactly once", async () => {
    const now = new Date("2027-02-01T10:00:00Z");
    const instances = await Promise.all(Array.from({ length: 24 }, (_, i) => createOwnerInstance({ locale: i % 2 ? "en" : "fr" })));
    await queueNotifications(
      prisma,
      instances.map((i) => ({ recipient: recipientOf(i), templateKey: "welcome" as const, variables: { plan: "Essai", trialEndsAt: "8 févr. 2027" }, dedupeKey: `welcome:${i.id}` })),
      now,
    );
    const ids = instances.map((i) => i.id);

    const [a, b] = await Promise.all([drain("worker-a", now), drain("worker-b", now)]);
    const claimedBy = (batches: DeliveryCounts[]) => batches.reduce((sum, c) => sum + c.claimed, 0);
    expect(claimedBy(a) + claimedBy(b)).toBe(48);
    expect(claimedBy(a)).toBeGreaterThan(0);
    expect(claimedBy(b)).toBeGreaterThan(0);

    const emails = smtp.received.filter((m) => instances.some((i) => i.ownerEmail === m.to[0]));
    expect(emails).toHaveLength(24);
    expect(new Set(emails.map((m) => m.headers["x-afrikapharma-notification"])).size).toBe(24);
    const whatsapps = fake.messages.filter((m) => instances.some((i) => `whatsapp:${i.ownerPhone}` === m.form.To));
    expect(whatsapps).toHaveLength(24);
    expect(new Set(whatsapps.map((m) => m.form.To)).size).toBe(24);

    const rows = await prisma.notification.findMany({ where: { instanceId: { in: ids } } });
    expect(rows).toHaveLength(48);
    expect(rows.every((r) => r.status === "SENT" && r.attempts === 1)).toBe(true);
  });
});
