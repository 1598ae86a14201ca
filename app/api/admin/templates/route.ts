// GET /api/admin/templates — the current version of every template (key × channel × locale)
import { withAdmin } from "@/lib/api/with-admin";
import { listTemplates } from "@/lib/services/notifications/templates.service";

export const GET = withAdmin(async () => ({ data: await listTemplates() }));
