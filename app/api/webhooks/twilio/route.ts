// POST /api/webhooks/twilio — Twilio message status callbacks, verified with X-Twilio-Signature
import { withPublic } from "@/lib/api/with-public";
import { readBody } from "@/lib/http";
import { recordTwilioStatus, verifyTwilioSignature } from "@/lib/services/notifications/twilio-status";

export const dynamic = "force-dynamic";

export const POST = withPublic(async ({ req, now }) => {
  const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
  verifyTwilioSignature(req.headers.get("x-twilio-signature"), params);
  return recordTwilioStatus({ params, now });
});
