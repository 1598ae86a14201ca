// GET /api/admin/notifications/[id] — one message with its rendered content
import { withAdmin } from "@/lib/api/with-admin";
import { getNotificationOrThrow } from "@/lib/services/notifications/outbox.service";

export const GET = withAdmin<{ id: string }>(async ({ params }) => getNotificationOrThrow(params.id));
