// GET /pay/[token] — the payment page of a payment link: plans with their price, the configured methods
// POST /pay/[token] — the form { plan, method, phone | cardNumber, nonce }: starts the payment, then its result page
// (or the provider's hosted checkout); a dead link gets its own page and nothing is charged.
import { holdsReceipt, receiptCookie } from "@/lib/owner-web/receipt";
import { assertSameSite, html, ownerPage, readForm, seeOther, type OwnerContext } from "@/lib/owner-web/http";
import { newNonce, submitPayment } from "@/lib/owner-web/pay-form";
import { LinkStateView, NothingToPayView, PayView } from "@/lib/owner-web/views/pay";
import { checkoutFor } from "@/lib/services/owner-checkout";
import { resolvePaymentLink } from "@/lib/services/payment-link.service";

type Params = { token: string };

async function dead(ctx: OwnerContext<Params>) {
  const state = await resolvePaymentLink(ctx.params.token, ctx.now);
  if (state.state === "valid") return { state };
  return { response: html(LinkStateView({ ctx, state: state.state, token: ctx.params.token }), { status: state.state === "invalid" ? 404 : 410 }) };
}

export const GET = ownerPage<Params>(async (ctx) => {
  const { state, response } = await dead(ctx);
  if (response) return response;
  const checkout = await checkoutFor(state!.link, ctx.now);
  if (checkout.kind === "nothing_to_pay") return html(NothingToPayView({ ctx, pharmacyName: state!.link.instance.name, reason: checkout.reason }));
  return html(PayView({ ctx, link: state!.link, checkout, nonce: newNonce() }));
});

export const POST = ownerPage<Params>(async (ctx) => {
  assertSameSite(ctx.req);
  const form = await readForm(ctx.req);
  const { state, response } = await dead(ctx);
  if (response) return response;
  const link = state!.link;
  const outcome = await submitPayment(ctx, link, form);
  switch (outcome.kind) {
    case "dead":
      return html(LinkStateView({ ctx, state: outcome.state, token: ctx.params.token }), { status: outcome.state === "invalid" ? 404 : 410 });
    case "nothing_to_pay":
      return html(NothingToPayView({ ctx, pharmacyName: link.instance.name, reason: outcome.reason }));
    case "invalid":
      return html(PayView({ ctx, link, checkout: outcome.checkout, nonce: newNonce(), values: outcome.values, errors: outcome.errors }), { status: outcome.status });
    case "pending":
      return seeOther(outcome.checkoutUrl && /^https?:\/\//.test(outcome.checkoutUrl) ? outcome.checkoutUrl : `/pay/result/${outcome.paymentId}`);
    case "started": {
      const { payment } = outcome;
      const next = payment.nextAction.type === "redirect" && /^https?:\/\//.test(payment.nextAction.url) ? payment.nextAction.url : `/pay/result/${payment.paymentId}`;
      const res = seeOther(next);
      if (!holdsReceipt(ctx.req, payment.paymentId)) res.headers.append("set-cookie", receiptCookie(payment.paymentId));
      return res;
    }
  }
});
