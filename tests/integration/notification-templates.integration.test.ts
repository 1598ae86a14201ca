import { beforeAll, describe, expect, it } from "vitest";
import * as templates from "@/app/api/admin/templates/route";
import * as template from "@/app/api/admin/templates/[key]/[channel]/[locale]/route";
import * as preview from "@/app/api/admin/templates/preview/route";
import { prisma } from "@/lib/db";
import { TEMPLATE_KEYS } from "@/lib/services/notifications/catalog";
import { queueForInstance } from "@/lib/services/notifications/queue";
import { seedDefaultTemplates } from "@/lib/services/notifications/templates.service";
import { setupConsole } from "@/lib/services/setup.service";
import { twilioSid } from "../fakes/twilio";
import { createAdminWithToken } from "../helpers/factories";
import { call } from "../helpers/http";
import { createOwnerInstance } from "../helpers/notifications";

/** Each template in two channels and two languages. */
const EVERY_TEMPLATE = TEMPLATE_KEYS.length * 2 * 2;

let superToken: string;
let supportToken: string;

beforeAll(async () => {
  superToken = (await createAdminWithToken("SUPER_ADMIN")).token;
  supportToken = (await createAdminWithToken("SUPPORT")).token;
});

const put = (key: string, channel: string, locale: string, body: unknown, token = superToken) =>
  call(template.PUT, "PUT", `/api/admin/templates/${key}/${channel}/${locale}`, { token, body, params: { key, channel, locale } });

