// GET /api/admin/subscriptions/[id] — one subscription (by its id or its instance's id)
// PATCH /api/admin/subscriptions/[id] — { autoRenew?, cancelAtPeriodEnd? }
import { withAdmin } from "@/lib/api/with-admin";
import { prisma } from "@/lib/db";
import { parseJsonBody } from "@/lib/http";
import { getSubscriptionOrThrow, updateSubscription, ZUpdateSubscriptionRequest } from "@/lib/services/subscription.service";

type Params = { id: string };

export const GET = withAdmin<Params>(async ({ params }) => {
  const subscription = await getSubscriptionOrThrow(prisma, params.id);
  const periods = await prisma.subscriptionPeriod.findMany({ where: { subscriptionId: subscription.id }, orderBy: { startsAt: "desc" }, take: 100 });
  return { ...subscription, periods };
});

export const PATCH = withAdmin<Params>(async ({ req, params, actor }) => {
  const body = await parseJsonBody(req, ZUpdateSubscriptionRequest);
  return updateSubscription({ id: params.id, ...body, actor });
});
