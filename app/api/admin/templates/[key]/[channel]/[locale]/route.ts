// GET /api/admin/templates/[key]/[channel]/[locale] — the current version of one template
// PUT /api/admin/templates/[key]/[channel]/[locale] — save a new version (validated, audited)
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { getTemplate, templateRef, updateTemplate } from "@/lib/services/notifications/templates.service";
import { ZUpdateTemplateRequest } from "@/types/notifications";

type Params = { key: string; channel: string; locale: string };

export const GET = withAdmin<Params>(async ({ params }) => getTemplate(templateRef(params.key, params.channel, params.locale)));

export const PUT = withAdmin<Params>(async ({ req, params, actor, now }) => {
  const ref = templateRef(params.key, params.channel, params.locale);
  const body = await parseJsonBody(req, ZUpdateTemplateRequest);
  return updateTemplate({ ...ref, ...body, actor, now });
});
