import crypto from "node:crypto";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getSetting, setSelfServiceEnabled } from "@/lib/services/settings.service";
import { requestSignup, SIGNUP_LIMITS, SIGNUP_TOKEN_TTL_HOURS } from "@/lib/services/signup.service";
import { CLAIM_TIMEOUT_MS, verifySignup } from "@/lib/services/signup-verify";
import { uid } from "../helpers/factories";
import { ensurePlans, testActor } from "../helpers/instances";
import { selfService, signUp, signupForm, testIp } from "../helpers/owners";

const HOUR = 3_600_000;

beforeAll(ensurePlans);
beforeEach(() => selfService(true));

async function thrown(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("asking to sign up", () => {
  it("stores only the SHA-256 of a one-time token and queues the verification email to an instance-less recipient", async () => {
    const now = new Date();
    const { signupId, token, input } = await signUp({}, now);
    const row = await prisma.signupRequest.findUniqueOrThrow({ where: { id: signupId } });
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row).toMatchObject({ email: input.email, subdomain: input.subdomain, phone: "+2250708091011", country: "CI", verifiedAt: null, instanceId: null });
    expect(row.expiresAt.getTime() - now.getTime()).toBe(SIGNUP_TOKEN_TTL_HOURS * HOUR);
    const messages = await prisma.notification.findMany({ where: { dedupeKey: { startsWith: `signup:${signupId}` } } });
    expect(messages.map((m) => [m.templateKey, m.channel, m.instanceId, m.recipient, m.status])).toEqual([["email_verification", "EMAIL", null, input.email, "QUEUED"]]);
    expect(messages[0]!.bodyText).toContain(`/inscription/verifier/${token}`);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "signup.request", targetId: signupId } });
    expect(audit.actorType).toBe("owner");
    expect(JSON.stringify(audit.after)).not.toContain(token);
  });

  it("answers the same for an email and a subdomain that already exist (nothing to enumerate)", async () => {
    const first = await signUp();
    await verifySignup({ token: first.token, now: new Date(), ip: testIp() });
    const again = await requestSignup({ input: signupForm({ email: first.input.email, subdomain: first.input.subdomain }), ip: testIp(), now: new Date() });
    const fresh = await requestSignup({ input: signupForm(), ip: testIp(), now: new Date() });
    expect(Object.keys(again).sort()).toEqual(Object.keys(fresh).sort());
    expect(again.outcome).toBe("queued");
    expect(fresh.outcome).toBe("queued");
  });

  it("proposes the subdomain from the pharmacy's name when none is typed", async () => {
    const name = `Pharmacie Étoile ${uid(5)}`;
    const { signupId } = await signUp({ pharmacyName: name, subdomain: "" });
    const row = await prisma.signupRequest.findUniqueOrThrow({ where: { id: signupId } });
    expect(row.subdomain).toBe(name.toLowerCase().replace("é", "e").replace(/ /g, "-"));
  });

  it("refuses bad fields with a code per field and writes nothing", async () => {
    const input = signupForm({ email: "not-an-email", phone: "12", subdomain: "admin", country: "US", pharmacyName: "" });
    const error = await thrown(requestSignup({ input, ip: testIp(), now: new Date() }));
    expect(error.code).toBe("validation_failed");
    expect(error.details?.map((d) => [d.path, d.code])).toEqual([
      ["pharmacyName", "required"],
      ["email", "invalid_email"],
      ["country", "invalid_country"],
      ["phone", "invalid_phone"],
      ["subdomain", "reserved"],
    ]);
    expect(await prisma.signupRequest.count({ where: { email: "not-an-email" } })).toBe(0);
  });

  it("treats a filled honeypot as success and writes nothing", async () => {
    const input = signupForm({ website: "http://spam.example" });
    expect(await requestSignup({ input, ip: testIp(), now: new Date() })).toEqual({ outcome: "ignored" });
    expect(await prisma.signupRequest.count({ where: { email: input.email } })).toBe(0);
    expect(await prisma.notification.count({ where: { recipient: input.email } })).toBe(0);
  });

  it("limits the attempts per email address and per IP address", async () => {
    const email = `busy-${uid()}@test.afp`;
    const now = new Date();
    for (let i = 0; i < SIGNUP_LIMITS.perEmailHour.limit; i += 1) await requestSignup({ input: signupForm({ email }), ip: testIp(), now });
    const perEmail = await thrown(requestSignup({ input: signupForm({ email }), ip: testIp(), now }));
    expect(perEmail.code).toBe("rate_limited");
    expect(perEmail.headers?.["Retry-After"]).toMatch(/^\d+$/);
    expect(await prisma.signupRequest.count({ where: { email } })).toBe(SIGNUP_LIMITS.perEmailHour.limit);

    const ip = testIp();
    for (let i = 0; i < SIGNUP_LIMITS.perIp.limit; i += 1) await requestSignup({ input: signupForm(), ip, now });
    const perIp = await thrown(requestSignup({ input: signupForm(), ip, now }));
    expect(perIp.code).toBe("rate_limited");
  });

  it("is refused while self-service is off, and works again once it is back on", async () => {
    await setSelfServiceEnabled({ enabled: false, actor: testActor });
    const input = signupForm();
    expect((await thrown(requestSignup({ input, ip: testIp(), now: new Date() }))).code).toBe("forbidden");
    expect(await prisma.signupRequest.count({ where: { email: input.email } })).toBe(0);
    await setSelfServiceEnabled({ enabled: true, actor: testActor });
    expect((await requestSignup({ input, ip: testIp(), now: new Date() })).outcome).toBe("queued");
  });
});

