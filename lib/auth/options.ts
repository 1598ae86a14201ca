/**
 * next-auth (v4) with email + password for admin users. Sessions are JWTs in an HttpOnly cookie
 * (12 h); each request re-reads the user, so a disabled account or a changed role takes effect at
 * once (`sessionVersion`). Sign-in attempts are rate-limited per account and per IP before the
 * password is even checked.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { now } from "@/lib/clock";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { logger, maskEmail } from "@/lib/logger";
import { consumeRateLimit } from "@/lib/services/rate-limit.service";
import { recordAudit } from "@/lib/services/audit.service";
import { decoyHash, verifyPassword } from "@/lib/auth/password";
import type { AdminRole } from "@/lib/generated/prisma/enums";

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
export const LOGIN_LIMITS = { perAccount: 10, perIp: 50, windowSeconds: 15 * 60 };

const ZCredentials = z.object({ email: z.string().trim().toLowerCase().email().max(320), password: z.string().min(1).max(500) });

declare module "next-auth" {
  interface User {
    role: AdminRole;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: AdminRole };
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid: string;
    role: AdminRole;
    sv: number;
  }
}

export function clientIp(headers: Record<string, string | string[] | undefined> | Headers): string {
  const get = (name: string): string | undefined => {
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const forwarded = get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || get("x-real-ip") || "local";
}

export function secureCookies(): boolean {
  return env().APP_URL.startsWith("https://");
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().JWT_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
    useSecureCookies: secureCookies(),
    pages: { signIn: "/connexion", error: "/connexion" },
    providers: [
      CredentialsProvider({
        name: "email",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = ZCredentials.safeParse(credentials ?? {});
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const at = now();
          const ip = clientIp(request?.headers ?? {});
          const window = LOGIN_LIMITS.windowSeconds;
          const [account, address] = await Promise.all([
            consumeRateLimit({ key: `login:account:${email}`, limit: LOGIN_LIMITS.perAccount, windowSeconds: window }, at),
            consumeRateLimit({ key: `login:ip:${ip}`, limit: LOGIN_LIMITS.perIp, windowSeconds: window }, at),
          ]);
          if (!account.allowed || !address.allowed) {
            logger.warn({ email: maskEmail(email), ip }, "sign-in rate limited");
            throw new Error("rate_limited");
          }
          const user = await prisma.adminUser.findUnique({ where: { email }, omit: { passwordHash: false } });
          const valid = await verifyPassword(user?.passwordHash ?? (await decoyHash()), password);
          if (!user || !valid || user.disabledAt) {
            logger.info({ email: maskEmail(email), ip }, "sign-in refused");
            return null;
          }
          await prisma.$transaction(async (tx) => {
            await tx.adminUser.update({ where: { id: user.id }, data: { lastLoginAt: at } });
            await recordAudit(tx, { type: "admin", id: user.id, label: user.email, ip }, {
              action: "admin.sign_in",
              targetType: "admin_user",
              targetId: user.id,
            });
          });
          return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.uid, email: token.email ?? "", name: token.name ?? "", role: token.role };
        return session;
      },
    },
  };
}
