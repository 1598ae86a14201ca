// GET /inscription — the self-service sign-up form (or a plain notice when self-service is closed)
// POST /inscription — the form (urlencoded): queues the verification email, then "check your email"
import { AppError } from "@/lib/errors";
import { assertSameSite, html, ownerPage, readForm, seeOther } from "@/lib/owner-web/http";
import { errorText, SignupDisabledView, SignupFormView, type SignupErrors } from "@/lib/owner-web/views/signup";
import { isSelfServiceEnabled } from "@/lib/services/settings.service";
import { requestSignup, validateSignup, type SignupFieldError } from "@/lib/services/signup.service";

export const GET = ownerPage(async (ctx) => {
  if (!(await isSelfServiceEnabled())) return html(SignupDisabledView({ ctx }));
  return html(SignupFormView({ ctx }));
});

export const POST = ownerPage(async (ctx) => {
  assertSameSite(ctx.req);
  const form = await readForm(ctx.req);
  try {
    await requestSignup({ input: form, ip: ctx.ip, now: ctx.now, requestId: ctx.requestId, userAgent: ctx.userAgent });
  } catch (error) {
    if (error instanceof AppError && error.code === "forbidden") return html(SignupDisabledView({ ctx }), { status: 403 });
    if (error instanceof AppError && error.code === "validation_failed") {
      const errors: SignupErrors = {};
      for (const detail of (error.details ?? []) as SignupFieldError[]) errors[detail.path] ??= errorText(ctx, detail.code);
      const { fields } = validateSignup(form);
      return html(SignupFormView({ ctx, values: { ...fields, subdomain: form.subdomain ?? "", phone: form.phone ?? "" }, errors }), { status: 422 });
    }
    throw error;
  }
  // The same answer whether or not the email or the subdomain exist (and for a filled honeypot).
  return seeOther("/inscription/envoye");
});
