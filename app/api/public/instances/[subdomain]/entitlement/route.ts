// GET /api/public/instances/[subdomain]/entitlement — a signed, short-lived token saying whether the pharmacy app may run
import { NextResponse } from "next/server";
import { withPublic } from "@/lib/api/with-public";
import { entitlementFor, signEntitlement } from "@/lib/services/entitlement.service";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";

export const dynamic = "force-dynamic";

export const GET = withPublic<{ subdomain: string }>(async ({ params, now, ip }) => {
  await enforceRateLimits([{ key: `entitlement:${ip}`, limit: 600, windowSeconds: 60 }], now, "Too many entitlement requests from this address.");
  const entitlement = await entitlementFor(params.subdomain, now);
  const { token, expiresAt } = await signEntitlement(entitlement, now);
  return NextResponse.json({ token, expiresAt, ...entitlement }, { headers: { "cache-control": "no-store" } });
});
