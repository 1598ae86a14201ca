// GET /inscription/bienvenue/[token] — the welcome page after a sign-up (signed status token: safe to reload)
import { prisma } from "@/lib/db";
import { html, ownerPage } from "@/lib/owner-web/http";
import { AccountLinkView } from "@/lib/owner-web/views/account";
import { WelcomeView } from "@/lib/owner-web/views/verify";
import { verifyOwnerToken } from "@/lib/services/owner-links";

export const GET = ownerPage<{ token: string }>(async (ctx) => {
  const check = verifyOwnerToken("status", ctx.params.token, ctx.now);
  if (!check.ok) return html(AccountLinkView({ ctx, reason: check.reason === "expired" ? "expired" : "invalid" }), { status: check.reason === "expired" ? 410 : 404 });
  const instance = await prisma.instance.findUnique({ where: { id: check.id }, include: { subscription: true } });
  if (!instance || instance.status === "DELETED") return html(AccountLinkView({ ctx, reason: "invalid" }), { status: 404 });
  return html(
    WelcomeView({
      ctx,
      data: { name: instance.name, subdomain: instance.subdomain, ownerName: instance.ownerName, status: instance.status, trialEnd: instance.subscription?.trialEndsAt ?? instance.subscription?.currentPeriodEnd ?? null, statusToken: ctx.params.token },
    }),
  );
});
