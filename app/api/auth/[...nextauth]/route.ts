// GET/POST /api/auth/* — next-auth (credentials sign-in, session, sign-out)
import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";

type NextAuthRouteContext = { params: Promise<{ nextauth: string[] }> };

async function handler(req: NextRequest, context: NextAuthRouteContext) {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
