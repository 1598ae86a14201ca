import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as twilioWebhook from "@/app/api/webhooks/twilio/route";
import { prisma } from "@/lib/db";
import { sendStatusCallback, twilioSid } from "../fakes/twilio";
import { uid } from "../helpers/factories";
import { configureMessaging, createOwnerInstance } from "../helpers/notifications";

const URL = "http://localhost:3001/api/webhooks/twilio";
const AUTH_TOKEN = `token-${uid(16)}`;
let restore: () => Promise<void>;

beforeAll(async () => {
  restore = await configureMessaging({ TWILIO_AUTH_TOKEN: AUTH_TOKEN });
});
afterAll(async () => restore());

async function sentWhatsapp() {
  const instance = await createOwnerInstance();
  const sid = twilioSid("SM");
  const row = await prisma.notification.create({
    data: {
      instanceId: instance.id,
      channel: "WHATSAPP",
      templateKey: "welcome",
      locale: "fr",
      recipient: instance.ownerPhone!,
      bodyText: "Bienvenue",
      status: "SENT",
      attempts: 1,
      driver: "twilio",
      providerMessageId: sid,
      sentAt: new Date(),
      dedupeKey: `welcome:${instance.id}:WHATSAPP`,
    },
  });
  return { row, sid };
}

const status = async (id: string) => (await prisma.notification.findUniqueOrThrow({ where: { id } })).status;

describe("Twilio status callbacks", () => {
  it("answers 403 to a callback signed with another token, or unsigned, and changes nothing", async () => {
    const { row, sid } = await sentWhatsapp();
    const forged = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, signWith: "not-the-token", messageSid: sid, status: "delivered" });
    expect(forged.status).toBe(403);
    expect(forged.json.error.code).toBe("forbidden");
    const unsigned = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, unsigned: true, messageSid: sid, status: "delivered" });
    expect(unsigned.status).toBe(403);
    expect(await status(row.id)).toBe("SENT");
    expect(await prisma.webhookEvent.count({ where: { provider: "twilio", eventId: { startsWith: sid } } })).toBe(0);
  });

  it("answers 403 to a signature computed for another URL", async () => {
    const { row, sid } = await sentWhatsapp();
    const res = await sendStatusCallback(twilioWebhook.POST, { url: "http://localhost:3001/api/webhooks/twilio?x=1", authToken: AUTH_TOKEN, messageSid: sid, status: "delivered" });
    expect(res.status).toBe(403);
    expect(await status(row.id)).toBe("SENT");
  });

  it("marks the message DELIVERED, once, however often Twilio repeats it", async () => {
    const { row, sid } = await sentWhatsapp();
    const first = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, messageSid: sid, status: "delivered" });
    expect(first).toMatchObject({ status: 200, json: { outcome: "applied" } });
    const deliveredAt = (await prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).deliveredAt;
    expect(deliveredAt).not.toBeNull();
    const again = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, messageSid: sid, status: "delivered" });
    expect(again).toMatchObject({ status: 200, json: { outcome: "duplicate" } });
    expect(await prisma.webhookEvent.count({ where: { provider: "twilio", eventId: `${sid}:delivered` } })).toBe(1);
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).deliveredAt).toEqual(deliveredAt);
  });

  it("never moves a DELIVERED message back on late 'sent' or 'undelivered' callbacks", async () => {
    const { row, sid } = await sentWhatsapp();
    await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, messageSid: sid, status: "delivered" });
    for (const late of ["sent", "undelivered", "failed", "queued"]) {
      const res = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, messageSid: sid, status: late, errorCode: "30008" });
      expect(res.json.outcome).toBe("unchanged");
    }
    const final = await prisma.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(final).toMatchObject({ status: "DELIVERED", failedAt: null, lastError: null });
  });

  it("marks an undelivered message FAILED with Twilio's error code", async () => {
    const { row, sid } = await sentWhatsapp();
    const res = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, messageSid: sid, status: "undelivered", errorCode: "63016" });
    expect(res.json.outcome).toBe("applied");
    const failed = await prisma.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed.status).toBe("FAILED");
    expect(failed.lastError).toBe("WhatsApp undelivered (Twilio error 63016)");
  });

  it("answers 422 to a signed callback without MessageStatus", async () => {
    const sid = twilioSid("SM");
    const res = await sendStatusCallback(twilioWebhook.POST, { url: URL, authToken: AUTH_TOKEN, messageSid: sid, status: "" });
    expect(res.status).toBe(422);
  });
});
