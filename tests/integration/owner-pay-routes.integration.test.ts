import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as payPage from "@/app/(owner)/pay/[token]/route";
import * as newLink from "@/app/(owner)/pay/[token]/nouveau-lien/route";
import * as resultPage from "@/app/(owner)/pay/result/[paymentId]/route";
import * as statusRoute from "@/app/(owner)/pay/result/[paymentId]/status/route";
import * as invoicePage from "@/app/(owner)/factures/[token]/route";
import { prisma } from "@/lib/db";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createSandboxAdapter } from "@/lib/providers/payments/sandbox";
import { createPaymentLink, resolvePaymentLink } from "@/lib/services/payment-link.service";
import { priceOf, updatePlanPrice } from "@/lib/services/plan.service";
import { call } from "../helpers/http";
import { makeInstance, testActor } from "../helpers/instances";
import { page, visible } from "../helpers/owners";

// The sandbox approves a mobile-money push 3 s after it is sent; its clock is moved by hand here.
let skewMs = 0;
beforeAll(() => setPaymentAdapterForTests("SANDBOX", createSandboxAdapter(() => Date.now() + skewMs)));
afterAll(() => setPaymentAdapterForTests("SANDBOX", undefined));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const plain = (text: string) => visible(text).replace(/[\u202f\u00a0]/g, " ");
const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;

async function linkFor(instanceId: string) {
  const link = await createPaymentLink({ instanceId, request: { purpose: "RENEW", ttlDays: 7 }, actor: testActor, now: new Date() });
  return { ...link, token: tokenOf(link.url) };
}

const open = (token: string, options: { cookie?: string } = {}) => page(payPage.GET, "GET", `/pay/${token}`, { params: { token }, ...options });
const pay = (token: string, form: Record<string, string>, cookie?: string) =>
  page(payPage.POST, "POST", `/pay/${token}`, { params: { token }, form: { nonce: crypto.randomUUID(), ...form }, cookie });
const result = (paymentId: string, cookie?: string) => page(resultPage.GET, "GET", `/pay/result/${paymentId}`, { params: { paymentId }, cookie });
const cookieOf = (cookies: string[]) => cookies.map((c) => c.split(";")[0]).join("; ");

