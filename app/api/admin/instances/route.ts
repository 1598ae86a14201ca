// GET /api/admin/instances — list (status, plan, country, q, sort, cursor, limit) with a total, reused for 1 s
// POST /api/admin/instances — create an instance { name, subdomain, ownerEmail, ownerPhone?, country?, planType }
import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody, parseQuery } from "@/lib/http";
import { createReadCache, reusedJson } from "@/lib/read-cache";
import { createInstance, listInstances } from "@/lib/services/instance.service";
import { ZCreateInstanceRequest, ZListInstancesQuery } from "@/types/instances";

// A page is reused for a second (any write through this process empties the cache; see lib/read-cache).
const pages = createReadCache<string>({ ttlMs: 1_000, maxEntries: 200 });

export const GET = withAdmin(async ({ req }) => {
  const query = parseQuery(req, ZListInstancesQuery);
  return reusedJson(req, pages, JSON.stringify(query), () => listInstances(query));
});

export const POST = withAdmin(async ({ req, actor, now }) => {
  const request = await parseJsonBody(req, ZCreateInstanceRequest);
  const instance = await createInstance({ request, actor, now });
  return NextResponse.json(instance, { status: 201 });
});
