// POST /api/webhooks/vercel — deployment state callbacks (x-vercel-signature: HMAC-SHA1 of the raw body)
import { withWebhook } from "@/lib/api/with-webhook";
import { ingestVercelWebhook } from "@/lib/services/deployment-webhooks";

export const POST = withWebhook("vercel", async ({ rawBody, headers, now }) => ingestVercelWebhook(rawBody, headers, now));
