// POST /api/webhooks/strowallet — payment events from strowallet (signature verified on the raw body)
import { withWebhook } from "@/lib/api/with-webhook";
import { ingestPaymentWebhook } from "@/lib/services/payment-webhooks";

export const POST = withWebhook("strowallet", async ({ rawBody, headers, now }) => ingestPaymentWebhook("STROWALLET", rawBody, headers, now));
