// POST /api/webhooks/avadapay — payment events from avadapay (signature verified on the raw body)
import { withWebhook } from "@/lib/api/with-webhook";
import { ingestPaymentWebhook } from "@/lib/services/payment-webhooks";

export const POST = withWebhook("avadapay", async ({ rawBody, headers, now }) => ingestPaymentWebhook("AVADAPAY", rawBody, headers, now));
