/**
 * Self-service sign-up, step 2: the owner follows the one-time link; we create the instance on a
 * 7-day trial (createInstance, source "self_service") and tie it to the request, once.
 *
 * A request is claimed by one atomic UPDATE (verified_at from NULL, or from a claim older than
 * CLAIM_TIMEOUT_MS left by a process that died), so a double click or a mail scanner racing the
 * owner creates one instance. When the subdomain was taken meanwhile (another sign-up won the race)
 * the claim is released and the owner is told plainly, with a form to choose another address.
 */
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { recordAudit } from "@/lib/services/audit.service";
import { checkSubdomain, createInstance } from "@/lib/services/instance.service";
import { signOwnerToken } from "@/lib/services/owner-links";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";
import { isSelfServiceEnabled } from "@/lib/services/settings.service";
import { hashSignupToken, signupActor } from "@/lib/services/signup.service";
import { normalizeSubdomain, subdomainProblem, type SubdomainProblem } from "@/lib/subdomain";

export const CLAIM_TIMEOUT_MS = 5 * 60_000;
const STATUS_LINK_TTL_MS = 365 * 86_400_000;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

type SignupRow = NonNullable<Awaited<ReturnType<typeof prisma.signupRequest.findUnique>>>;
type Summary = { pharmacyName: string; subdomain: string; email: string };

export type VerifyResult =
  | { state: "invalid" }
  | { state: "disabled" }
  | { state: "expired"; signup: Summary }
  | { state: "used"; signup: Summary; instanceId: string }
  | { state: "busy"; signup: Summary }
  | { state: "subdomain_taken"; signup: Summary; suggestion?: string }
  | { state: "subdomain_invalid"; signup: Summary; problem: SubdomainProblem; suggestion?: string }
  | { state: "created"; signup: Summary; instanceId: string; statusToken: string };

export type VerifyOptions = { token: string; now: Date; ip: string; requestId?: string; userAgent?: string; /** A new choice after a conflict. */ subdomain?: string };

const summary = (row: SignupRow, subdomain = row.subdomain): Summary => ({ pharmacyName: row.pharmacyName, subdomain, email: row.email });

export function statusTokenFor(instanceId: string, now: Date): string {
  return signOwnerToken("status", instanceId, new Date(now.getTime() + STATUS_LINK_TTL_MS));
}

/** Reads a token without changing anything (the verification page before a new subdomain is posted). */
export async function findSignupByToken(token: string) {
  if (!TOKEN_FORMAT.test(token)) return null;
  return prisma.signupRequest.findUnique({ where: { tokenHash: hashSignupToken(token) } });
}

async function claim(row: SignupRow, subdomain: string, now: Date): Promise<boolean> {
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const claimed = await prisma.$executeRaw`
    UPDATE signup_requests SET verified_at = ${now}, subdomain = ${subdomain}
    WHERE id = ${row.id} AND instance_id IS NULL AND expires_at > ${now} AND (verified_at IS NULL OR verified_at < ${stale})`;
  return claimed === 1;
}

async function release(id: string): Promise<void> {
  await prisma.$executeRaw`UPDATE signup_requests SET verified_at = NULL WHERE id = ${id} AND instance_id IS NULL`;
}

/** After a conflict: is the instance holding the subdomain the one this request made before dying? */
async function ownEarlierInstance(row: SignupRow, subdomain: string): Promise<string | undefined> {
  const found = await prisma.instance.findFirst({
    where: { subdomain, ownerEmail: row.email, source: "self_service", createdAt: { gte: row.createdAt } },
    select: { id: true },
  });
  if (!found) return undefined;
  const linked = await prisma.signupRequest.findFirst({ where: { instanceId: found.id }, select: { id: true } });
  return linked ? undefined : found.id;
}

export async function verifySignup(options: VerifyOptions): Promise<VerifyResult> {
  const { now } = options;
  await enforceRateLimits([{ key: `signup-verify:ip:${options.ip}`, limit: 60, windowSeconds: 600 }], now, "Too many verification attempts; wait a few minutes.");
  const row = await findSignupByToken(options.token);
  if (!row) return { state: "invalid" };
  if (row.instanceId) return { state: "used", signup: summary(row), instanceId: row.instanceId };
  if (row.expiresAt <= now) return { state: "expired", signup: summary(row) };
  if (!(await isSelfServiceEnabled())) return { state: "disabled" };

  const subdomain = options.subdomain !== undefined ? normalizeSubdomain(options.subdomain) : row.subdomain;
  const problem = subdomainProblem(subdomain);
  if (problem) return { state: "subdomain_invalid", signup: summary(row, subdomain), problem, suggestion: (await checkSubdomain(subdomain)).suggestion };
  if (!(await claim(row, subdomain, now))) {
    const current = await prisma.signupRequest.findUniqueOrThrow({ where: { id: row.id } });
    if (current.instanceId) return { state: "used", signup: summary(current), instanceId: current.instanceId };
    return current.expiresAt <= now ? { state: "expired", signup: summary(current) } : { state: "busy", signup: summary(current) };
  }

  const actor = signupActor(row.email, options);
  let instanceId: string;
  try {
    const instance = await createInstance({
      request: { name: row.pharmacyName, subdomain, ownerEmail: row.email, ownerName: row.ownerName, ownerPhone: row.phone ?? undefined, country: row.country ?? undefined, locale: row.locale === "en" ? "en" : "fr", planType: "trial" },
      actor,
      now,
      source: "self_service",
    });
    instanceId = instance.id;
  } catch (error) {
    const conflict = error instanceof AppError && error.code === "conflict";
    const recovered = conflict ? await ownEarlierInstance(row, subdomain) : undefined;
    if (!recovered) {
      await release(row.id);
      if (!conflict) throw error;
      await recordAudit(prisma, actor, { action: "signup.subdomain_taken", targetType: "signup_request", targetId: row.id, after: { subdomain } });
      return { state: "subdomain_taken", signup: summary(row, subdomain), suggestion: (await checkSubdomain(subdomain)).suggestion };
    }
    instanceId = recovered;
  }
  try {
    await prisma.$transaction(async (tx) => {
      await tx.signupRequest.update({ where: { id: row.id }, data: { instanceId, verifiedAt: now, subdomain } });
      await recordAudit(tx, actor, { action: "signup.verify", targetType: "signup_request", targetId: row.id, instanceId, after: { instanceId, subdomain, email: row.email } });
    });
  } catch (error) {
    // The instance exists; the claim times out and a later click links it (ownEarlierInstance).
    logger.error({ err: error, signupId: row.id, instanceId }, "could not link the sign-up to its instance");
    throw error;
  }
  return { state: "created", signup: summary(row, subdomain), instanceId, statusToken: statusTokenFor(instanceId, now) };
}
