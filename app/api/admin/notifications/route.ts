// GET /api/admin/notifications — the outbox, newest first (?status, channel, instanceId, templateKey, cursor, limit)
import { withAdmin } from "@/lib/api/with-admin";
import { parseQuery } from "@/lib/http";
import { listNotifications } from "@/lib/services/notifications/outbox.service";
import { ZListNotificationsRequest } from "@/types/notifications";

export const GET = withAdmin(async ({ req }) => listNotifications(parseQuery(req, ZListNotificationsRequest)));
