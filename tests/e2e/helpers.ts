/** What the dashboard specs share: signing in, and calling the API with the browser's session. */
import { expect, type Page } from "@playwright/test";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/connexion");
  await page.getByLabel(/Adresse e-mail|Email address/).fill(email);
  await page.getByLabel(/Mot de passe|Password/).fill(password);
  await page.getByRole("button", { name: /Se connecter|Sign in/ }).click();
  await expect(page).toHaveURL(/\/admin\/dashboard/);
}

/** A write with the session cookie, from our own origin (what the dashboard's own fetches send). */
export function apiWrite(page: Page, method: "POST" | "PUT" | "PATCH" | "DELETE", path: string, data: unknown) {
  const origin = new URL(page.url()).origin;
  return page.request.fetch(path, { method, data, headers: { origin, "content-type": "application/json" } });
}

export const uniqueSubdomain = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
