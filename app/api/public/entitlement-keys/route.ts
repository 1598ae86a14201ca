// GET /api/public/entitlement-keys — the public key(s) entitlement tokens are signed with (JWKS)
import { NextResponse } from "next/server";
import { withPublic } from "@/lib/api/with-public";
import { publicJwks } from "@/lib/services/entitlement.service";

export const GET = withPublic(async () => NextResponse.json(await publicJwks(), { headers: { "cache-control": "public, max-age=3600" } }));
