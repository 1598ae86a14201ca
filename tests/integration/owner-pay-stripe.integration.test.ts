import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as payPage from "@/app/(owner)/pay/[token]/route";
import * as resultPage from "@/app/(owner)/pay/result/[paymentId]/route";
import { prisma } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { setPaymentAdapterForTests } from "@/lib/providers/payments";
import { createPaymentLink } from "@/lib/services/payment-link.service";
import { startStripeFake, type StripeFake } from "@/tests/fakes/stripe";
import { makeInstance, testActor } from "../helpers/instances";
import { page, visible } from "../helpers/owners";

// Stripe configured beside the sandbox, the real SDK aimed at the loopback fake.
let fake: StripeFake;
const saved: Record<string, string | undefined> = {};
const config = (): Record<string, string> => ({ PAYMENT_PROVIDERS: "sandbox,stripe", STRIPE_SECRET_KEY: fake.secretKey, STRIPE_WEBHOOK_SECRET: fake.webhookSecret, STRIPE_API_URL: fake.url });

beforeAll(async () => {
  fake = await startStripeFake();
  for (const [key, value] of Object.entries(config())) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  resetEnvCache();
  setPaymentAdapterForTests("STRIPE", undefined);
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvCache();
  setPaymentAdapterForTests("STRIPE", undefined);
  await fake.close();
});

async function payToken(instanceId: string) {
  const link = await createPaymentLink({ instanceId, request: { purpose: "RENEW", ttlDays: 7 }, actor: testActor, now: new Date() });
  return new URL(link.url).pathname.split("/").pop()!;
}

describe("paying with Stripe from the payment page", () => {
  it("offers Stripe only when it is configured and sends the owner to its hosted checkout, then shows the receipt", async () => {
    const instance = await makeInstance();
    const token = await payToken(instance.id);
    const shown = await page(payPage.GET, "GET", `/pay/${token}`, { params: { token } });
    expect(visible(shown.text)).toContain("Carte via Stripe");

    const started = await page(payPage.POST, "POST", `/pay/${token}`, { params: { token }, form: { nonce: crypto.randomUUID(), plan: "monthly", method: "stripe" } });
    expect(started.status).toBe(303);
    const payment = await prisma.payment.findFirstOrThrow({ where: { instanceId: instance.id } });
    expect(payment).toMatchObject({ provider: "STRIPE", status: "PENDING", amountMinor: 5_000, currency: "EUR" });
    expect(started.location).toBe(payment.checkoutUrl);
    const cookie = started.cookies.map((c) => c.split(";")[0]).join("; ");

    const left = await page(resultPage.GET, "GET", `/pay/result/${payment.id}?status=canceled`, { params: { paymentId: payment.id }, cookie });
    expect(visible(left.text)).toContain("Vous avez quitté la page de paiement avant la fin.");
    expect(left.text).toContain(`href="/pay/${token}"`);

    fake.completeCheckout(payment.providerReference!);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // one question to the provider per payment every 2 s
    const back = await page(resultPage.GET, "GET", `/pay/result/${payment.id}?status=success`, { params: { paymentId: payment.id }, cookie });
    expect(visible(back.text)).toContain("Paiement reçu, merci !");
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");
  });
});
