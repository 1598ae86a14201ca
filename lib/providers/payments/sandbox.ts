/**
 * The local default: payments that move no money, with outcomes chosen by the number used, so the
 * whole flow (success, decline, silence, provider outage) can be tried without keys.
 *
 * Mobile money (a phone number): the push is "approved" 3 seconds after it was sent — asking for
 * its state (reconciliation, the payment page's live status) then reports success. Numbers ending
 *   0000 → declined (insufficient funds)     1111 → never answers (expires at reconciliation)
 *   2222 → provider unavailable (timeout)     anything else → approved
 * Cards (Stripe's test numbers):
 *   4242 4242 4242 4242 → succeeds, saved for renewals
 *   4000 0000 0000 0002 → declined
 *   4000 0000 0000 0341 → saved, but every later renewal charge is declined
 *   4000 0000 0000 9995 → insufficient funds
 * The provider reference encodes the outcome and the time, so the adapter keeps no state.
 */
import crypto from "node:crypto";
import type {
  ChargeSavedInput,
  InitiatePaymentInput,
  PaymentAdapter,
  PaymentResult,
  ProviderEvent,
  RefundInput,
  RefundResult,
  SavedMethod,
} from "./types";
import { ProviderUnavailableError, WebhookSignatureError } from "./types";

export const SANDBOX_APPROVAL_DELAY_MS = 3_000;

type Outcome = "ok" | "decline" | "silent" | "funds";

function phoneOutcome(phone: string): Outcome | "down" {
  if (phone.endsWith("0000")) return "decline";
  if (phone.endsWith("1111")) return "silent";
  if (phone.endsWith("2222")) return "down";
  return "ok";
}

const CARDS: Record<string, { initial: Outcome; renewals: Outcome; brand: string }> = {
  "4242424242424242": { initial: "ok", renewals: "ok", brand: "visa" },
  "4000000000000002": { initial: "decline", renewals: "decline", brand: "visa" },
  "4000000000000341": { initial: "ok", renewals: "decline", brand: "visa" },
  "4000000000009995": { initial: "funds", renewals: "funds", brand: "visa" },
};

function reference(kind: "mm" | "card", outcome: Outcome, at: number): string {
  return `sbx_${kind}_${outcome}_${at}_${crypto.randomBytes(6).toString("hex")}`;
}

function parseReference(ref: string): { kind: string; outcome: Outcome; at: number } | undefined {
  const match = /^sbx_(mm|card)_(ok|decline|silent|funds)_(\d+)_[0-9a-f]+$/.exec(ref);
  return match ? { kind: match[1]!, outcome: match[2] as Outcome, at: Number(match[3]) } : undefined;
}

const failures = {
  decline: { code: "card_declined", message: "Paiement refusé par la banque (sandbox)." },
  funds: { code: "insufficient_funds", message: "Solde insuffisant (sandbox)." },
  mmDecline: { code: "insufficient_funds", message: "Le payeur a refusé ou n'a pas assez de solde (sandbox)." },
};

function cardResult(outcome: Outcome, ref: string, saved?: SavedMethod): PaymentResult {
  if (outcome === "ok") return { outcome: "succeeded", providerReference: ref, nextAction: { type: "none" }, savedMethod: saved };
  return { outcome: "failed", providerReference: ref, nextAction: { type: "none" }, failure: outcome === "funds" ? failures.funds : failures.decline };
}

export function createSandboxAdapter(clock: () => number = Date.now): PaymentAdapter {
  return {
    provider: "SANDBOX",
    methods: ["mobile_money", "card"],

    async initiate(input: InitiatePaymentInput): Promise<PaymentResult> {
      if (input.phone) {
        const outcome = phoneOutcome(input.phone);
        if (outcome === "down") throw new ProviderUnavailableError("sandbox", "Sandbox mobile-money operator timed out (number ending 2222).");
        return { outcome: "pending", providerReference: reference("mm", outcome, clock()), nextAction: { type: "approve_on_phone", phone: input.phone } };
      }
      const number = (input.sandboxCardNumber ?? "").replace(/\D/g, "");
      const card = CARDS[number];
      if (!card) {
        return { outcome: "failed", nextAction: { type: "none" }, failure: { code: "invalid_number", message: "Numéro de carte de test inconnu (voir README : 4242 4242 4242 4242)." } };
      }
      const saved: SavedMethod | undefined = input.saveMethod
        ? { type: "card", brand: card.brand, last4: number.slice(-4), expMonth: 12, expYear: new Date(clock()).getUTCFullYear() + 3, externalMethodId: `sbx_pm_${number.slice(-4)}_${crypto.randomBytes(4).toString("hex")}` }
        : undefined;
      return cardResult(card.initial, reference("card", card.initial, clock()), saved);
    },

    async chargeSaved(input: ChargeSavedInput): Promise<PaymentResult> {
      if (input.method.type === "mobile_money") {
        return this.initiate({ ...input, payer: { email: "", locale: "fr" }, phone: input.method.phone, successUrl: "", cancelUrl: "", saveMethod: false });
      }
      const last4 = /^sbx_pm_(\d{4})_/.exec(input.method.externalMethodId ?? "")?.[1];
      const card = Object.entries(CARDS).find(([number]) => number.endsWith(last4 ?? "none"))?.[1];
      if (!card) return { outcome: "failed", nextAction: { type: "none" }, failure: { code: "payment_method_unknown", message: "Carte enregistrée inconnue (sandbox)." } };
      return cardResult(card.renewals, reference("card", card.renewals, clock()));
    },

    async retrieve(providerReference: string) {
      const parsed = parseReference(providerReference);
      if (!parsed) return { outcome: "failed" as const, providerReference, failure: { code: "unknown_reference", message: "Référence sandbox inconnue." } };
      if (parsed.kind === "card") return cardResult(parsed.outcome, providerReference);
      if (parsed.outcome === "silent" || clock() - parsed.at < SANDBOX_APPROVAL_DELAY_MS) return { outcome: "pending" as const, providerReference };
      if (parsed.outcome === "ok") return { outcome: "succeeded" as const, providerReference };
      return { outcome: "failed" as const, providerReference, failure: failures.mmDecline };
    },

    async refund(input: RefundInput): Promise<RefundResult> {
      return { outcome: "succeeded", providerReference: `sbx_re_${crypto.createHash("sha256").update(input.idempotencyKey).digest("hex").slice(0, 16)}` };
    },

    async parseWebhook(): Promise<ProviderEvent> {
      throw new WebhookSignatureError("The sandbox sends no webhooks: its outcomes are read back on demand.");
    },
  };
}
