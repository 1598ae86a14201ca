import { describe, expect, it } from "vitest";
import * as accountPage from "@/app/(owner)/compte/[token]/route";
import * as accountPay from "@/app/(owner)/compte/[token]/payer/route";
import * as payPage from "@/app/(owner)/pay/[token]/route";
import * as invoicePage from "@/app/(owner)/factures/[token]/route";
import { prisma } from "@/lib/db";
import { maskPath } from "@/lib/owner-web/http";
import { signOwnerToken, statusPageUrl } from "@/lib/services/owner-links";
import { resolvePaymentLink } from "@/lib/services/payment-link.service";
import { payByCard } from "../helpers/billing";
import { makeInstance } from "../helpers/instances";
import { page, visible } from "../helpers/owners";

const plain = (text: string) => visible(text).replace(/[\u202f\u00a0]/g, " ");
const statusToken = (instanceId: string) => new URL(statusPageUrl(instanceId, new Date())).pathname.split("/").pop()!;
const open = (token: string) => page(accountPage.GET, "GET", `/compte/${token}`, { params: { token } });

describe("the owner's status page", () => {
  it("shows the plan, the renewal date, the last payments and the invoices to download", async () => {
    const instance = await makeInstance();
    await payByCard(instance.id, "monthly", "4242 4242 4242 4242", new Date());
    await payByCard(instance.id, "monthly", "4000 0000 0000 0002", new Date());
    const token = statusToken(instance.id);
    const res = await open(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const text = plain(res.text);
    const subscription = await prisma.subscription.findUniqueOrThrow({ where: { instanceId: instance.id } });
    expect(text).toContain(instance.name);
    expect(text).toMatch(/Formule Mensuel Statut Active Prochain renouvellement \d{1,2} \S+ \d{4}/);
    expect(text).toContain(new Intl.DateTimeFormat("fr-FR", { dateStyle: "medium", timeZone: "UTC" }).format(subscription.currentPeriodEnd!));
    expect(text).toContain("Payé");
    expect(text).toContain("Refusé");
    const invoice = await prisma.invoice.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(text).toContain(invoice.number);
    const href = /href="(\/factures\/[^"]+)"/.exec(res.text)![1]!;
    const pdf = await page(invoicePage.GET, "GET", href, { params: { token: href.split("/").pop()! } });
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([200, "application/pdf"]);
  });

  it("makes a fresh payment link on the server for 'pay or change plan' and opens it", async () => {
    const instance = await makeInstance();
    const token = statusToken(instance.id);
    const res = await page(accountPay.POST, "POST", `/compte/${token}/payer`, { params: { token } });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/pay\/plk_[0-9a-f]{24}\.\d+\.[A-Za-z0-9_-]{32}$/);
    const payToken = res.location!.split("/").pop()!;
    expect((await resolvePaymentLink(payToken, new Date())).state).toBe("valid");
    expect(await prisma.auditLog.count({ where: { action: "payment_link.create", instanceId: instance.id, actorType: "owner" } })).toBe(1);
    expect(plain((await page(payPage.GET, "GET", res.location!, { params: { token: payToken } })).text)).toContain("1. Choisissez votre formule");
  });

  it("has nothing to pay on the lifetime plan: no button, and the payment page says so", async () => {
    const instance = await makeInstance();
    await payByCard(instance.id, "lifetime", "4242 4242 4242 4242", new Date());
    const res = await open(statusToken(instance.id));
    expect(plain(res.text)).toContain("Jamais (formule à vie)");
    expect(res.text).not.toContain("/payer");
    const link = await prisma.paymentLink.create({ data: { instanceId: instance.id, purpose: "RENEW", expiresAt: new Date(Date.now() + 86_400_000) } });
    const payToken = signOwnerToken("pay", link.id, link.expiresAt);
    expect(plain((await page(payPage.GET, "GET", `/pay/${payToken}`, { params: { token: payToken } })).text)).toContain("il n'y a rien à payer");
  });

  it("refuses a tampered or expired status link with a page of its own, and a deleted instance's", async () => {
    const instance = await makeInstance();
    const good = statusToken(instance.id);
    const tampered = `${good.slice(0, -1)}${good.endsWith("A") ? "B" : "A"}`;
    expect([(await open(tampered)).status, plain((await open(tampered)).text).includes("Ce lien n'est pas valable")]).toEqual([404, true]);
    const expired = signOwnerToken("status", instance.id, new Date(Date.now() - 1000));
    expect([(await open(expired)).status, plain((await open(expired)).text).includes("Ce lien a expiré")]).toEqual([410, true]);
    const posted = await page(accountPay.POST, "POST", `/compte/${tampered}/payer`, { params: { token: tampered } });
    expect(posted.status).toBe(404);
    await prisma.instance.update({ where: { id: instance.id }, data: { status: "DELETED", deletedAt: new Date(), purgeAfter: new Date(Date.now() + 86_400_000) } });
    expect((await open(good)).status).toBe(404);
  });
});

describe("logging owner paths", () => {
  it("never writes a token whole", () => {
    const token = signOwnerToken("pay", "plk_0123456789abcdef01234567", new Date(Date.now() + 86_400_000));
    const masked = maskPath(`/pay/${token}/nouveau-lien`);
    expect(masked).toBe("/pay/plk_0123…/nouveau-lien");
    expect(masked).not.toContain(token.split(".")[2]);
  });
});
