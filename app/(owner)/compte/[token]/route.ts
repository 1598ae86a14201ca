// GET /compte/[token] — the owner's status page (the statusLink of every message): plan, renewal, payments, invoices
import { html, ownerPage } from "@/lib/owner-web/http";
import { AccountLinkView, AccountView } from "@/lib/owner-web/views/account";
import { loadOwnerAccount } from "@/lib/services/owner-account";
import { verifyOwnerToken } from "@/lib/services/owner-links";

export const GET = ownerPage<{ token: string }>(async (ctx) => {
  const check = verifyOwnerToken("status", ctx.params.token, ctx.now);
  if (!check.ok) return html(AccountLinkView({ ctx, reason: check.reason === "expired" ? "expired" : "invalid" }), { status: check.reason === "expired" ? 410 : 404 });
  const account = await loadOwnerAccount(check.id, ctx.now);
  if (!account) return html(AccountLinkView({ ctx, reason: "invalid" }), { status: 404 });
  return html(AccountView({ ctx, account, token: ctx.params.token }));
});
