// GET /api/admin/instances/check-subdomain?subdomain= — is this subdomain valid and free?
import { z } from "zod";
import { withAdmin } from "@/lib/api/with-admin";
import { parseQuery } from "@/lib/http";
import { checkSubdomain } from "@/lib/services/instance.service";

const ZQuery = z.object({ subdomain: z.string({ error: "is required" }).max(100) });

export const GET = withAdmin(async ({ req }) => checkSubdomain(parseQuery(req, ZQuery).subdomain));
