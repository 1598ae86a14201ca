/**
 * Vercel webhook deliveries: `x-vercel-signature` is the HMAC-SHA1 (hex) of the raw body with the
 * webhook's secret. Verified in constant time before the body is parsed.
 *
 * Deployment events carry `payload.deployment.id` and `payload.project.id`; other event types are
 * returned without a state, so the caller can record them and move on. A bad signature throws
 * DeployWebhookSignatureError; a signed body that is not a Vercel event throws a SyntaxError.
 */
import { z } from "zod";
import { hmacHex, safeEqual } from "@/lib/crypto";
import type { DeploymentState } from "@/lib/generated/prisma/enums";
import { WebhookSignatureError } from "@/lib/providers/payments/types";
import type { DeployWebhookEvent } from "@/lib/providers/deploy/types";

/** A missing or forged `x-vercel-signature` (a WebhookSignatureError, so one wrapper answers 400). */
export class DeployWebhookSignatureError extends WebhookSignatureError {
  constructor(message = "The Vercel webhook signature is missing or invalid.") {
    super(message);
    this.name = "DeployWebhookSignatureError";
  }
}

/** What each deployment event says about the deployment's state. */
export const VERCEL_EVENT_STATES: Record<string, DeploymentState> = {
  "deployment.created": "QUEUED",
  "deployment.succeeded": "READY",
  "deployment.ready": "READY",
  "deployment.promoted": "READY",
  "deployment.error": "ERROR",
  "deployment.canceled": "CANCELED",
};

const ZVercelWebhookBody = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  payload: z
    .object({
      deployment: z.object({ id: z.string().optional(), projectId: z.string().optional() }).loose().optional(),
      project: z.object({ id: z.string().optional() }).loose().optional(),
      projectId: z.string().optional(),
    })
    .loose()
    .optional(),
});

export function signVercelBody(secret: string, rawBody: string): string {
  return hmacHex("sha1", secret, rawBody);
}

export function parseVercelWebhook(rawBody: string, headers: Headers, secret: string): DeployWebhookEvent {
  const signature = headers.get("x-vercel-signature")?.trim().toLowerCase();
  if (!signature || !safeEqual(signature, signVercelBody(secret, rawBody))) {
    throw new DeployWebhookSignatureError();
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new SyntaxError("The Vercel webhook body is not JSON.");
  }
  const parsed = ZVercelWebhookBody.safeParse(json);
  if (!parsed.success) throw new SyntaxError("The Vercel webhook body has no event id or type.");
  const body = parsed.data;
  const payload = body.payload;
  return {
    eventId: body.id,
    type: body.type,
    deploymentId: payload?.deployment?.id,
    projectId: payload?.project?.id ?? payload?.deployment?.projectId ?? payload?.projectId,
    state: VERCEL_EVENT_STATES[body.type],
    raw: json,
  };
}
