/**
 * Payments started by a pharmacy owner from a payment link (no account): the link decides the
 * instance (and the plan, for a plan change); the amount still comes from the plan price.
 */
import { z } from "zod";
import { systemActor } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { initiatePayment, ZInitiatePaymentRequest, type InitiateResponse } from "@/lib/services/payment.service";
import { resolvePaymentLink } from "@/lib/services/payment-link.service";
import { enforceRateLimits } from "@/lib/services/rate-limit.service";

export const ZOwnerInitiateRequest = ZInitiatePaymentRequest.extend({
  instanceId: z.string().max(64).optional(),
  paymentLinkToken: z.string({ error: "is required (the token of your payment link)" }).min(10).max(300),
});
export type TOwnerInitiateRequest = z.infer<typeof ZOwnerInitiateRequest>;

const LINK_MESSAGES = {
  invalid: "This payment link is not valid.",
  expired: "This payment link has expired: ask for a new one.",
  used: "This payment link has already been used.",
  revoked: "This payment link was revoked.",
} as const;

export async function initiateOwnerPayment(options: { request: TOwnerInitiateRequest; ip: string; now: Date; requestId?: string; idempotencyKey?: string }): Promise<InitiateResponse> {
  const { request, now } = options;
  await enforceRateLimits([{ key: `pay:ip:${options.ip}`, limit: 30, windowSeconds: 600 }], now, "Too many payment attempts from this address; wait a few minutes.");
  const link = await resolvePaymentLink(request.paymentLinkToken, now);
  if (link.state !== "valid") throw new AppError(link.state === "invalid" ? "not_found" : "gone", LINK_MESSAGES[link.state], [{ path: "paymentLinkToken", message: link.state }]);
  if (request.instanceId && request.instanceId !== link.link.instanceId) {
    throw new AppError("validation_failed", "instanceId does not match the payment link.", [{ path: "instanceId", message: "mismatch" }]);
  }
  const planType = link.link.planCode && link.link.purpose === "CHANGE_PLAN" ? (link.link.planCode.toLowerCase() as "monthly" | "annual" | "lifetime") : request.planType;
  return initiatePayment({
    request: { ...request, instanceId: link.link.instanceId, planType },
    actor: systemActor("owner", { type: "owner", id: link.link.instanceId, label: `owner of ${link.link.instance.subdomain}`, ip: options.ip, requestId: options.requestId }),
    now,
    initiatedBy: "owner",
    paymentLinkId: link.link.id,
    idempotencyKey: options.idempotencyKey,
  });
}