describe("the payment page", () => {
  it("offers the three plans at the database's price in the owner's currency, the annual saving, and the configured methods only", async () => {
    const instance = await makeInstance({ country: "SN" });
    const { token } = await linkFor(instance.id);
    const before = await priceOf("MONTHLY", "XOF");
    await updatePlanPrice({ code: "MONTHLY", currency: "XOF", amountMinor: 30_000, actor: testActor });
    try {
      const res = await open(token);
      expect(res.status).toBe(200);
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const text = plain(res.text);
      expect(text).toContain(`Abonnement de ${instance.name}`);
      expect(text).toMatch(/Mensuel 30 000 F ?CFA par mois/);
      expect(text).toMatch(/Annuel 295 181 F ?CFA par an Économisez 64 819 F ?CFA \(18 %\)/);
      expect(text).toMatch(/À vie 655 957 F ?CFA une seule fois/);
      expect(text).toContain("Mobile money");
      expect(text).toContain("Numéro de carte de test");
      expect(text).not.toContain("Stripe");
      expect(text).toContain("Mode test : aucun argent réel n'est encaissé.");
      expect(res.text).not.toContain('name="amount"');
      expect(res.text).not.toMatch(/<script/);
    } finally {
      await updatePlanPrice({ code: "MONTHLY", currency: "XOF", amountMinor: before, actor: testActor });
    }
  });

  it("charges the plan's price whatever the form says: approve on the phone, live status, then the receipt and the invoice", async () => {
    const instance = await makeInstance({ country: "SN" });
    const { token } = await linkFor(instance.id);
    const started = await pay(token, { plan: "annual", method: "mobile_money", phone: "+221 77 123 45 67", amount: "1" });
    expect(started.status).toBe(303);
    const paymentId = started.location!.split("/").pop()!;
    expect(started.location).toBe(`/pay/result/${paymentId}`);
    const cookie = cookieOf(started.cookies);
    expect(started.cookies[0]).toMatch(new RegExp(`Path=/pay/result/${paymentId}; .*HttpOnly; SameSite=Lax`));
    const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(payment).toMatchObject({ status: "PENDING", amountMinor: await priceOf("ANNUAL", "XOF"), currency: "XOF", planCode: "ANNUAL", payerPhone: "+221771234567", provider: "SANDBOX", initiatedBy: "owner" });

    const waiting = await result(paymentId, cookie);
    expect(plain(waiting.text)).toContain("Approuvez le paiement sur votre téléphone");
    expect(plain(waiting.text)).toContain("+221***67");
    expect(waiting.text).toContain('<noscript><meta http-equiv="refresh" content="5"/></noscript>');
    expect(waiting.text).toContain(`data-status-url="/pay/result/${paymentId}/status"`);
    expect((await call(statusRoute.GET, "GET", `/pay/result/${paymentId}/status`, { params: { paymentId } })).json).toMatchObject({ status: "PENDING", final: false });

    skewMs += 3_500;
    await sleep(2_100);
    const status = await call(statusRoute.GET, "GET", `/pay/result/${paymentId}/status`, { params: { paymentId } });
    expect(status.json).toEqual({ paymentId, status: "SUCCEEDED", final: true });

    const receipt = await result(paymentId, cookie);
    const text = plain(receipt.text);
    expect(text).toContain("Paiement reçu, merci !");
    expect(text).toMatch(/Montant payé 295 181 F ?CFA/);
    const invoicePath = /href="(\/factures\/[^"]+)"/.exec(receipt.text)![1]!;
    const pdf = await page(invoicePage.GET, "GET", invoicePath, { params: { token: invoicePath.split("/").pop()! } });
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/^attachment; filename="AFP-\d{4}-\d{6}\.pdf"$/);
    expect(pdf.text.startsWith("%PDF-")).toBe(true);
    const subscription = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: instance.id }, include: { plan: true } });
    expect([subscription.status, subscription.plan.code]).toEqual(["ACTIVE", "ANNUAL"]);

    const stranger = plain((await result(paymentId)).text);
    expect(stranger).toContain("Statut de ce paiement : Payé");
    expect(stranger).not.toContain(instance.name);
    expect(stranger).not.toContain("Télécharger");
    expect((await open(token)).status).toBe(410);
  });

  it("sends a second attempt on the same link back to the payment still waiting for the payer", async () => {
    const instance = await makeInstance();
    const { token } = await linkFor(instance.id);
    const first = await pay(token, { plan: "monthly", method: "mobile_money", phone: "+243811111111" });
    const second = await pay(token, { plan: "annual", method: "card", cardNumber: "4242 4242 4242 4242" });
    expect(second.location).toBe(first.location);
    expect(await prisma.payment.count({ where: { instanceId: instance.id } })).toBe(1);
  });

  it("shows a declined card's reason with a way to try again on the same link", async () => {
    const instance = await makeInstance();
    const { token } = await linkFor(instance.id);
    const started = await pay(token, { plan: "monthly", method: "card", cardNumber: "4000 0000 0000 0002" });
    const failed = await result(started.location!.split("/").pop()!, cookieOf(started.cookies));
    expect(plain(failed.text)).toContain("Le paiement n'a pas abouti");
    expect(plain(failed.text)).toContain("Paiement refusé par la banque");
    expect(failed.text).toContain(`href="/pay/${token}"`);
  });

  it("shows the form again for a bad phone, an unknown plan or a missing test card, charging nothing", async () => {
    const instance = await makeInstance();
    const { token } = await linkFor(instance.id);
    const badPhone = await pay(token, { plan: "monthly", method: "mobile_money", phone: "12345678" });
    expect(badPhone.status).toBe(422);
    expect(plain(badPhone.text)).toContain("Ce numéro n'est pas valable");
    expect(plain((await pay(token, { plan: "trial", method: "mobile_money", phone: "+243812345678" })).text)).toContain("Choisissez une formule.");
    expect(plain((await pay(token, { plan: "monthly", method: "card" })).text)).toContain("Saisissez le numéro de la carte de test.");
    expect(await prisma.payment.count({ where: { instanceId: instance.id } })).toBe(0);
  });
});

