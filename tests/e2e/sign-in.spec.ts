import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./fixtures";

test("a super-admin signs in, lands on the dashboard shell and signs out", async ({ page }) => {
  await page.goto("/admin/dashboard");
  await expect(page).toHaveURL(/\/connexion/);
  await expect(page.getByRole("heading", { name: "Connexion" })).toBeVisible();

  await page.getByLabel("Adresse e-mail").fill(E2E_ADMIN.email);
  await page.getByLabel("Mot de passe").fill("wrong-password");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.locator("form [role=alert]")).toHaveText("E-mail ou mot de passe incorrect.");

  await page.getByLabel("Mot de passe").fill(E2E_ADMIN.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/admin\/dashboard/);
  await expect(page.getByRole("heading", { name: "Vue d'ensemble" })).toBeVisible();
  await expect(page.getByTestId("current-admin")).toHaveText(E2E_ADMIN.email);
  await expect(page.getByText("Déploiements simulés")).toBeVisible();
  await page.screenshot({ path: "test-results/e2e/dashboard-shell.png", fullPage: true });

  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page).toHaveURL(/\/connexion/);
  await page.goto("/admin/dashboard");
  await expect(page).toHaveURL(/\/connexion/);
});

test("the health endpoint reports the database up", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok", database: { status: "up" } });
});
