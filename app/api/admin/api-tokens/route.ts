// GET /api/admin/api-tokens — list the caller's tokens (super-admins see all)
// POST /api/admin/api-tokens — create a token for the caller; the token is in the response, once
import { withAdmin } from "@/lib/api/with-admin";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { addDays } from "@/lib/clock";
import { parseJsonBody } from "@/lib/http";
import { ZCreateApiTokenRequest } from "@/types/api-tokens";
import { NextResponse } from "next/server";

export const GET = withAdmin(async ({ principal }) => {
  const tokens = await listApiTokens(principal.role === "SUPER_ADMIN" ? undefined : principal.id);
  return {
    data: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      owner: t.adminUser.email,
      createdAt: t.createdAt,
      lastUsedAt: t.lastUsedAt,
      expiresAt: t.expiresAt,
      revokedAt: t.revokedAt,
    })),
  };
});

export const POST = withAdmin(async ({ req, principal, actor, now }) => {
  const body = await parseJsonBody(req, ZCreateApiTokenRequest);
  const created = await createApiToken({
    adminUserId: principal.id,
    name: body.name,
    expiresAt: body.expiresInDays ? addDays(now, body.expiresInDays) : undefined,
    actor,
  });
  return NextResponse.json(created, { status: 201 });
});