describe("dead payment links", () => {
  it("gives an expired, a tampered, a used and a revoked link each its page, and charges nothing", async () => {
    const instance = await makeInstance();
    const expired = await linkFor(instance.id);
    await prisma.paymentLink.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const used = await linkFor(instance.id);
    await prisma.paymentLink.update({ where: { id: used.id }, data: { usedAt: new Date() } });
    const revoked = await linkFor(instance.id);
    await prisma.paymentLink.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    const good = await linkFor(instance.id);
    const tampered = `${good.token.slice(0, -2)}${good.token.endsWith("AA") ? "BB" : "AA"}`;
    const cases: Array<[string, number, string]> = [
      [expired.token, 410, "Ce lien de paiement a expiré"],
      [tampered, 404, "Ce lien de paiement n'est pas valable"],
      [used.token, 410, "Ce lien de paiement a déjà été utilisé"],
      [revoked.token, 410, "Ce lien de paiement a été annulé"],
    ];
    for (const [token, status, title] of cases) {
      const shown = await open(token);
      expect([shown.status, plain(shown.text).includes(title)]).toEqual([status, true]);
      expect(shown.text).toContain(`action="/pay/${encodeURIComponent(token)}/nouveau-lien"`);
      const posted = await pay(token, { plan: "monthly", method: "mobile_money", phone: "+243812345678" });
      expect([posted.status, plain(posted.text).includes(title)]).toEqual([status, true]);
    }
    expect(await prisma.payment.count({ where: { instanceId: instance.id } })).toBe(0);
  });

  it("sends a new link to the owner's email and WhatsApp without ever showing it, the same answer for an unknown link", async () => {
    const instance = await makeInstance();
    const old = await linkFor(instance.id);
    await prisma.paymentLink.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const ask = (token: string) => page(newLink.POST, "POST", `/pay/${token}/nouveau-lien`, { params: { token } });
    const res = await ask(old.token);
    expect([res.status, res.location]).toEqual([303, "/pay/lien-envoye"]);
    const sent = await prisma.notification.findMany({ where: { instanceId: instance.id, templateKey: "payment_link" }, orderBy: { channel: "asc" } });
    expect(sent.map((n) => [n.channel, n.recipient])).toEqual([
      ["EMAIL", instance.ownerEmail],
      ["WHATSAPP", "+243812345678"],
    ]);
    const url = /http:\/\/localhost:3001\/pay\/\S+/.exec(sent[0]!.bodyText)![0];
    expect(res.text).not.toContain(tokenOf(url));
    expect((await resolvePaymentLink(tokenOf(url), new Date())).state).toBe("valid");

    const unknown = await ask("plk_000000000000000000000000.9999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect([unknown.status, unknown.location]).toEqual([303, "/pay/lien-envoye"]);
    await ask(old.token);
    await ask(old.token);
    expect((await ask(old.token)).status).toBe(429);
    expect(await prisma.notification.count({ where: { instanceId: instance.id, templateKey: "payment_link" } })).toBe(6);
  });

  it("answers an unknown payment with a page, and the status endpoint in the standard error shape", async () => {
    expect((await result("pay_000000000000000000000000")).status).toBe(404);
    expect((await result("nope")).status).toBe(404);
    const res = await call(statusRoute.GET, "GET", "/pay/result/nope/status", { params: { paymentId: "nope" } });
    expect([res.status, res.json.error.code]).toEqual([404, "not_found"]);
    const pdf = await page(invoicePage.GET, "GET", "/factures/inv_x", { params: { token: "inv_x" } });
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([404, "text/html; charset=utf-8"]);
  });
});
