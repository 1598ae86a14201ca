/**
 * Who is signed in, for route handlers and pages. A session token is only trusted together with
 * the user row it names: disabled accounts, older session versions and changed roles are refused.
 */
import { getToken } from "next-auth/jwt";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { CREDENTIAL_REUSE_MS } from "@/lib/auth/api-tokens";
import { secureCookies } from "@/lib/auth/options";
import { createReadCache } from "@/lib/read-cache";
import type { AdminRole } from "@/lib/generated/prisma/enums";

export type AdminPrincipal = { id: string; email: string; name: string; role: AdminRole; locale: string };

type TokenRequest = Parameters<typeof getToken>[0]["req"];

const findUser = (id: string) => prisma.adminUser.findUnique({ where: { id } });
const recentUsers = createReadCache<Awaited<ReturnType<typeof findUser>>>({ ttlMs: CREDENTIAL_REUSE_MS, maxEntries: 1_000 });

/**
 * Reads and checks the session cookie of a request. With `reuse` (read requests only) the user row
 * may come from a request of the last CREDENTIAL_REUSE_MS (see lib/read-cache).
 */
export async function sessionPrincipal(req: TokenRequest, options: { reuse?: boolean } = {}): Promise<AdminPrincipal | undefined> {
  const token = await getToken({ req, secret: env().JWT_SECRET, secureCookie: secureCookies() });
  if (!token?.uid) return undefined;
  const uid = token.uid;
  const user = options.reuse ? (await recentUsers.get(uid, () => findUser(uid))).value : await findUser(uid);
  if (!user || user.disabledAt || user.sessionVersion !== token.sv) return undefined;
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

/** For server components: the signed-in admin, or a redirect to the sign-in page. */
export async function requireAdminPage(): Promise<AdminPrincipal> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const req = {
    headers: Object.fromEntries(headerStore.entries()),
    cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])),
  } as unknown as TokenRequest;
  const principal = await sessionPrincipal(req);
  if (!principal) redirect("/connexion");
  return principal;
}

export function canMutate(principal: Pick<AdminPrincipal, "role">): boolean {
  return principal.role === "SUPER_ADMIN";
}
