/**
 * Entitlements for the pharmacy apps: a short-lived JWS (EdDSA / Ed25519) saying whether an
 * instance may run, on what plan and until when. A pharmacy app verifies it offline with the
 * public key it was deployed with (AFRIKAPHARMA_ENTITLEMENT_PUBLIC_KEY), and refuses service when
 * `allowed` is false or the token has expired.
 */
import crypto from "node:crypto";
import { SignJWT, exportJWK, type JWK } from "jose";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";

export const ENTITLEMENT_TTL_SECONDS = 15 * 60;
export const ENTITLEMENT_ISSUER = "afrikapharma-console";

type Keys = { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; kid: string; publicPem: string };
let cached: { source: string; keys: Keys } | undefined;

export function entitlementKeys(): Keys {
  const source = env().ENTITLEMENT_SIGNING_KEY;
  if (cached?.source === source) return cached.keys;
  const pem = source.includes("BEGIN") ? source : Buffer.from(source, "base64url").toString("utf8");
  const privateKey = crypto.createPrivateKey(pem);
  const publicKey = crypto.createPublicKey(privateKey);
  const publicPem = publicKey.export({ format: "pem", type: "spki" }).toString();
  const kid = crypto.createHash("sha256").update(publicKey.export({ format: "der", type: "spki" })).digest("base64url").slice(0, 16);
  cached = { source, keys: { privateKey, publicKey, kid, publicPem } };
  return cached.keys;
}

export async function publicJwks(): Promise<{ keys: JWK[] }> {
  const { publicKey, kid } = entitlementKeys();
  const jwk = await exportJWK(publicKey);
  return { keys: [{ ...jwk, kid, alg: "EdDSA", use: "sig" }] };
}

export type Entitlement = {
  instanceId: string;
  subdomain: string;
  allowed: boolean;
  status: string;
  reason: string | null;
  plan: string | null;
  subscriptionStatus: string | null;
  until: string | null;
};

/** Decides, from the database, whether the instance may serve its pharmacy right now. */
export async function entitlementFor(subdomain: string, now: Date): Promise<Entitlement> {
  const instance = await prisma.instance.findUnique({ where: { subdomain: subdomain.toLowerCase() }, include: { subscription: { include: { plan: true } } } });
  if (!instance || instance.status === "DELETED") throw notFound("Instance", subdomain);
  const sub = instance.subscription;
  const running = ["TRIALING", "ACTIVE", "PAST_DUE"].includes(sub?.status ?? "") && (sub?.currentPeriodEnd === null || (sub?.currentPeriodEnd ?? now) > now);
  const allowed = instance.status === "ACTIVE" && running;
  const reason = allowed ? null : instance.status !== "ACTIVE" ? (instance.suspendedReason ?? instance.status.toLowerCase()) : "subscription_inactive";
  return {
    instanceId: instance.id,
    subdomain: instance.subdomain,
    allowed,
    status: instance.status,
    reason,
    plan: sub?.plan.code ?? null,
    subscriptionStatus: sub?.status ?? null,
    until: sub?.currentPeriodEnd?.toISOString() ?? null,
  };
}

export async function signEntitlement(entitlement: Entitlement, now: Date): Promise<{ token: string; expiresAt: string }> {
  const { privateKey, kid } = entitlementKeys();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ENTITLEMENT_TTL_SECONDS;
  const token = await new SignJWT({
    allowed: entitlement.allowed,
    status: entitlement.status,
    reason: entitlement.reason,
    plan: entitlement.plan,
    subscriptionStatus: entitlement.subscriptionStatus,
    until: entitlement.until,
    subdomain: entitlement.subdomain,
  })
    .setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" })
    .setIssuer(ENTITLEMENT_ISSUER)
    .setSubject(entitlement.instanceId)
    .setAudience(entitlement.subdomain)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(privateKey);
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}
