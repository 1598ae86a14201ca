// GET /api/admin/audit — the audit log, newest first (?actorId, action (prefix), instanceId, targetType, targetId, from, to, cursor, limit)
import { withAdmin } from "@/lib/api/with-admin";
import { parseQuery } from "@/lib/http";
import { listAuditEntries } from "@/lib/services/audit.service";
import { auditFilters, ZAuditQuery } from "@/types/audit";

export const GET = withAdmin(async ({ req }) => {
  const query = parseQuery(req, ZAuditQuery);
  return listAuditEntries({ ...auditFilters(query), cursor: query.cursor, limit: query.limit });
});
