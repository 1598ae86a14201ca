// POST /api/webhooks/stripe — payment events from stripe (signature verified on the raw body)
import { withWebhook } from "@/lib/api/with-webhook";
import { ingestPaymentWebhook } from "@/lib/services/payment-webhooks";

export const POST = withWebhook("stripe", async ({ rawBody, headers, now }) => ingestPaymentWebhook("STRIPE", rawBody, headers, now));
