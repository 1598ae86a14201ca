// PUT /api/admin/instances/[id]/notification-preferences — opt an owner out of (or back into) email / WhatsApp
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { updateNotificationPreferences } from "@/lib/services/notifications/preferences.service";
import { ZNotificationPreferencesRequest } from "@/types/notifications";

export const PUT = withAdmin<{ id: string }>(async ({ req, params, actor, now }) => {
  const body = await parseJsonBody(req, ZNotificationPreferencesRequest);
  return updateNotificationPreferences({ instanceId: params.id, ...body, actor, now });
});
