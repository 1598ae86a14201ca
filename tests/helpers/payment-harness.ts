/** What a payment provider's contract test must be given: it plays the payer and the provider in that provider's wire format. */
import type { Currency } from "@/lib/money";
import type { Loopback, RouteMatch, SignedDelivery } from "../fakes/loopback";
import type { WebhookProvider } from "./payments";

export type ProviderHarness = {
  provider: WebhookProvider;
  /** What the client sends as paymentMethod. */
  paymentMethod: string;
  /** The instance's country: its default currency is the one this provider is tested in. */
  country: string;
  currency: Currency;
  /** The header that carries the signature (removed to test a missing one). */
  signatureHeader: string;
  /** Sets the environment, starts the fake and registers the real adapter aimed at it. */
  start(): Promise<Loopback>;
  stop(): Promise<void>;
  /** Extra fields of the initiation body (the phone for mobile money). */
  initiateExtras(instance: { ownerPhone: string | null }): Record<string, unknown>;
  initiationRoute: RouteMatch;
  retrieveRoute: RouteMatch;
  /** How many objects (sessions, pushes, checkouts) the provider holds for one of our payments. */
  providerObjectsFor(paymentId: string): number;
  /** The payer completes the payment at the provider: the signed success delivery. */
  pay(providerReference: string): SignedDelivery;
  /** The payer completes the object the provider made for our payment when we never heard its reference. */
  payByPaymentId(paymentId: string): SignedDelivery;
  /** The payer's attempt fails at the provider: its signed delivery and the status it leads to. */
  decline(providerReference: string): { delivery: SignedDelivery; status: "FAILED" | "CANCELED" };
  /** A failure event about the same payment (a new event id), as a late or out-of-order delivery. */
  failureOf(success: SignedDelivery): SignedDelivery;
  /** A correctly signed success about a payment we never made. */
  unknownPayment(): SignedDelivery;
  /** The same body signed with another secret. */
  resign(delivery: SignedDelivery, secret: string): SignedDelivery;
  /** Minor units refunded at the provider for one of our payments. */
  refundedAtProvider(providerReference: string): number;
  /** Makes the saved method decline every later charge. */
  declineSavedMethod(externalMethodId: string): void;
  /** A renewal that is still pending after the job charged it (mobile money): the provider's failure callback. */
  renewalFailure?(paymentId: string): SignedDelivery;
};
