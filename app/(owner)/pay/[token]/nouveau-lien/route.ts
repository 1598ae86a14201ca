// POST /pay/[token]/nouveau-lien — a dead link asks for a new one: sent to the owner's email and WhatsApp, never shown
import { assertSameSite, ownerPage, seeOther } from "@/lib/owner-web/http";
import { requestNewPaymentLink } from "@/lib/services/owner-account";

export const POST = ownerPage<{ token: string }>(async (ctx) => {
  assertSameSite(ctx.req);
  await requestNewPaymentLink({ token: ctx.params.token, now: ctx.now, ip: ctx.ip, requestId: ctx.requestId, userAgent: ctx.userAgent });
  // The same page whatever the token named: nothing tells a guesser which links exist.
  return seeOther("/pay/lien-envoye");
});
