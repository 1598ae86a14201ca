// POST /api/admin/instances/[id]/redeploy — a new production deployment of the pharmacy app
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { redeployInstance } from "@/lib/services/instance.service";

export const POST = withAdmin<{ id: string }>(async ({ params, actor, now }) => NextResponse.json(await redeployInstance({ id: params.id, actor, now }), { status: 201 }));
