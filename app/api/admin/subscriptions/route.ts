// GET /api/admin/subscriptions?status=expiring|expired|past_due|trialing|active|canceled[&days=7] — paginated
import { withAdmin } from "@/lib/api/with-admin";
import { parseQuery } from "@/lib/http";
import { listSubscriptions, ZListSubscriptionsQuery } from "@/lib/services/subscription.service";

export const GET = withAdmin(async ({ req, now }) => listSubscriptions(parseQuery(req, ZListSubscriptionsQuery), now));
