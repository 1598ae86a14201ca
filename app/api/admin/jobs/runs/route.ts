// GET /api/admin/jobs/runs — the daily job's runs, newest first, each with its report
import { z } from "zod";
import { withAdmin } from "@/lib/api/with-admin";
import { parseQuery } from "@/lib/http";
import { listRuns } from "@/lib/services/jobs/ledger";

const ZQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(30), cursor: z.iso.date().optional() });

export const GET = withAdmin(async ({ req }) => listRuns({ ...parseQuery(req, ZQuery) }));
