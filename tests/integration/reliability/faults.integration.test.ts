/**
 * Faults everywhere at once, then invariants over the whole database. On the day the job renews
 * 16 subscriptions (8 on Stripe cards, 8 by AvadaPay mobile money) and expires 6 trials, every outside
 * service misbehaves — Stripe answers 500, resets and hangs; AvadaPay 503 and hangs; Vercel fails to
 * pause; Twilio answers 500; SMTP refuses — while a storm of duplicated, shuffled callbacks arrives,
 * and PostgreSQL itself is restarted in the middle of the run. Then the faults clear and the normal
 * machinery (a second call of the job, reconciliation, delivery, deployment sync) runs. Nothing may be
 * lost or doubled: no double charge, no missing success, one invoice per paid period, every message
 * sent exactly once, every suspended project paused, the audit chain intact.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/actor";
import { addDays, addMonths, isoDate } from "@/lib/clock";
import { disconnectDb, prisma } from "@/lib/db";
import { setDeployDriverForTests } from "@/lib/providers/deploy";
import { createVercelDriver } from "@/lib/providers/deploy/vercel";
import { resetMessageDrivers } from "@/lib/providers/messaging";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createAvadapayAdapter } from "@/lib/providers/payments/avadapay";
import { createStripeAdapter } from "@/lib/providers/payments/stripe";
import { verifyAuditChain } from "@/lib/services/audit-verify.service";
import { createInstance } from "@/lib/services/instance.service";
import { refreshProvisioning } from "@/lib/services/jobs/housekeeping";
import { runDailyJob } from "@/lib/services/jobs/daily-job";
import { deliverUntilIdle } from "@/lib/services/notifications/deliver";
import { TEMPLATE_KEYS } from "@/lib/services/notifications/catalog";
import { seedDefaultTemplates } from "@/lib/services/notifications/templates.service";
import { ingestPaymentWebhook } from "@/lib/services/payment-webhooks";
import { initiatePayment } from "@/lib/services/payment.service";
import { seedPlans } from "@/lib/services/plan.service";
import { reconcilePayments } from "@/lib/services/reconcile.service";
import { instancesOutOfSync, syncDeployments } from "@/lib/services/vercel.service";
import { startEphemeralPostgres } from "../../../scripts/lib/embedded-postgres";
import { applyMigrations } from "../../../scripts/lib/schema-engine";
import { startAvadapayFake, type AvadapayFake } from "../../fakes/avadapay";
import type { SignedDelivery } from "../../fakes/loopback";
import { invoiceNumberingProblems } from "../../helpers/payments";
import { startSmtpFake, type SmtpFake } from "../../fakes/smtp";
import { startStripeFake, type StripeFake } from "../../fakes/stripe";
import { startTwilioFake, twilioSid, type TwilioFake } from "../../fakes/twilio";
import { startVercelFake, type VercelFake } from "../../fakes/vercel";
import { uid } from "../../helpers/factories";
import { configureEnv } from "../../helpers/payments";

const actor = systemActor("faults test");
let cluster: Awaited<ReturnType<typeof startEphemeralPostgres>>;
let base: string;
let stripe: StripeFake;
let avadapay: AvadapayFake;
let vercel: VercelFake;
let twilio: TwilioFake;
let smtp: SmtpFake;
const ids = { stripe: [] as string[], avadapay: [] as string[], trials: [] as string[] };
const T0 = new Date();
const D = addDays(addMonths(T0, 1), -1);

const headers = (d: SignedDelivery) => new Headers(d.headers);

/** Follows the deployments (as the 10-minute cron does) until every instance is active. */
async function activate(now: Date) {
  const ctx = { runDate: isoDate(now), now, actor, batchSize: 100, deadline: Date.now() + 60_000, reminderWindowDays: 2, clock: Date.now };
  for (let i = 0; i < 10 && (await prisma.instance.count({ where: { status: "PROVISIONING" } })) > 0; i += 1) await refreshProvisioning(ctx);
  expect(await prisma.instance.count({ where: { status: { not: "ACTIVE" } } })).toBe(0);
}

