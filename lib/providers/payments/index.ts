/**
 * The configured payment adapters. A provider must be listed in PAYMENT_PROVIDERS (lib/env.ts,
 * which also checks that its keys are present) to be used. MANUAL payments need no adapter.
 */
import { env, type PaymentProviderName } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { createAvadapayAdapter } from "./avadapay";
import { createSandboxAdapter } from "./sandbox";
import { createStripeAdapter } from "./stripe";
import { createStrowalletAdapter } from "./strowallet";
import type { PaymentAdapter } from "./types";

export const PROVIDER_NAMES: Record<PaymentProviderName, PaymentProvider> = {
  sandbox: "SANDBOX",
  stripe: "STRIPE",
  avadapay: "AVADAPAY",
  strowallet: "STROWALLET",
};

const cache = new Map<PaymentProvider, PaymentAdapter>();

function build(provider: PaymentProvider): PaymentAdapter {
  const e = env();
  switch (provider) {
    case "SANDBOX":
      return createSandboxAdapter();
    case "STRIPE":
      return createStripeAdapter({ secretKey: e.STRIPE_SECRET_KEY!, webhookSecret: e.STRIPE_WEBHOOK_SECRET!, apiUrl: e.STRIPE_API_URL });
    case "AVADAPAY":
      return createAvadapayAdapter({
        apiKey: e.AVADAPAY_API_KEY!,
        merchantId: e.AVADAPAY_MERCHANT_ID!,
        webhookSecret: e.AVADAPAY_WEBHOOK_SECRET!,
        apiUrl: e.AVADAPAY_API_URL,
        callbackUrl: `${e.APP_URL}/api/webhooks/avadapay`,
      });
    case "STROWALLET":
      return createStrowalletAdapter({
        publicKey: e.STROWALLET_PUBLIC_KEY!,
        secretKey: e.STROWALLET_SECRET_KEY!,
        webhookSecret: e.STROWALLET_WEBHOOK_SECRET!,
        apiUrl: e.STROWALLET_API_URL,
        callbackUrl: `${e.APP_URL}/api/webhooks/strowallet`,
      });
    case "MANUAL":
      throw new AppError("validation_failed", "Manual payments are recorded, not initiated.", [{ path: "paymentMethod", message: "use POST /api/admin/payments/manual" }]);
  }
}

export function enabledProviders(): PaymentProvider[] {
  return env().PAYMENT_PROVIDERS.map((name) => PROVIDER_NAMES[name]);
}

export function isEnabled(provider: PaymentProvider): boolean {
  return enabledProviders().includes(provider);
}

/** The adapter of an enabled provider; 422 naming the field when it is not enabled. */
export function paymentAdapter(provider: PaymentProvider): PaymentAdapter {
  if (!isEnabled(provider)) {
    throw new AppError("validation_failed", `The payment method ${provider.toLowerCase()} is not enabled on this console.`, [
      { path: "paymentMethod", message: `enabled: ${env().PAYMENT_PROVIDERS.join(", ")}` },
    ]);
  }
  let adapter = cache.get(provider);
  if (!adapter) {
    adapter = build(provider);
    cache.set(provider, adapter);
  }
  return adapter;
}

/** For tests: replace an adapter (e.g. a sandbox with an injected clock, a real adapter aimed at a fake). */
export function setPaymentAdapterForTests(provider: PaymentProvider, adapter: PaymentAdapter | undefined): void {
  if (adapter) cache.set(provider, adapter);
  else cache.delete(provider);
}
