// GET /inscription/verifier/[token] — follow the one-time link: creates the trial instance once, then the welcome page
// POST /inscription/verifier/[token] — { subdomain } another address, when the first one was taken meanwhile
import { assertSameSite, html, ownerPage, readForm, seeOther, type OwnerContext } from "@/lib/owner-web/http";
import { SubdomainChoiceView, VerifyStateView } from "@/lib/owner-web/views/verify";
import { verifySignup, type VerifyResult } from "@/lib/services/signup-verify";

type Params = { token: string };

const STATUS: Record<VerifyResult["state"], number> = { created: 303, invalid: 404, expired: 410, used: 410, busy: 409, disabled: 403, subdomain_taken: 409, subdomain_invalid: 422 };

async function answer(ctx: OwnerContext<Params>, result: VerifyResult): Promise<Response> {
  if (result.state === "created") return seeOther(`/inscription/bienvenue/${result.statusToken}`);
  const status = STATUS[result.state];
  if (result.state === "subdomain_taken" || result.state === "subdomain_invalid") return html(SubdomainChoiceView({ ctx, result }), { status });
  return html(VerifyStateView({ ctx, result }), { status });
}

export const GET = ownerPage<Params>(async (ctx) => {
  const result = await verifySignup({ token: ctx.params.token, now: ctx.now, ip: ctx.ip, requestId: ctx.requestId, userAgent: ctx.userAgent });
  return answer(ctx, result);
});

export const POST = ownerPage<Params>(async (ctx) => {
  assertSameSite(ctx.req);
  const form = await readForm(ctx.req);
  const result = await verifySignup({ token: ctx.params.token, now: ctx.now, ip: ctx.ip, requestId: ctx.requestId, userAgent: ctx.userAgent, subdomain: form.subdomain ?? "" });
  return answer(ctx, result);
});
