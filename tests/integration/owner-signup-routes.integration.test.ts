import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as signupPage from "@/app/(owner)/inscription/route";
import * as sentPage from "@/app/(owner)/inscription/envoye/route";
import * as verifyPage from "@/app/(owner)/inscription/verifier/[token]/route";
import * as welcomePage from "@/app/(owner)/inscription/bienvenue/[token]/route";
import * as signupAlias from "@/app/(owner)/signup/route";
import * as check from "@/app/api/public/subdomains/check/route";
import * as selfServiceRoute from "@/app/api/admin/settings/self-service/route";
import { prisma } from "@/lib/db";
import { OWNER_PAGE_LIMIT } from "@/lib/owner-web/http";
import { createAdminWithToken, uid } from "../helpers/factories";
import { call } from "../helpers/http";
import { ensurePlans, makeInstance } from "../helpers/instances";
import { page, selfService, signUp, signupForm, testIp, visible } from "../helpers/owners";

beforeAll(ensurePlans);
beforeEach(() => selfService(true));

const tokenOf = (location: string | null) => location!.split("/").pop()!;

describe("the sign-up page", () => {
  it("is French first, switches to English with ?lang=en (remembered) and sends the owner pages' headers", async () => {
    const fr = await page(signupPage.GET, "GET", "/inscription");
    expect(fr.status).toBe(200);
    expect(fr.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(fr.headers.get("referrer-policy")).toBe("no-referrer");
    expect(fr.headers.get("cache-control")).toBe("no-store");
    expect(fr.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(fr.text).toContain('<html lang="fr">');
    expect(visible(fr.text)).toContain("Créez votre pharmacie");
    expect(fr.text).toContain('<script src="/owner/signup.js" defer="">');

    const en = await page(signupPage.GET, "GET", "/inscription?lang=en");
    expect(visible(en.text)).toContain("Create your pharmacy");
    expect(en.cookies.join()).toMatch(/afp_locale=en; Path=\//);
    const remembered = await page(signupPage.GET, "GET", "/inscription", { cookie: "afp_locale=en" });
    expect(visible(remembered.text)).toContain("Create your pharmacy");
    expect(visible((await page(signupAlias.GET, "GET", "/signup")).text)).toContain("Créez votre pharmacie");
  });

  it("answers every accepted sign-up with the same 'check your email' page, existing email or not", async () => {
    const form = signupForm();
    const first = await page(signupPage.POST, "POST", "/inscription", { form });
    expect([first.status, first.location]).toEqual([303, "/inscription/envoye"]);
    const again = await page(signupPage.POST, "POST", "/inscription", { form: { ...form, pharmacyName: "Autre" } });
    expect([again.status, again.location]).toEqual([303, "/inscription/envoye"]);
    const bot = signupForm({ website: "https://spam.example" });
    const trapped = await page(signupPage.POST, "POST", "/inscription", { form: bot });
    expect([trapped.status, trapped.location]).toEqual([303, "/inscription/envoye"]);
    expect(await prisma.signupRequest.count({ where: { email: { in: [form.email, bot.email] } } })).toBe(2);
    expect(visible((await page(sentPage.GET, "GET", "/inscription/envoye")).text)).toContain("Vérifiez votre boîte e-mail");
  });

  it("shows the form again with a French message per field and keeps what was typed, writing nothing", async () => {
    const form = signupForm({ email: "awa@", phone: "0812", subdomain: "Bad_Name" });
    const res = await page(signupPage.POST, "POST", "/inscription", { form });
    expect(res.status).toBe(422);
    const text = visible(res.text);
    expect(text).toContain("Cette adresse e-mail n'est pas valable.");
    expect(text).toContain("Ce numéro n'est pas valable");
    expect(text).toContain("Uniquement des lettres minuscules");
    expect(res.text).toContain(`value="${form.pharmacyName}"`);
    expect(await prisma.signupRequest.count({ where: { pharmacyName: form.pharmacyName } })).toBe(0);
  });

  it("refuses a cross-site form post and a body that is not a form", async () => {
    const res = await page(signupPage.POST, "POST", "/inscription", { form: signupForm(), headers: { "sec-fetch-site": "cross-site" } });
    expect(res.status).toBe(403);
    expect(visible(res.text)).toContain("Demande refusée");
    const json = await page(signupPage.POST, "POST", "/inscription", { headers: { "content-type": "application/json" } });
    expect(json.status).toBe(415);
  });

  it("answers an address that asks too often with a friendly 429 page", async () => {
    const ip = testIp();
    const window = new Date(Math.floor(Date.now() / 600_000) * 600_000);
    await prisma.rateLimitBucket.create({ data: { key: `owner-page:ip:${ip}`, window, count: OWNER_PAGE_LIMIT.limit, resetAt: new Date(window.getTime() + 600_000) } });
    const res = await page(signupPage.GET, "GET", "/inscription", { ip });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(visible(res.text)).toContain("Trop de tentatives");
  });

  it("says plainly that sign-ups are closed when a super-admin turned self-service off", async () => {
    await selfService(false);
    const res = await page(signupPage.GET, "GET", "/inscription");
    expect(visible(res.text)).toContain("Les inscriptions sont fermées pour le moment");
    expect(res.text).not.toContain('name="email"');
    const form = signupForm();
    const posted = await page(signupPage.POST, "POST", "/inscription", { form });
    expect(posted.status).toBe(403);
    expect(await prisma.signupRequest.count({ where: { email: form.email } })).toBe(0);
  });
});

describe("the verification link", () => {
  it("lands on the welcome page of the new trial instance, and a second click on a clear 'already used' page", async () => {
    const { token, input } = await signUp();
    const res = await page(verifyPage.GET, "GET", `/inscription/verifier/${token}`, { params: { token } });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/inscription\/bienvenue\/inst_/);
    const statusToken = tokenOf(res.location);
    const welcome = await page(welcomePage.GET, "GET", res.location!, { params: { token: statusToken } });
    const text = visible(welcome.text);
    expect(text).toContain("Bienvenue, Aminata Koné !");
    expect(text).toContain(`https://${input.subdomain}.afrikapharma.app`);
    expect(welcome.text).toContain(`href="/compte/${statusToken}"`);
    const again = await page(verifyPage.GET, "GET", `/inscription/verifier/${token}`, { params: { token } });
    expect(again.status).toBe(410);
    expect(visible(again.text)).toContain("Ce lien a déjà été utilisé");
    const unknown = await page(verifyPage.GET, "GET", "/inscription/verifier/nope", { params: { token: "nope" } });
    expect([unknown.status, visible(unknown.text).includes("Ce lien de confirmation n'est pas valable")]).toEqual([404, true]);
  });

  it("asks a second click during the creation to wait, on a page that refreshes itself", async () => {
    const { token, signupId } = await signUp();
    await prisma.signupRequest.update({ where: { id: signupId }, data: { verifiedAt: new Date() } });
    const res = await page(verifyPage.GET, "GET", `/inscription/verifier/${token}`, { params: { token } });
    expect(res.status).toBe(409);
    expect(visible(res.text)).toContain("Votre pharmacie est en cours de création");
    expect(res.text).toContain('<meta http-equiv="refresh" content="4"/>');
  });

  it("tells the loser of a race for one subdomain plainly and lets them choose another address", async () => {
    const subdomain = `duel-${uid(8)}`;
    const [a, b] = [await signUp({ subdomain }), await signUp({ subdomain })];
    expect((await page(verifyPage.GET, "GET", "/v", { params: { token: a.token } })).status).toBe(303);
    const lost = await page(verifyPage.GET, "GET", `/inscription/verifier/${b.token}`, { params: { token: b.token } });
    expect(lost.status).toBe(409);
    expect(visible(lost.text)).toContain(`L'adresse « ${subdomain} » vient d'être prise`);
    expect(lost.text).toContain(`value="${subdomain}-2"`);
    const retried = await page(verifyPage.POST, "POST", `/inscription/verifier/${b.token}`, { params: { token: b.token }, form: { subdomain: `${subdomain}-2` } });
    expect(retried.status).toBe(303);
    expect(await prisma.instance.count({ where: { subdomain: { in: [subdomain, `${subdomain}-2`] } } })).toBe(2);
  });
});

describe("GET /api/public/subdomains/check", () => {
  it("says whether an address is free, proposes one from a name, and answers bad queries in the standard shape", async () => {
    const taken = await makeInstance();
    const ip = testIp();
    const get = (query: string) => call(check.GET, "GET", `/api/public/subdomains/check?${query}`, { headers: { "x-forwarded-for": ip } });
    expect((await get(`subdomain=libre-${uid()}`)).json).toMatchObject({ valid: true, available: true });
    const busy = await get(`subdomain=${taken.subdomain}`);
    expect(busy.json).toMatchObject({ available: false, reason: "taken", suggestion: `${taken.subdomain}-2` });
    expect(busy.json.message).toContain("est déjà prise");
    expect((await get(`name=${encodeURIComponent("Pharmacie Sainte-Anne")}&lang=en`)).json).toMatchObject({ subdomain: "pharmacie-sainte-anne" });
    expect((await get("subdomain=www")).json).toMatchObject({ valid: false, reason: "reserved" });
    const bad = await get("");
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatchObject({ code: "validation_failed", details: [{ path: "subdomain" }] });
  });

  it("is rate-limited per address with a 429 in the standard shape", async () => {
    const ip = testIp();
    await prisma.rateLimitBucket.create({ data: { key: `subdomain-check:ip:${ip}`, window: new Date(Math.floor(Date.now() / 600_000) * 600_000), count: 300, resetAt: new Date(Date.now() + 600_000) } });
    const res = await call(check.GET, "GET", "/api/public/subdomains/check?subdomain=abc", { headers: { "x-forwarded-for": ip } });
    expect(res.status).toBe(429);
    expect(res.json.error.code).toBe("rate_limited");
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("PUT /api/admin/settings/self-service", () => {
  it("turns self-service off and on for a super-admin, refuses others and bad bodies", async () => {
    const admin = await createAdminWithToken("SUPER_ADMIN");
    const support = await createAdminWithToken("SUPPORT");
    const put = (body: unknown, token?: string) => call(selfServiceRoute.PUT, "PUT", "/api/admin/settings/self-service", { token, body });
    expect((await put({ enabled: false })).status).toBe(401);
    expect((await put({ enabled: false }, support.token)).status).toBe(403);
    const bad = await put({ enabled: "no" }, admin.token);
    expect([bad.status, bad.json.error.code, bad.json.error.details[0].path]).toEqual([422, "validation_failed", "enabled"]);
    const off = await put({ enabled: false }, admin.token);
    expect([off.status, off.json.enabled]).toEqual([200, false]);
    expect((await call(selfServiceRoute.GET, "GET", "/api/admin/settings/self-service", { token: support.token })).json).toMatchObject({ enabled: false, isDefault: false });
    expect(visible((await page(signupPage.GET, "GET", "/inscription")).text)).toContain("Les inscriptions sont fermées");
    expect((await put({ enabled: true }, admin.token)).json.enabled).toBe(true);
    expect(await prisma.auditLog.count({ where: { action: "setting.update", actorId: admin.admin.id } })).toBe(2);
  });
});
