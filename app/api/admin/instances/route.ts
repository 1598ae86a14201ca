// GET /api/admin/instances — list (status, plan, country, q, sort, cursor, limit) with a total
// POST /api/admin/instances — create an instance { name, subdomain, ownerEmail, ownerPhone?, country?, planType }
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody, parseQuery } from "@/lib/http";
import { createInstance, listInstances } from "@/lib/services/instance.service";
import { ZCreateInstanceRequest, ZListInstancesQuery } from "@/types/instances";

export const GET = withAdmin(async ({ req }) => listInstances(parseQuery(req, ZListInstancesQuery)));

export const POST = withAdmin(async ({ req, actor, now }) => {
  const request = await parseJsonBody(req, ZCreateInstanceRequest);
  const instance = await createInstance({ request, actor, now });
  return NextResponse.json(instance, { status: 201 });
});
