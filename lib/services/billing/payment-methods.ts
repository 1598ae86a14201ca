/**
 * Saved payment methods (a card on file, a mobile-money phone), stored when a provider reports one
 * — at initiation, in a webhook or at reconciliation — and attached to the payment, so that its
 * success makes it the subscription's default for renewals (settle-success).
 *
 * A card's key is the provider's token, which is unique to one customer. A phone is not a provider
 * token and two pharmacies may well share an owner's phone, so its key names the instance too:
 * each instance keeps its own row (deleting one instance must not take another's renewals with it).
 */
import type { Tx } from "@/lib/db";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import type { SavedMethod } from "@/lib/providers/payments/types";

export function methodKey(instanceId: string, method: SavedMethod): string | undefined {
  if (method.externalMethodId) return method.externalMethodId;
  return method.phone ? `phone:${instanceId}:${method.phone}` : undefined;
}

/** Upserts the method and attaches it to the payment; returns its id (undefined when nothing reusable was reported). */
export async function savePaymentMethod(tx: Tx, payment: { id: string; instanceId: string; provider: PaymentProvider }, method: SavedMethod | undefined): Promise<string | undefined> {
  if (!method) return undefined;
  const externalMethodId = methodKey(payment.instanceId, method);
  if (!externalMethodId) return undefined;
  const saved = await tx.paymentMethod.upsert({
    where: { provider_externalMethodId: { provider: payment.provider, externalMethodId } },
    create: {
      instanceId: payment.instanceId,
      provider: payment.provider,
      type: method.type,
      externalCustomerId: method.externalCustomerId ?? null,
      externalMethodId,
      brand: method.brand ?? null,
      last4: method.last4 ?? null,
      expMonth: method.expMonth ?? null,
      expYear: method.expYear ?? null,
      phone: method.phone ?? null,
    },
    update: { detachedAt: null },
  });
  await tx.payment.update({ where: { id: payment.id }, data: { paymentMethodId: saved.id } });
  return saved.id;
}
