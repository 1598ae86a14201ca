import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "./fixtures";
import { apiWrite, signIn, uniqueSubdomain } from "./helpers";

test("a SUPPORT user sees every page but no button that changes anything, and the API refuses their writes", async ({ browser }) => {
  test.setTimeout(180_000);
  // A super-admin adds a support account (its password is shown once) and an instance to look at.
  const admin = await browser.newPage();
  await signIn(admin, E2E_ADMIN.email, E2E_ADMIN.password);
  const created = await apiWrite(admin, "POST", "/api/admin/instances", { name: "Pharmacie Support", subdomain: uniqueSubdomain("sup"), ownerEmail: "support-view@example.com" });
  expect(created.status()).toBe(201);
  const instance = (await created.json()) as { id: string; subdomain: string };
  await admin.goto("/admin/settings");
  await admin.getByTestId("add-admin").click();
  const email = `support-${Date.now()}@afrikapharma.test`;
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("E-mail").fill(email);
  await dialog.getByLabel("Nom").fill("Agent Support");
  await dialog.getByLabel("Rôle").selectOption("SUPPORT");
  await dialog.getByTestId("add-admin-submit").click();
  const password = (await dialog.getByTestId("revealed-value").textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
  await admin.close();

  const page = await browser.newPage();
  await signIn(page, email, password);
  await expect(page.getByTestId("read-only")).toBeVisible();
  const pages: Array<[string, RegExp]> = [
    ["/admin/dashboard", /Vue d'ensemble/],
    ["/admin/instances", /Instances/],
    [`/admin/instances/${instance.id}`, /Pharmacie Support/],
    ["/admin/subscriptions", /Abonnements/],
    ["/admin/payments", /Paiements/],
    ["/admin/outbox", /Boîte d'envoi/],
    ["/admin/templates", /Modèles de messages/],
    ["/admin/templates/welcome/email/fr", /welcome/],
    ["/admin/audit", /Journal d'audit/],
    ["/admin/settings", /Paramètres/],
  ];
  const mutating = ["new-instance", "suspend", "reactivate", "redeploy", "delete", "extend", "change-plan", "cancel-subscription", "auto-renew", "manual-payment-form", "payment-link-form", "template-form", "template-save", "run-job", "add-admin", "create-token-form", "bulk-suspend", "refund"];
  for (const [path, heading] of pages) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    for (const id of mutating) await expect(page.getByTestId(id), `${id} on ${path}`).toHaveCount(0);
    await expect(page.locator("main input[type=checkbox]"), `checkboxes on ${path}`).toHaveCount(0);
  }
  await page.goto("/admin/instances/new");
  await expect(page.getByTestId("create-instance-form")).toHaveCount(0);

  // Reads work; every write answers 403 forbidden.
  expect((await page.request.get("/api/admin/stats/overview")).status()).toBe(200);
  const writes: Array<[Parameters<typeof apiWrite>[1], string, unknown]> = [
    ["POST", "/api/admin/instances", { name: "Refusée", subdomain: uniqueSubdomain("nope"), ownerEmail: "no@example.com" }],
    ["POST", `/api/admin/instances/${instance.id}/suspend`, { reason: "should not work" }],
    ["POST", "/api/admin/instances/bulk", { action: "suspend", ids: [instance.id], reason: "should not work" }],
    ["DELETE", `/api/admin/instances/${instance.id}`, { confirm: instance.subdomain }],
    ["POST", "/api/admin/payments/manual", { instanceId: instance.id, method: "cash", reference: "nope-1" }],
    ["PUT", "/api/admin/settings", { reminderWindowDays: 5 }],
    ["PUT", "/api/admin/templates/welcome/email/fr", { subject: "x", bodyText: "y" }],
    ["POST", "/api/admin/jobs/daily", {}],
  ];
  for (const [method, path, data] of writes) {
    const res = await apiWrite(page, method, path, data);
    expect(res.status(), `${method} ${path}`).toBe(403);
    expect((await res.json()).error.code, `${method} ${path}`).toBe("forbidden");
  }
  const after = await page.request.get(`/api/admin/instances/${instance.id}`);
  expect((await after.json()).status).toBe("ACTIVE");
});
