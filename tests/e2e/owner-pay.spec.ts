import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { admin, instanceWithLink, OWNER_VIEWPORT, weigh, withDb } from "./owner-support";

test.use({ viewport: OWNER_VIEWPORT });

test("an owner opens a payment link, pays by sandbox mobile money, sees success and downloads the invoice; the admin API shows the payment and the renewed subscription", async ({ page, request }) => {
  const w = weigh(page);
  const { instance, path } = await instanceWithLink(request);
  await page.goto(path);
  await expect(page.getByTestId("pay-title")).toHaveText(`Abonnement de ${instance.name}`);
  await expect(page.getByTestId("plan-annual")).toContainText("Économisez");
  await expect(page.getByTestId("plan-annual")).toContainText("(25 %)");
  await expect(page.getByLabel("Numéro mobile money")).toHaveValue("+221771234567");
  await w.capture("pay");

  await page.getByTestId("plan-annual").click();
  await page.getByTestId("pay-submit").click();
  await expect(page).toHaveURL(/\/pay\/result\/pay_[0-9a-f]{24}$/);
  await expect(page.getByRole("heading", { name: "Approuvez le paiement sur votre téléphone" })).toBeVisible();
  await w.capture("pay-pending");

  // The sandbox approves 3 s after the push; the page's script sees it and shows the receipt.
  await expect(page.getByTestId("payment-success")).toHaveText("Paiement reçu, merci !", { timeout: 20_000 });
  await w.capture("pay-success");
  const paymentId = page.url().split("/").pop()!;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("invoice-download").click()]);
  expect(download.suggestedFilename()).toMatch(/^AFP-\d{4}-\d{6}\.pdf$/);
  expect(fs.readFileSync((await download.path())!).subarray(0, 5).toString()).toBe("%PDF-");

  const payments = await admin(request, "GET", `/api/admin/payments?instanceId=${instance.id}`);
  expect(payments.data).toHaveLength(1);
  expect(payments.data[0]).toMatchObject({ id: paymentId, status: "SUCCEEDED", planCode: "ANNUAL", amountMinor: 295_181, provider: "SANDBOX", initiatedBy: "owner" });
  expect(payments.data[0].invoice.number).toMatch(/^AFP-/);
  const detail = await admin(request, "GET", `/api/admin/instances/${instance.id}`);
  expect(detail.subscription).toMatchObject({ status: "ACTIVE", plan: { code: "ANNUAL" }, paidPeriods: 1 });
  const days = (new Date(detail.subscription.currentPeriodEnd).getTime() - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(365 + 6);

  await page.getByRole("link", { name: "Voir mon abonnement" }).click();
  await expect(page.getByTestId("account-plan")).toHaveText("Annuel");
  await expect(page.getByTestId("account-status")).toHaveText("Active");
  await expect(page.getByTestId("account-payments")).toContainText("Payé");
  await expect(page.getByTestId("account-invoices")).toContainText(payments.data[0].invoice.number);
  await w.capture("account");
  await page.getByTestId("account-pay").click();
  await expect(page).toHaveURL(/\/pay\/plk_/);
  await expect(page.getByTestId("pay-title")).toBeVisible();
});

test("a tampered, an expired and a reused link each get their page, nothing is charged, and a new link is sent, not shown", async ({ page, request }) => {
  const w = weigh(page);
  const { instance, path, token } = await instanceWithLink(request);
  const second = await admin(request, "POST", `/api/admin/instances/${instance.id}/payment-links`, {});
  const expiredPath = new URL(second.url).pathname;
  await withDb((db) => db.query("UPDATE payment_links SET expires_at = now() - interval '1 minute' WHERE id = $1", [second.id]));

  // Pay once by test card, so that the first link is spent.
  await page.goto(path);
  await page.getByTestId("method-card").getByRole("radio").check();
  await page.getByLabel("Numéro de carte de test").fill("4242 4242 4242 4242");
  await page.getByTestId("pay-submit").click();
  await expect(page.getByTestId("payment-success")).toBeVisible();

  const tampered = `/pay/${token.slice(0, -3)}${token.endsWith("xyz") ? "abc" : "xyz"}`;
  const cases = [
    { name: "pay-tampered", path: tampered, heading: "Ce lien de paiement n'est pas valable", status: 404 },
    { name: "pay-expired", path: expiredPath, heading: "Ce lien de paiement a expiré", status: 410 },
    { name: "pay-used", path, heading: "Ce lien de paiement a déjà été utilisé", status: 410 },
  ];
  for (const c of cases) {
    const res = await page.goto(c.path);
    expect(res!.status()).toBe(c.status);
    await expect(page.getByRole("heading", { name: c.heading })).toBeVisible();
    await expect(page.getByTestId("pay-submit")).toHaveCount(0);
    await w.capture(c.name);
    const posted = await request.post(c.path, { form: { nonce: crypto.randomUUID(), plan: "monthly", method: "mobile_money", phone: "+221771234567" }, maxRedirects: 0 });
    expect(posted.status()).toBe(c.status);
  }
  expect((await admin(request, "GET", `/api/admin/payments?instanceId=${instance.id}`)).data).toHaveLength(1);

  await page.goto(expiredPath);
  await page.getByTestId("new-link").click();
  await expect(page.getByRole("heading", { name: "Demande reçue" })).toBeVisible();
  expect(await page.content()).not.toContain("/pay/plk_");
  await w.capture("pay-link-sent");
  const sent = await admin(request, "GET", `/api/admin/notifications?instanceId=${instance.id}&templateKey=payment_link`);
  expect(sent.data.map((n: { channel: string }) => n.channel).sort()).toEqual(["EMAIL", "WHATSAPP"]);
});

test("without JavaScript the payment form works and the pending page refreshes itself; a declined card says why", async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: OWNER_VIEWPORT });
  const page = await context.newPage();
  const w = weigh(page);
  const { path } = await instanceWithLink(request);
  await page.goto(path);
  await page.getByTestId("pay-submit").click();
  await expect(page.getByRole("heading", { name: "Approuvez le paiement sur votre téléphone" })).toBeVisible();
  await expect(page.getByTestId("payment-success")).toBeVisible({ timeout: 25_000 });

  const declined = await instanceWithLink(request);
  await page.goto(declined.path);
  await page.getByTestId("method-card").getByRole("radio").check();
  await page.getByLabel("Numéro de carte de test").fill("4000 0000 0000 0002");
  await page.getByTestId("pay-submit").click();
  await expect(page.getByRole("heading", { name: "Le paiement n'a pas abouti" })).toBeVisible();
  await expect(page.getByText("Paiement refusé par la banque (sandbox).", { exact: false })).toBeVisible();
  await w.capture("pay-failed");
  await page.getByTestId("retry").click();
  await expect(page.getByTestId("pay-title")).toBeVisible();
  await context.close();
});
