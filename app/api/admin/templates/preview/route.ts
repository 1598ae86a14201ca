// POST /api/admin/templates/preview — render a template (a draft or the current version) with sample data
// It writes nothing, but withAdmin's rule is by method: a POST is for SUPER_ADMIN only.
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { previewTemplate } from "@/lib/services/notifications/templates.service";
import { ZPreviewTemplateRequest } from "@/types/notifications";

export const POST = withAdmin(async ({ req, now }) => {
  const body = await parseJsonBody(req, ZPreviewTemplateRequest);
  return previewTemplate({ ...body, now });
});
