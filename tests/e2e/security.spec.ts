import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "./fixtures";
import { apiWrite, signIn, uniqueSubdomain } from "./helpers";

const XSS_NAME = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">Pharmacie "Évasion"`;

/** Every CSP violation and every attempt to run injected code, as seen by the page. */
async function watch(page: Page) {
  const violations: string[] = [];
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to execute/.test(m.text())) violations.push(m.text());
  });
  return { violations, dialogs };
}

test("console pages carry a nonce-based CSP, frame denial and nosniff; scripts still run", async ({ page }) => {
  const seen = await watch(page);
  const res = await page.goto("/connexion");
  const csp = res!.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain("'unsafe-inline' ");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res!.headers()["x-frame-options"]).toBe("DENY");
  expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
  // The sign-in form works, so Next's own scripts got the nonce.
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  expect(seen.violations).toEqual([]);
});

test("HSTS on pages and API routes alike when the request came over HTTPS, and only then", async ({ request }) => {
  const hsts = async (path: string, headers: Record<string, string> = {}) => (await request.get(path, { headers, maxRedirects: 0 })).headers()["strict-transport-security"];
  const https = { "x-forwarded-proto": "https" };
  // Pages get it from proxy.ts, API routes (which skip the proxy) from next.config.ts.
  expect(await hsts("/connexion", https)).toMatch(/^max-age=63072000; includeSubDomains/);
  expect(await hsts("/api/health", https)).toMatch(/^max-age=63072000; includeSubDomains/);
  expect(await hsts("/connexion")).toBeUndefined();
  expect(await hsts("/api/health")).toBeUndefined();
  const api = await request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("the session cookie is HttpOnly and SameSite; cross-origin writes are refused", async ({ page, context }) => {
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const cookie = (await context.cookies()).find((c) => c.name.includes("next-auth.session-token"))!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe("Lax");
  const forged = await page.request.fetch("/api/admin/api-tokens", { method: "POST", data: { name: "x" }, headers: { origin: "https://evil.example", "content-type": "application/json" } });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.code).toBe("csrf_failed");
});

test("script and HTML in names, emails and templates render inert in the dashboard", async ({ page }) => {
  const seen = await watch(page);
  await signIn(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const subdomain = uniqueSubdomain("xss");
  const created = await apiWrite(page, "POST", "/api/admin/instances", { name: XSS_NAME, subdomain, ownerEmail: `xss+${subdomain}@example.com`, ownerName: `<svg onload="window.__xss=3">`, planType: "trial" });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id as string;
  const template = await apiWrite(page, "PUT", "/api/admin/templates/refund_issued/EMAIL/fr", {
    subject: "Bienvenue <img src=x onerror=window.__xss=4>",
    bodyText: "Bonjour {{ownerName}} <script>window.__xss=5</script>\n\n<a href=\"javascript:window.__xss=6\">clic</a> {{pharmacyName}} {{amount}}",
  });
  expect(template.status()).toBe(200);

  for (const path of ["/admin/instances", `/admin/instances/${id}`, `/admin/instances?q=${subdomain}`, "/admin/templates", "/admin/audit", "/admin/outbox"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
  }
  await page.goto(`/admin/instances/${id}`);
  await expect(page.getByText(XSS_NAME).first()).toBeVisible();
  expect(await page.locator("img[src=x], svg[onload]").count()).toBe(0);
  expect(seen.dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
