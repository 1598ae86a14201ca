/**
 * The configured payment adapters. A provider must be listed in PAYMENT_PROVIDERS (lib/env.ts,
 * which also checks that its keys are present) to be used. MANUAL payments need no adapter.
 */
import { env, type PaymentProviderName } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { PaymentProvider } from "@/lib/generated/prisma/enums";
import { createSandboxAdapter } from "./sandbox";
import type { PaymentAdapter } from "./types";

export const PROVIDER_NAMES: Record<PaymentProviderName, PaymentProvider> = {
  sandbox: "SANDBOX",
  stripe: "STRIPE",
  avadapay: "AVADAPAY",
  strowallet: "STROWALLET",
};

const cache = new Map<PaymentProvider, PaymentAdapter>();

function build(provider: PaymentProvider): PaymentAdapter {
  switch (provider) {
    case "SANDBOX":
      return createSandboxAdapter();
    default:
      throw new AppError("validation_failed", `The ${provider} payment provider is not available in this build.`, [{ path: "paymentMethod", message: "unavailable" }]);
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