beforeAll(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), "afp-faults-"));
  await fs.chmod(base, 0o777);
  cluster = await startEphemeralPostgres({ baseDir: path.join(base, "data"), password: "faults", durable: true });
  const admin = new pg.Client({ connectionString: cluster.url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE faults`);
  await admin.end();
  await applyMigrations(cluster.url("faults"));
  [stripe, avadapay, vercel, twilio, smtp] = await Promise.all([startStripeFake(), startAvadapayFake(), startVercelFake({ token: "vt", webhookSecret: "vw" }), startTwilioFake(), startSmtpFake()]);
  await disconnectDb();
  const sids = Object.fromEntries(TEMPLATE_KEYS.flatMap((key) => ["fr", "en"].map((locale) => [`${key}:${locale}`, twilioSid("HX")])));
  configureEnv({
    DATABASE_URL: cluster.url("faults"),
    TENANT_DATABASE_URL: cluster.url("postgres"),
    CDF_PER_EUR: "2900",
    PAYMENT_PROVIDERS: "sandbox,stripe,avadapay",
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_URL: stripe.url,
    AVADAPAY_API_KEY: avadapay.apiKey,
    AVADAPAY_MERCHANT_ID: avadapay.merchantId,
    AVADAPAY_WEBHOOK_SECRET: avadapay.webhookSecret,
    AVADAPAY_API_URL: avadapay.url,
    EMAIL_DRIVER: "smtp",
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(smtp.port),
    WHATSAPP_DRIVER: "twilio",
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_WHATSAPP_FROM: "whatsapp:+14155238886",
    TWILIO_API_URL: twilio.url,
    TWILIO_CONTENT_SIDS: JSON.stringify(sids),
  });
  await resetMessageDrivers();
  setPaymentAdapterForTests("STRIPE", createStripeAdapter({ secretKey: stripe.secretKey, webhookSecret: stripe.webhookSecret, apiUrl: stripe.url, timeoutMs: 700 }));
  setPaymentAdapterForTests("AVADAPAY", createAvadapayAdapter({ apiKey: avadapay.apiKey, merchantId: avadapay.merchantId, webhookSecret: avadapay.webhookSecret, apiUrl: avadapay.url, timeoutMs: 700 }));
  setDeployDriverForTests(createVercelDriver({ token: "vt", templateRepo: "afrikapharma/pharmacy-app", webhookSecret: "vw", apiUrl: vercel.url, timeoutMs: 700 }));
  await seedPlans(prisma, { CDF: 2900 });
  await seedDefaultTemplates();

  const make = async (country: string, planType: "monthly" | "trial", now: Date) =>
    (await createInstance({ request: { name: `Pharmacie ${uid(6)}`, subdomain: `ft-${uid(10)}`, ownerEmail: `o-${uid(8)}@faults.afp`, ownerPhone: `+24381${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`, country, locale: "fr", planType }, actor, now })).id;
  for (let i = 0; i < 8; i += 1) ids.stripe.push(await make("FR", "monthly", T0));
  for (let i = 0; i < 8; i += 1) ids.avadapay.push(await make("CD", "monthly", T0));
  for (let i = 0; i < 6; i += 1) ids.trials.push(await make("SN", "trial", addDays(D, -7)));
  await activate(T0);
  // First payments: Stripe Checkout completed by the payer; AvadaPay pushes approved on the phone.
  for (const id of ids.stripe) {
    const started = await initiatePayment({ request: { instanceId: id, paymentMethod: "stripe", planType: "monthly", saveMethod: true }, actor, now: T0, initiatedBy: "admin" });
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: started.paymentId } });
    const delivery = stripe.completeCheckout(payment.providerReference!).delivery("checkout.session.completed");
    await ingestPaymentWebhook("STRIPE", delivery.payload, headers(delivery), T0);
  }
  for (const id of ids.avadapay) {
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id } });
    const started = await initiatePayment({ request: { instanceId: id, paymentMethod: "avadapay", planType: "monthly", phone: instance.ownerPhone!, saveMethod: true }, actor, now: T0, initiatedBy: "admin" });
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: started.paymentId } });
    const delivery = avadapay.approve(payment.providerReference!);
    await ingestPaymentWebhook("AVADAPAY", delivery.payload, headers(delivery), T0);
  }
  // One Stripe card will decline its renewal.
  const declining = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: ids.stripe[0] }, include: { defaultPaymentMethod: true } });
  stripe.setCardBehavior(declining.defaultPaymentMethod!.externalMethodId!, "decline");
}, 240_000);

afterAll(async () => {
  setDeployDriverForTests(undefined);
  setPaymentAdapterForTests("STRIPE", undefined);
  setPaymentAdapterForTests("AVADAPAY", undefined);
  await disconnectDb();
  await Promise.all([stripe?.close(), avadapay?.close(), vercel?.close(), twilio?.close(), smtp?.stop()]);
  await cluster?.stop();
  await fs.rm(base, { recursive: true, force: true });
});

describe("faults during the daily job and a webhook storm", () => {
  it("lose and double nothing", async () => {
    const paid = await prisma.payment.count({ where: { status: "SUCCEEDED" } });
    expect(paid).toBe(16);

    // ── The bad day ────────────────────────────────────────────────────────────────────────────
    stripe.injectFault({ method: "POST", path: "/v1/payment_intents" }, "500", 2);
    stripe.injectFault({ method: "POST", path: "/v1/payment_intents" }, "reset", 2);
    stripe.injectFault({ method: "POST", path: "/v1/payment_intents" }, { kind: "hang", afterProcessing: true }, 1);
    avadapay.injectFault({ method: "POST", path: "/v1/payments" }, "503", 2);
    avadapay.injectFault({ method: "POST", path: "/v1/payments" }, { kind: "hang", afterProcessing: true }, 1);
    vercel.failNext("POST", "/v1/projects/*/pause", { times: 3, status: 500 });
    vercel.failNext("POST", "/v1/projects/*/pause", { times: 1, hangMs: 2_000 });
    twilio.failNext({ status: 500, code: 20500, message: "Internal error" }, 5);
    smtp.tempfail = true;

    let stormDone = false;
    const storm = (async () => {
      // AvadaPay callbacks as the payers approve, each delivered three times, out of order.
      const seen = new Set<string>();
      while (!stormDone) {
        const fresh = [...avadapay.transactions.values()].filter((t) => t.status === "PENDING" && !seen.has(t.transaction_id));
        const deliveries: SignedDelivery[] = [];
        for (const tx of fresh) {
          seen.add(tx.transaction_id);
          const callback = avadapay.approve(tx.transaction_id);
          deliveries.push(callback, callback, callback);
        }
        deliveries.sort(() => Math.random() - 0.5);
        await Promise.all(deliveries.map((d) => ingestPaymentWebhook("AVADAPAY", d.payload, headers(d), D).catch(() => undefined)));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const restart = (async () => {
      // PostgreSQL restarts once the job has started charging.
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && (await prisma.payment.count({ where: { purpose: "RENEWAL" } }).catch(() => 0)) === 0) await new Promise((r) => setTimeout(r, 20));
      await cluster.restart();
    })();
    const first = await runDailyJob({ runDate: isoDate(D), now: D, trigger: "test" }).catch((error: Error) => ({ status: `threw: ${error.message.slice(0, 80)}` }));
    await restart;
    await deliverUntilIdle({ now: D, workerId: "bad-day" }).catch(() => undefined);
    console.log(`faults: first run (PostgreSQL restarted meanwhile) → ${first.status}`);

    // ── Recovery: the ordinary machinery, faults cleared ───────────────────────────────────────
    stripe.clearFaults();
    avadapay.clearFaults();
    smtp.tempfail = false;
    let status = "";
    for (let attempt = 0; attempt < 3 && status !== "SUCCEEDED" && status !== "already_done"; attempt += 1) {
      status = (await runDailyJob({ runDate: isoDate(D), now: D, trigger: "test" })).status;
    }
    expect(["SUCCEEDED", "already_done"]).toContain(status);
    const later = new Date(D.getTime() + 3_600_000);
    await reconcilePayments({ now: later, actor });
    await new Promise((r) => setTimeout(r, 300));
    stormDone = true;
    await storm;
    // Pushes still waiting (sent after the storm stopped) are approved now.
    for (const tx of [...avadapay.transactions.values()].filter((t) => t.status === "PENDING")) {
      const d = avadapay.approve(tx.transaction_id);
      await ingestPaymentWebhook("AVADAPAY", d.payload, headers(d), later);
    }
    await reconcilePayments({ now: new Date(later.getTime() + 3_600_000), actor });
    await syncDeployments(await instancesOutOfSync(100), later);
    for (let hour = 2; hour < 30; hour += 1) await deliverUntilIdle({ now: new Date(D.getTime() + hour * 3_600_000), workerId: `recovery-${hour}` });

    // ── Invariants ─────────────────────────────────────────────────────────────────────────────
    const renewals = await prisma.payment.findMany({ where: { purpose: "RENEWAL" }, include: { invoice: true } });
    const pending = renewals.filter((p) => p.status === "PENDING");
    expect(pending, "no renewal left pending").toEqual([]);
    // Every subscription renewed once — except the declining card, which failed once.
    for (const id of [...ids.stripe.slice(1), ...ids.avadapay]) {
      const mine = renewals.filter((p) => p.instanceId === id && p.status === "SUCCEEDED");
      expect(mine, `one successful renewal for ${id}`).toHaveLength(1);
      expect(mine[0]!.invoice).toBeTruthy();
    }
    expect(renewals.filter((p) => p.instanceId === ids.stripe[0] && p.status === "FAILED")).toHaveLength(1);
    // No double charge at the providers, no success missing in our records.
    const charged = new Map<string, number>();
    for (const intent of stripe.store.intents.values()) {
      if (intent.status === "succeeded" && intent.metadata?.paymentId) charged.set(intent.metadata.paymentId, (charged.get(intent.metadata.paymentId) ?? 0) + 1);
    }
    for (const [paymentId, n] of charged) expect(n, `Stripe charged ${paymentId} once`).toBe(1);
    const approved = [...avadapay.transactions.values()].filter((t) => t.status === "SUCCEEDED");
    const byPayment = new Map<string, number>();
    for (const t of approved) byPayment.set(t.reference, (byPayment.get(t.reference) ?? 0) + 1);
    for (const [paymentId, n] of byPayment) expect(n, `AvadaPay took ${paymentId} once`).toBe(1);
    const succeededIds = new Set((await prisma.payment.findMany({ where: { status: "SUCCEEDED" }, select: { id: true } })).map((p) => p.id));
    for (const paymentId of [...charged.keys(), ...byPayment.keys()]) expect(succeededIds.has(paymentId), `success of ${paymentId} recorded`).toBe(true);
    // One invoice per paid period, numbered without gaps in each year (the renewals a month after
    // today fall in the next year when the suite runs in December).
    const invoices = await prisma.invoice.findMany({ select: { year: true } });
    expect(invoices).toHaveLength(succeededIds.size);
    expect(await invoiceNumberingProblems()).toEqual([]);
    // Trials expired and suspended, their projects paused at Vercel.
    for (const id of ids.trials) {
      const instance = await prisma.instance.findUniqueOrThrow({ where: { id } });
      expect(instance.status).toBe("SUSPENDED");
      expect(vercel.project(`afp-${instance.subdomain}`)!.paused).toBe(true);
    }
    for (const id of [...ids.stripe, ...ids.avadapay]) {
      const instance = await prisma.instance.findUniqueOrThrow({ where: { id } });
      expect(instance.status).toBe("ACTIVE");
      expect(vercel.project(`afp-${instance.subdomain}`)!.paused).toBe(false);
    }
    // Every message out exactly once.
    const left = await prisma.notification.count({ where: { status: { in: ["QUEUED", "SENDING"] } } });
    expect(left, "no message left behind").toBe(0);
    const sentEmails = await prisma.notification.findMany({ where: { channel: "EMAIL", status: { in: ["SENT", "DELIVERED"] } } });
    const receivedIds = smtp.received.map((m) => m.headers["message-id"]);
    expect(new Set(receivedIds).size, "no email twice").toBe(receivedIds.length);
    expect(smtp.received.length).toBe(sentEmails.length);
    const sentWhatsapps = await prisma.notification.findMany({ where: { channel: "WHATSAPP", status: { in: ["SENT", "DELIVERED"] } } });
    expect(twilio.messages.length).toBe(sentWhatsapps.length);
    expect(new Set(sentWhatsapps.map((n) => n.providerMessageId)).size).toBe(sentWhatsapps.length);
    // The audit chain survived the restart.
    expect((await verifyAuditChain()).problems).toEqual([]);
    const run = await prisma.jobRun.findFirstOrThrow({ where: { runDate: new Date(`${isoDate(D)}T00:00:00Z`) } });
    console.log(`faults: run ${run.status} after ${run.attempts} call(s); ${renewals.length} renewal payments, ${invoices.length} invoices, ${smtp.received.length} emails, ${twilio.messages.length} WhatsApp messages`);
  }, 240_000);
});
