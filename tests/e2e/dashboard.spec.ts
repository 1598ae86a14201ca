import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./fixtures";
import { signIn, uniqueSubdomain } from "./helpers";

test.describe.configure({ mode: "serial" });

test("a super-admin creates an instance, finds it, suspends and reactivates it, records a payment, edits a template, reads the audit and switches language", async ({ page }) => {
  test.setTimeout(180_000);
  const subdomain = uniqueSubdomain("e2e");
  const name = `Pharmacie E2E ${subdomain}`;
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await expect(page.getByRole("heading", { name: "Vue d'ensemble" })).toBeVisible();
  await expect(page.getByTestId("kpi-mrr-value")).toBeVisible();

  // Create, with the live subdomain check.
  await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Instances" }).click();
  await page.getByTestId("new-instance").click();
  await page.getByLabel("Nom de la pharmacie").fill(name);
  await page.getByLabel("Sous-domaine").fill("www");
  await expect(page.getByTestId("subdomain-check")).toContainText("Indisponible");
  await page.getByLabel("Sous-domaine").fill(subdomain);
  await expect(page.getByTestId("subdomain-check")).toContainText(`${subdomain}.`);
  await expect(page.getByTestId("subdomain-check")).toContainText("est disponible");
  await page.getByLabel("E-mail du propriétaire").fill(`owner-${subdomain}@example.com`);
  await page.getByLabel(/Téléphone/).fill("+243812345678");
  await page.getByLabel("Pays").selectOption("CD");
  await page.getByTestId("create-instance-submit").click();
  await expect(page).toHaveURL(/\/admin\/instances\/inst_[0-9a-f]+$/, { timeout: 30_000 });
  await expect(page.getByTestId("toast-success").filter({ hasText: "créée" })).toBeVisible();
  const instanceId = page.url().split("/").pop()!;
  await expect(page.getByTestId("instance-status")).toHaveText("Active");
  await expect(page.getByTestId("subscription-status")).toHaveText("Essai");

  // Find it by search (server-side, applied while typing).
  await page.goto("/admin/instances");
  await page.getByLabel("Rechercher").fill(subdomain);
  await expect(page).toHaveURL(new RegExp(`q=${subdomain}`));
  await expect(page.getByTestId("instance-row")).toHaveCount(1);
  await page.getByRole("link", { name }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/instances/${instanceId}$`));

  // Suspend with a reason, then reactivate.
  await page.getByTestId("suspend").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Motif").fill("Contrôle E2E");
  await dialog.getByTestId("suspend-submit").click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Instance suspendue." })).toBeVisible();
  await expect(page.getByTestId("instance-status")).toHaveText("Suspendue");
  await expect(page.getByTestId("entitlement")).toContainText("Service refusé");
  await page.getByTestId("reactivate").click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Instance réactivée." })).toBeVisible();
  await expect(page.getByTestId("instance-status")).toHaveText("Active");

  // Record a manual payment: the amount is the console's, the trial becomes a monthly plan.
  await expect(page.getByTestId("expected-amount")).toContainText("50,00");
  await page.getByLabel("Moyen", { exact: true }).selectOption("cash");
  await page.getByLabel(/Référence/).fill(`REC-${subdomain}`);
  await page.getByLabel(/Montant reçu/).fill("49");
  await page.getByTestId("manual-payment-submit").click();
  await expect(page.getByTestId("toast-error").filter({ hasText: "Le montant ne correspond pas au tarif." })).toBeVisible();
  await page.getByLabel(/Montant reçu/).fill("50");
  await page.getByTestId("manual-payment-submit").click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Paiement enregistré" })).toBeVisible();
  await expect(page.getByTestId("subscription-plan")).toHaveText("Mensuel");
  await expect(page.getByTestId("subscription-status")).toHaveText("Actif");
  await expect(page.getByTestId("instance-payments")).toContainText("Manuel");
  await expect(page.getByTestId("instance-payments")).toContainText("AFP-");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/e2e/instance-detail.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling at 390 px").toBeLessThanOrEqual(390);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/e2e/instance-detail-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Edit a template: the preview follows, an unknown variable is refused with the service's words.
  await page.goto("/admin/templates");
  await page.getByTestId("template-welcome-email-fr").click();
  const body = page.getByRole("textbox", { name: "Texte", exact: true });
  await body.fill("Bonjour {{ownerName}}, bienvenue à {{pharmacyName}} — {{inconnu}}");
  await expect(page.getByTestId("preview-error")).toContainText("{{inconnu}}");
  await body.fill("Bonjour {{ownerName}}, bienvenue à {{pharmacyName}} — message E2E");
  await expect(page.getByTestId("preview-error")).toHaveCount(0);
  await expect(page.getByTestId("preview-text")).toContainText("message E2E");
  await expect(page.getByTestId("preview-text")).not.toContainText("{{pharmacyName}}");
  await page.getByTestId("template-save").click();
  await expect(page.getByTestId("toast-success").filter({ hasText: "Version 2 enregistrée." })).toBeVisible();

  // The audit log has an entry for each change.
  await page.goto(`/admin/audit?instanceId=${instanceId}`);
  const audit = page.getByTestId("audit-table");
  for (const action of ["instance.create", "instance.suspend", "instance.reactivate", "payment.record_manual"]) await expect(audit).toContainText(action);
  await expect(audit).toContainText("Contrôle E2E");
  await page.goto("/admin/audit?action=notification_template.update");
  await expect(page.getByTestId("audit-table")).toContainText("message E2E");
  const csv = await page.request.get(`/api/admin/audit/export?instanceId=${instanceId}`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("instance.suspend");

  // The overview counts it (its cache lives a few seconds).
  await page.waitForTimeout(5_500);
  await page.goto("/admin/dashboard");
  await page.reload();
  await expect(page.getByTestId("kpi-mrr-value")).not.toHaveText(/^0,00/);
  await expect(page.getByTestId("revenue-by-provider")).toContainText("Manuel");
  await expect(page.getByTestId("overview-charts")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/e2e/overview.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), "no sideways scrolling at 390 px").toBeLessThanOrEqual(390);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/e2e/overview-390.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });

  // English, remembered.
  await page.getByRole("button", { name: "en", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("kpi-mrr")).toContainText("MRR");
  await page.goto("/admin/audit");
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  await page.goto(`/admin/instances/${instanceId}`);
  await expect(page.getByTestId("subscription-plan")).toHaveText("Monthly");
  await page.getByRole("button", { name: "fr", exact: true }).click();
  await expect(page.getByTestId("subscription-plan")).toHaveText("Mensuel");
});