describe("following the verification link", () => {
  it("creates the instance once, on a 7-day trial from self-service, and a second use is told so", async () => {
    const now = new Date();
    const { token, signupId, input } = await signUp({}, now);
    const result = await verifySignup({ token, now, ip: testIp() });
    expect(result.state).toBe("created");
    if (result.state !== "created") return;
    const instance = await prisma.instance.findUniqueOrThrow({ where: { id: result.instanceId }, include: { subscription: { include: { plan: true } }, settings: true } });
    expect(instance).toMatchObject({ source: "self_service", subdomain: input.subdomain, ownerEmail: input.email, ownerPhone: "+2250708091011", country: "CI" });
    expect(instance.subscription).toMatchObject({ status: "TRIALING", plan: { code: "TRIAL" } });
    expect(instance.subscription!.currentPeriodEnd!.getTime() - now.getTime()).toBe(7 * 24 * HOUR);
    expect(instance.settings?.currency.trim()).toBe("XOF");
    const row = await prisma.signupRequest.findUniqueOrThrow({ where: { id: signupId } });
    expect(row).toMatchObject({ instanceId: instance.id, verifiedAt: now });
    expect(await prisma.auditLog.count({ where: { action: "signup.verify", targetId: signupId } })).toBe(1);

    const again = await verifySignup({ token, now: new Date(now.getTime() + 60_000), ip: testIp() });
    expect(again).toMatchObject({ state: "used", instanceId: instance.id });
    expect(await prisma.instance.count({ where: { ownerEmail: input.email } })).toBe(1);
  });

  it("refuses an expired link and an unknown or altered one, creating nothing", async () => {
    const now = new Date();
    const { token, input } = await signUp({}, now);
    expect((await verifySignup({ token, now: new Date(now.getTime() + SIGNUP_TOKEN_TTL_HOURS * HOUR + 1), ip: testIp() })).state).toBe("expired");
    const altered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect((await verifySignup({ token: altered, now, ip: testIp() })).state).toBe("invalid");
    expect((await verifySignup({ token: "short", now, ip: testIp() })).state).toBe("invalid");
    expect(await prisma.instance.count({ where: { ownerEmail: input.email } })).toBe(0);
  });

  it("refuses to create the instance while self-service is off", async () => {
    const { token, input } = await signUp();
    await selfService(false);
    expect((await verifySignup({ token, now: new Date(), ip: testIp() })).state).toBe("disabled");
    expect(await prisma.instance.count({ where: { ownerEmail: input.email } })).toBe(0);
  });

  it("creates one instance when the same link is followed twice at once", async () => {
    const { token, input } = await signUp();
    const results = await Promise.all([verifySignup({ token, now: new Date(), ip: testIp() }), verifySignup({ token, now: new Date(), ip: testIp() })]);
    expect(results.map((r) => r.state).sort()).toEqual(["busy", "created"]);
    expect(await prisma.instance.count({ where: { ownerEmail: input.email } })).toBe(1);
  });

  it("lets one of two sign-ups racing for a subdomain win and tells the other plainly, who then picks another", async () => {
    const subdomain = `course-${uid(8)}`;
    const [a, b] = await Promise.all([signUp({ subdomain }), signUp({ subdomain })]);
    const results = await Promise.all([verifySignup({ token: a.token, now: new Date(), ip: testIp() }), verifySignup({ token: b.token, now: new Date(), ip: testIp() })]);
    expect(results.map((r) => r.state).sort()).toEqual(["created", "subdomain_taken"]);
    expect(await prisma.instance.count({ where: { subdomain } })).toBe(1);
    const loser = results.findIndex((r) => r.state === "subdomain_taken");
    const taken = results[loser]!;
    expect(taken).toMatchObject({ state: "subdomain_taken", signup: { subdomain }, suggestion: `${subdomain}-2` });
    const loserToken = [a, b][loser]!.token;

    expect(await verifySignup({ token: loserToken, now: new Date(), ip: testIp(), subdomain: "Admin" })).toMatchObject({ state: "subdomain_invalid", problem: "reserved" });
    const retried = await verifySignup({ token: loserToken, now: new Date(), ip: testIp(), subdomain: `${subdomain}-2` });
    expect(retried.state).toBe("created");
    expect(await prisma.auditLog.count({ where: { action: "signup.subdomain_taken", targetId: [a, b][loser]!.signupId } })).toBe(1);
  });

  it("takes over a claim left by a process that died, and links the instance it had already made", async () => {
    const now = new Date();
    const { token, signupId } = await signUp({}, now);
    await prisma.signupRequest.update({ where: { id: signupId }, data: { verifiedAt: now } });
    expect((await verifySignup({ token, now, ip: testIp() })).state).toBe("busy");
    const later = new Date(now.getTime() + CLAIM_TIMEOUT_MS + 1000);
    const created = await verifySignup({ token, now: later, ip: testIp() });
    expect(created.state).toBe("created");

    // The instance exists but the link to it was lost: the next click finds it instead of failing on the subdomain.
    const second = await signUp({}, now);
    const first = await verifySignup({ token: second.token, now, ip: testIp() });
    if (first.state !== "created") throw new Error(first.state);
    await prisma.signupRequest.update({ where: { id: second.signupId }, data: { instanceId: null, verifiedAt: null } });
    expect(await verifySignup({ token: second.token, now: later, ip: testIp() })).toMatchObject({ state: "created", instanceId: first.instanceId });
  });
});

describe("the self-service setting", () => {
  it("defaults to on and records who changed it, with before and after", async () => {
    await prisma.setting.deleteMany({ where: { key: "self_service_enabled" } });
    expect(await getSetting("self_service_enabled")).toMatchObject({ value: true, isDefault: true });
    await setSelfServiceEnabled({ enabled: false, actor: testActor });
    expect(await getSetting("self_service_enabled")).toMatchObject({ value: false, isDefault: false });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: "setting.update", targetId: "self_service_enabled" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorLabel: testActor.label, before: { value: true, isDefault: true }, after: { value: false } });
  });
});
