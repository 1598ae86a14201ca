// GET /api/health — is the console up, and can it reach its database?
import { withPublic } from "@/lib/api/with-public";
import { checkHealth } from "@/lib/services/health.service";
import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

export const GET = withPublic(async () => {
  const health = await checkHealth();
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
