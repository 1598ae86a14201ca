// GET /api/admin/settings/self-service — is self-service sign-up open? { enabled, isDefault, updatedAt, updatedById }
// PUT /api/admin/settings/self-service — open or close self-service sign-up { enabled } (audited)
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { getSelfService, setSelfServiceEnabled, ZSelfServiceRequest } from "@/lib/services/settings.service";

export const GET = withAdmin(async () => getSelfService());

export const PUT = withAdmin(async ({ req, actor }) => {
  const { enabled } = await parseJsonBody(req, ZSelfServiceRequest);
  return setSelfServiceEnabled({ enabled, actor });
});
