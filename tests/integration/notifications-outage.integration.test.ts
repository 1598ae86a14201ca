import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { resetMessageDrivers } from "@/lib/providers/messaging";
import { LOCK_TIMEOUT_MS } from "@/lib/services/notifications/backoff";
import { deliverDue } from "@/lib/services/notifications/deliver";
import { queueForInstance } from "@/lib/services/notifications/queue";
import { claimDue } from "@/lib/services/notifications/store";
import { startSmtpFake, type SmtpFake } from "../fakes/smtp";
import { startTwilioFake, twilioSid, type TwilioFake } from "../fakes/twilio";
import { configureMessaging, createOwnerInstance } from "../helpers/notifications";

const MINUTE = 60_000;
const noJitter = () => 0.5;
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
    TWILIO_CONTENT_SIDS: JSON.stringify({ "payment_failed:fr": twilioSid("HX") }),
  });
});

afterAll(async () => {
  await restore();
  await smtp.stop();
  await fake.close();
});

beforeEach(async () => {
  smtp.rejectRecipients = undefined;
  smtp.tempfail = false;
  // A fresh SMTP pool per test: a connection kept open by the previous one would skip the greeting.
  await resetMessageDrivers();
});

/** A logger whose lines are kept, to check what reaches the logs. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  return { log: pino({ level: "info" }, stream), text: () => lines.join("") };
}

async function queueFor(instanceId: string, now: Date, channels: ("EMAIL" | "WHATSAPP")[]) {
  await queueForInstance(prisma, {
    instanceId,
    templateKey: "payment_failed",
    variables: { amount: "50,00 €", plan: "Mensuel", reason: "refusé", paymentLink: "http://localhost:3001/pay/x", attemptsLeft: "2" },
    dedupeKey: `payment:${instanceId}:${now.getTime()}`,
    now,
    channels,
  });
}

describe("delivery when a provider fails", () => {
  it("loses nothing while SMTP is down for 10 minutes and sends everything once it is back", async () => {
    const t0 = new Date("2027-01-10T09:00:00Z");
    const instances = await Promise.all([1, 2, 3].map(() => createOwnerInstance()));
    for (const i of instances) await queueFor(i.id, t0, ["EMAIL"]);
    const ids = instances.map((i) => i.id);

    await resetMessageDrivers();
    await smtp.stop();
    for (let minute = 0; minute <= 10; minute++) {
      await deliverDue({ now: new Date(t0.getTime() + minute * MINUTE), limit: 50, random: noJitter });
    }
    const waiting = await prisma.notification.findMany({ where: { instanceId: { in: ids } } });
    expect(waiting).toHaveLength(3);
    for (const row of waiting) {
      // Attempts at 0, 1, 2, 4 and 8 minutes (30 s · 2^n, polled each minute); the next is due at 16.
      expect(row).toMatchObject({ status: "QUEUED", attempts: 5, sentAt: null, failedAt: null });
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(row.nextAttemptAt).toEqual(new Date(t0.getTime() + 16 * MINUTE));
    }

    await smtp.start();
    expect((await deliverDue({ now: new Date(t0.getTime() + 12 * MINUTE), limit: 50, random: noJitter })).claimed).toBe(0);
    await deliverDue({ now: new Date(t0.getTime() + 16 * MINUTE), limit: 50, random: noJitter });
    const sent = await prisma.notification.findMany({ where: { instanceId: { in: ids } } });
    expect(sent.map((r) => [r.status, r.attempts])).toEqual([["SENT", 6], ["SENT", 6], ["SENT", 6]]);
    for (const i of instances) expect(smtp.received.filter((m) => m.to[0] === i.ownerEmail)).toHaveLength(1);
  });

  it("retries while the server answers 421 and gives up as FAILED after max attempts", async () => {
    const t0 = new Date("2027-01-11T09:00:00Z");
    const instance = await createOwnerInstance();
    await queueFor(instance.id, t0, ["EMAIL"]);
    await prisma.notification.updateMany({ where: { instanceId: instance.id }, data: { maxAttempts: 3 } });
    smtp.tempfail = true;
    for (let minute = 0; minute <= 30; minute++) await deliverDue({ now: new Date(t0.getTime() + minute * MINUTE), limit: 50, random: noJitter });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 3 });
    expect(row.lastError).toMatch(/^Gave up after 3 attempts — .*421/);
    expect(smtp.received.filter((m) => m.to[0] === instance.ownerEmail)).toHaveLength(0);
  });

  it("marks a bad mailbox (550) FAILED at once with the reason and never tries it again", async () => {
    const t0 = new Date("2027-01-12T09:00:00Z");
    const instance = await createOwnerInstance({ email: `bounce-${Date.now()}@test.afp` });
    smtp.rejectRecipients = /^bounce-/;
    await queueFor(instance.id, t0, ["EMAIL"]);
    const logs = capturingLogger();
    expect(await deliverDue({ now: t0, limit: 50, log: logs.log })).toMatchObject({ failed: 1, retried: 0 });
    expect(logs.text()).toMatch(/notification failed: .*550/);
    expect(logs.text()).not.toContain(instance.ownerEmail);
    for (let hour = 1; hour <= 3; hour++) await deliverDue({ now: new Date(t0.getTime() + hour * 60 * MINUTE), limit: 50 });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 1, failedAt: t0, driver: "smtp" });
    expect(row.lastError).toMatch(/550.*mailbox unavailable/i);
  });

  it("fails an invalid WhatsApp number (Twilio 21211) at once and retries a Twilio 503", async () => {
    const t0 = new Date("2027-01-13T09:00:00Z");
    const [invalid, flaky] = await Promise.all([createOwnerInstance(), createOwnerInstance()]);
    await queueFor(invalid.id, t0, ["WHATSAPP"]);
    fake.failNext({ status: 400, code: 21211, message: `The 'To' number whatsapp:${invalid.ownerPhone} is not a valid phone number.` });
    const logs = capturingLogger();
    await deliverDue({ now: t0, limit: 50, log: logs.log });
    expect(logs.text()).toContain("21211");
    expect(logs.text()).not.toContain(invalid.ownerPhone!);
    await queueFor(flaky.id, t0, ["WHATSAPP"]);
    fake.failNext({ status: 503, code: 20503, message: "Service unavailable" });
    await deliverDue({ now: t0, limit: 50, random: noJitter });

    const bad = await prisma.notification.findFirstOrThrow({ where: { instanceId: invalid.id } });
    expect(bad).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(bad.lastError).toContain("21211");
    const retrying = await prisma.notification.findFirstOrThrow({ where: { instanceId: flaky.id } });
    expect(retrying).toMatchObject({ status: "QUEUED", attempts: 1, nextAttemptAt: new Date(t0.getTime() + 30_000) });

    await deliverDue({ now: new Date(t0.getTime() + 30_000), limit: 50 });
    expect(await prisma.notification.findFirstOrThrow({ where: { instanceId: flaky.id } })).toMatchObject({ status: "SENT", attempts: 2 });
    expect(await deliverDue({ now: new Date(t0.getTime() + 10 * 60 * MINUTE), limit: 50 })).toMatchObject({ claimed: 0 });
    expect(fake.messages.filter((m) => m.form.To === `whatsapp:${flaky.ownerPhone}`)).toHaveLength(1);
    expect(fake.messages.filter((m) => m.form.To === `whatsapp:${invalid.ownerPhone}`)).toHaveLength(0);
  });

  it("takes over a row whose worker died mid-send, after the lock timeout", async () => {
    const t0 = new Date("2027-01-14T09:00:00Z");
    const instance = await createOwnerInstance();
    await queueFor(instance.id, t0, ["EMAIL"]);
    const claimed = await claimDue({ now: t0, staleBefore: new Date(t0.getTime() - LOCK_TIMEOUT_MS), limit: 100, workerId: "dead-worker" });
    expect(claimed.some((r) => r.recipient === instance.ownerEmail)).toBe(true);

    expect((await deliverDue({ now: new Date(t0.getTime() + LOCK_TIMEOUT_MS - MINUTE), limit: 50 })).claimed).toBe(0);
    const later = new Date(t0.getTime() + LOCK_TIMEOUT_MS + MINUTE);
    expect(await deliverDue({ now: later, limit: 50 })).toMatchObject({ reclaimed: 1, sent: 1 });
    expect(await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } })).toMatchObject({ status: "SENT", attempts: 2, lockedBy: null });
  });

  it("marks FAILED a row abandoned on its last attempt instead of sending it again", async () => {
    const t0 = new Date("2027-01-15T09:00:00Z");
    const instance = await createOwnerInstance();
    await queueFor(instance.id, t0, ["EMAIL"]);
    await prisma.notification.updateMany({ where: { instanceId: instance.id }, data: { maxAttempts: 1 } });
    await claimDue({ now: t0, staleBefore: new Date(t0.getTime() - LOCK_TIMEOUT_MS), limit: 100, workerId: "dead-worker" });
    expect(await deliverDue({ now: new Date(t0.getTime() + LOCK_TIMEOUT_MS + MINUTE), limit: 50 })).toMatchObject({ abandoned: 1, claimed: 0 });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toMatch(/interrupted/);
    expect(smtp.received.filter((m) => m.to[0] === instance.ownerEmail)).toHaveLength(0);
  });
});
