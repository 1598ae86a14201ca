// GET /api/admin/settings — console settings (reminder window) with where each value comes from
// PUT /api/admin/settings — { reminderWindowDays } (audited)
import { withAdmin } from "@/lib/api/with-admin";
import { parseJsonBody } from "@/lib/http";
import { getConsoleSettings, updateConsoleSettings, ZConsoleSettingsRequest } from "@/lib/services/settings.service";

export const GET = withAdmin(async () => getConsoleSettings());

export const PUT = withAdmin(async ({ req, actor }) => {
  const request = await parseJsonBody(req, ZConsoleSettingsRequest);
  return updateConsoleSettings({ request, actor });
});