describe("message templates", () => {
  it("seeds every template in both channels and languages as version 1, once, through setup", async () => {
    await setupConsole();
    expect(await prisma.notificationTemplate.count({ where: { version: 1 } })).toBe(EVERY_TEMPLATE);
    await setupConsole();
    expect(await seedDefaultTemplates()).toBe(0);
    expect(await prisma.notificationTemplate.count({ where: { version: 1 } })).toBe(EVERY_TEMPLATE);
    expect(await prisma.auditLog.count({ where: { action: "notification_template.seed" } })).toBe(1);
    const email = await prisma.notificationTemplate.findFirstOrThrow({ where: { key: "trial_ending", channel: "EMAIL", locale: "en", version: 1 } });
    expect(email.subject).toBe("Your AfrikaPharma trial ends on {{expiresAt}}");
  });

  it("lists the current templates for SUPPORT too", async () => {
    const res = await call(templates.GET, "GET", "/api/admin/templates", { token: supportToken });
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(EVERY_TEMPLATE);
    expect(res.json.data[0]).toMatchObject({ key: "welcome", channel: "EMAIL", locale: "fr", variables: expect.arrayContaining(["pharmacyName"]) });
  });

  it("saves an edit as a new version, audited, and queues new messages with it", async () => {
    const res = await put("payment_failed", "email", "fr", { subject: "Échec du paiement — {{pharmacyName}}", bodyText: "Bonjour {{ownerName}}, payez ici : {{paymentLink}}" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ key: "payment_failed", channel: "EMAIL", locale: "fr", version: 2, changed: true });
    const versions = await prisma.notificationTemplate.findMany({ where: { key: "payment_failed", channel: "EMAIL", locale: "fr" }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]!.subject).toBe("Paiement refusé pour {{pharmacyName}}");

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "notification_template.update", targetId: res.json.id } });
    expect(audit.before).toMatchObject({ version: 1, subject: "Paiement refusé pour {{pharmacyName}}" });
    expect(audit.after).toMatchObject({ version: 2, subject: "Échec du paiement — {{pharmacyName}}" });

    const unchanged = await put("payment_failed", "email", "fr", { subject: "Échec du paiement — {{pharmacyName}}", bodyText: "Bonjour {{ownerName}}, payez ici : {{paymentLink}}" });
    expect(unchanged.json).toMatchObject({ version: 2, changed: false });

    const instance = await createOwnerInstance({ locale: "fr" });
    await queueForInstance(prisma, { instanceId: instance.id, templateKey: "payment_failed", variables: { paymentLink: "http://localhost:3001/pay/z" }, dedupeKey: `p:${instance.id}`, now: new Date(), channels: ["EMAIL"] });
    const row = await prisma.notification.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(row).toMatchObject({ templateVersion: 2, subject: `Échec du paiement — ${instance.name}`, bodyText: `Bonjour ${instance.ownerName}, payez ici : http://localhost:3001/pay/z` });
  });

  it("refuses an unknown variable with 422 naming it, and writes nothing", async () => {
    const before = await prisma.notificationTemplate.count();
    const audits = await prisma.auditLog.count();
    const res = await put("trial_ending", "whatsapp", "en", { bodyText: "Hi {{pharmacyName}}, pay {{amountDue}} at {{paymentLink}}" });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.message).toContain("{{amountDue}}");
    expect(res.json.error.details).toEqual([expect.objectContaining({ path: "bodyText", message: expect.stringContaining("unknown variable {{amountDue}}") })]);
    expect(await prisma.notificationTemplate.count()).toBe(before);
    expect(await prisma.auditLog.count()).toBe(audits);
  });

  it("refuses an empty body, and an email without a subject, with 422", async () => {
    const empty = await put("welcome", "WHATSAPP", "fr", { bodyText: "   " });
    expect(empty.status).toBe(422);
    expect(empty.json.error.details).toEqual([{ path: "bodyText", message: "must not be empty" }]);
    const noSubject = await put("welcome", "EMAIL", "fr", { bodyText: "Bonjour {{ownerName}}" });
    expect(noSubject.status).toBe(422);
    expect(noSubject.json.error.details[0].path).toBe("subject");
    const missing = await put("welcome", "EMAIL", "fr", { subject: "x" });
    expect(missing.status).toBe(422);
  });

  it("keeps a WhatsApp Content SID across versions until it is cleared", async () => {
    const sid = twilioSid("HX");
    const first = await put("instance_reactivated", "whatsapp", "fr", { bodyText: "{{pharmacyName}} est active : {{instanceUrl}}", contentSid: sid });
    expect(first.json).toMatchObject({ contentSid: sid, changed: true });
    const second = await put("instance_reactivated", "whatsapp", "fr", { bodyText: "{{pharmacyName}} est de nouveau active : {{instanceUrl}}" });
    expect(second.json).toMatchObject({ contentSid: sid, version: first.json.version + 1 });
    const cleared = await put("instance_reactivated", "whatsapp", "fr", { bodyText: "{{pharmacyName}} est de nouveau active : {{instanceUrl}}", contentSid: null });
    expect(cleared.json.contentSid).toBeNull();
    expect((await put("instance_reactivated", "whatsapp", "fr", { bodyText: "x", contentSid: "HX123" })).status).toBe(422);
  });

  it("answers 404 for an unknown template, channel or locale, and 403 to SUPPORT", async () => {
    expect((await put("no_such_template", "email", "fr", { subject: "s", bodyText: "b" })).status).toBe(404);
    expect((await put("welcome", "sms", "fr", { subject: "s", bodyText: "b" })).status).toBe(404);
    expect((await put("welcome", "email", "de", { subject: "s", bodyText: "b" })).status).toBe(404);
    const forbidden = await put("welcome", "email", "fr", { subject: "s", bodyText: "b" }, supportToken);
    expect(forbidden.status).toBe(403);
  });

  it("previews a draft with sample data, and refuses a draft with an unknown variable", async () => {
    const res = await call(preview.POST, "POST", "/api/admin/templates/preview", {
      token: superToken,
      body: { key: "payment_succeeded", channel: "email", locale: "en", subject: "Paid: {{amount}}", bodyText: "Thanks {{ownerName}} <b>!</b>\n\nInvoice: {{invoiceLink}}" },
    });
    expect(res.status).toBe(200);
    expect(res.json.subject).toBe("Paid: €50.00");
    expect(res.json.text).toBe("Thanks Awa Diallo <b>!</b>\n\nInvoice: http://localhost:3001/factures/exemple");
    expect(res.json.html).toContain("Thanks Awa Diallo &lt;b&gt;!&lt;/b&gt;");
    expect(res.json.html).toContain('<a href="http://localhost:3001/factures/exemple"');

    const wa = await call(preview.POST, "POST", "/api/admin/templates/preview", { token: superToken, body: { key: "trial_ending", channel: "WHATSAPP", locale: "fr" } });
    expect(wa.json.contentVariables).toEqual({ "1": "Pharmacie du Plateau", "2": expect.any(String), "3": "http://localhost:3001/pay/exemple" });
    expect(wa.json.html).toBeNull();

    const bad = await call(preview.POST, "POST", "/api/admin/templates/preview", { token: superToken, body: { key: "welcome", channel: "EMAIL", locale: "fr", subject: "{{nope}}", bodyText: "x" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toContain("{{nope}}");
  });
});
