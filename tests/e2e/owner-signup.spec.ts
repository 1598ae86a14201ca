import { expect, test } from "@playwright/test";
import { admin, OWNER_VIEWPORT, unique, verificationLink, weigh } from "./owner-support";

test.use({ viewport: OWNER_VIEWPORT });

test("a new owner signs up, follows the verification link and lands on the welcome page of the new trial instance", async ({ page, request }) => {
  const w = weigh(page);
  const name = `Pharmacie ${unique("Baobab")}`;
  const expected = name.toLowerCase().replace(/ /g, "-");
  const email = `${expected}@owner.test`;

  await page.goto("/inscription");
  await expect(page.getByRole("heading", { name: "Créez votre pharmacie" })).toBeVisible();
  await page.getByLabel("Nom de la pharmacie").fill(name);
  // The small script proposes the address from the name and checks it live.
  await expect(page.getByLabel("Adresse de votre pharmacie")).toHaveValue(expected);
  await expect(page.getByTestId("subdomain-status")).toHaveText(`« ${expected} » est disponible.`);
  await page.getByLabel("Votre nom").fill("Mariam Traoré");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByLabel("Téléphone (avec l'indicatif du pays)").fill("+223 70 12 34 56");
  await page.getByLabel("Pays", { exact: true }).selectOption("ML");
  await w.capture("signup");
  await page.getByRole("button", { name: "Créer ma pharmacie" }).click();

  await expect(page).toHaveURL(/\/inscription\/envoye$/);
  await expect(page.getByRole("heading", { name: "Vérifiez votre boîte e-mail" })).toBeVisible();
  await w.capture("signup-check-email");

  const link = await verificationLink(request, email);
  await page.goto(link);
  await expect(page).toHaveURL(/\/inscription\/bienvenue\//);
  await expect(page.getByTestId("welcome-title")).toHaveText("Bienvenue, Mariam Traoré !");
  await expect(page.getByTestId("instance-url")).toHaveText(`https://${expected}.afrikapharma.app`);
  await w.capture("welcome");

  const instances = await admin(request, "GET", `/api/admin/instances?q=${expected}`);
  const instance = instances.data.find((i: { subdomain: string }) => i.subdomain === expected);
  expect(instance).toMatchObject({ ownerEmail: email, country: "ML", subscription: { status: "TRIALING", plan: { code: "TRIAL" } } });
  const detail = await admin(request, "GET", `/api/admin/instances/${instance.id}`);
  expect(detail.source).toBe("self_service");
  const trialDays = (new Date(detail.subscription.currentPeriodEnd).getTime() - new Date(detail.createdAt).getTime()) / 86_400_000;
  expect(Math.round(trialDays)).toBe(7);

  await page.getByTestId("status-link").click();
  await expect(page.getByTestId("account-plan")).toHaveText("Essai");
  await expect(page.getByTestId("account-status")).toHaveText("Essai gratuit");

  // The same link a second time: a clear page, and still one instance.
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Ce lien a déjà été utilisé" })).toBeVisible();
  await w.capture("verify-used");
  expect((await admin(request, "GET", `/api/admin/instances?q=${expected}`)).data).toHaveLength(1);
});

test("two sign-ups racing for one subdomain: one wins, the other is told plainly and picks another", async ({ page, request }) => {
  const w = weigh(page);
  const subdomain = unique("duel");
  const emails = [`a-${subdomain}@owner.test`, `b-${subdomain}@owner.test`];
  for (const email of emails) {
    const res = await request.post("/inscription", {
      form: { pharmacyName: `Pharmacie ${email.slice(0, 1).toUpperCase()}`, subdomain, ownerName: "Koffi Mensah", email, phone: "+228 90 12 34 56", country: "TG", locale: "fr", website: "" },
      maxRedirects: 0,
    });
    expect([res.status(), res.headers().location]).toEqual([303, "/inscription/envoye"]);
  }
  const [first, second] = [await verificationLink(request, emails[0]!), await verificationLink(request, emails[1]!)];
  await page.goto(first);
  await expect(page.getByTestId("welcome-title")).toBeVisible();
  await page.goto(second);
  await expect(page.getByTestId("subdomain-taken")).toHaveText(`L'adresse « ${subdomain} » vient d'être prise`);
  await expect(page.getByLabel("Adresse de votre pharmacie")).toHaveValue(`${subdomain}-2`);
  await w.capture("verify-subdomain-taken");
  await page.getByRole("button", { name: "Créer ma pharmacie avec cette adresse" }).click();
  await expect(page.getByTestId("instance-url")).toHaveText(`https://${subdomain}-2.afrikapharma.app`);
});

test("the form works without JavaScript, proposes the address from the name, and speaks English with ?lang=en", async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: OWNER_VIEWPORT });
  const page = await context.newPage();
  const w = weigh(page);
  const name = `Pharmacy ${unique("Sahel")}`;
  const email = `${unique("nojs")}@owner.test`;
  await page.goto("/inscription?lang=en");
  await expect(page.getByRole("heading", { name: "Create your pharmacy" })).toBeVisible();
  await page.getByRole("button", { name: "Create my pharmacy" }).click();
  await expect(page.getByText("This field is required.").first()).toBeVisible();
  await w.capture("signup-errors");
  await page.getByLabel("Pharmacy name").fill(name);
  await page.getByLabel("Your name").fill("Ibrahim Sow");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Phone (with the country code)").fill("+221 77 000 11 22");
  await page.getByLabel("Country", { exact: true }).selectOption("SN");
  await page.getByRole("button", { name: "Create my pharmacy" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await page.goto(await verificationLink(request, email));
  await expect(page.getByTestId("instance-url")).toHaveText(`https://${name.toLowerCase().replace(/ /g, "-")}.afrikapharma.app`);
  await context.close();
});

test("when a super-admin turns self-service off, the page says so plainly", async ({ page, request }) => {
  const w = weigh(page);
  await admin(request, "PUT", "/api/admin/settings/self-service", { enabled: false });
  try {
    await page.goto("/signup");
    await expect(page.getByRole("heading", { name: "Les inscriptions sont fermées pour le moment" })).toBeVisible();
    await expect(page.getByLabel("Adresse e-mail")).toHaveCount(0);
    await w.capture("signup-closed");
  } finally {
    await admin(request, "PUT", "/api/admin/settings/self-service", { enabled: true });
  }
  await page.goto("/signup");
  await expect(page.getByRole("heading", { name: "Créez votre pharmacie" })).toBeVisible();
});
