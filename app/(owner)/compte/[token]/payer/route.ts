// POST /compte/[token]/payer — "pay or change plan": a fresh payment link made on the server, then /pay/<its token>
import { html, ownerPage, seeOther, assertSameSite } from "@/lib/owner-web/http";
import { AccountLinkView } from "@/lib/owner-web/views/account";
import { createOwnerPaymentLink } from "@/lib/services/owner-account";
import { verifyOwnerToken } from "@/lib/services/owner-links";

export const POST = ownerPage<{ token: string }>(async (ctx) => {
  assertSameSite(ctx.req);
  const check = verifyOwnerToken("status", ctx.params.token, ctx.now);
  if (!check.ok) return html(AccountLinkView({ ctx, reason: check.reason === "expired" ? "expired" : "invalid" }), { status: check.reason === "expired" ? 410 : 404 });
  const link = await createOwnerPaymentLink({ instanceId: check.id, now: ctx.now, ip: ctx.ip, requestId: ctx.requestId, userAgent: ctx.userAgent });
  if (!link) return html(AccountLinkView({ ctx, reason: "invalid" }), { status: 404 });
  return seeOther(new URL(link.url).pathname);
});
