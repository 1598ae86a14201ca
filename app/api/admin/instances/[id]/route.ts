// GET /api/admin/instances/[id] — one instance with its settings, subscription and latest deployment
// PATCH /api/admin/instances/[id] — change name, owner, country, locale (not the subdomain)
// DELETE /api/admin/instances/[id] — soft delete { confirm?: subdomain, purgeNow?: boolean }
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { deleteInstance, getInstanceDetail, updateInstance } from "@/lib/services/instance.service";
import { ZDeleteInstanceRequest, ZUpdateInstanceRequest } from "@/types/instances";

type Params = { id: string };

export const GET = withAdmin<Params>(async ({ params }) => getInstanceDetail(params.id));

export const PATCH = withAdmin<Params>(async ({ req, params, actor }) => {
  const request = await parseJsonBody(req, ZUpdateInstanceRequest);
  return updateInstance({ id: params.id, request, actor });
});

export const DELETE = withAdmin<Params>(async ({ req, params, actor, now }) => {
  const body = await parseJsonBody(req, ZDeleteInstanceRequest);
  return deleteInstance({ id: params.id, confirm: body.confirm, purgeNow: body.purgeNow, actor, now });
});
