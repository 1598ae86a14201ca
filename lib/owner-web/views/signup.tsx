/** /inscription — the sign-up form (works without JavaScript; /owner/signup.js adds the live address check). */
import { COUNTRIES } from "@/lib/countries";
import { env } from "@/lib/env";
import { format, intlLocale } from "@/lib/i18n";
import { HONEYPOT_FIELD, type SignupFields } from "@/lib/services/signup.service";
import type { OwnerContext } from "../http";
import { Card, ErrorList, FieldError, Message, Page } from "../layout";

type Ctx = OwnerContext<unknown>;
export type SignupErrors = Partial<Record<keyof SignupFields, string>>;

export function errorText(ctx: Ctx, code: string): string {
  const errors = ctx.t.signup.errors as Record<string, string>;
  return errors[code] ?? ctx.t.common.badRequestText;
}

function countryNames(ctx: Ctx): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames([intlLocale(ctx.locale)], { type: "region" });
  return COUNTRIES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, intlLocale(ctx.locale)));
}

function Input(props: { name: keyof SignupFields; label: string; value?: string; error?: string; type?: string; autoComplete?: string; placeholder?: string; hint?: string; inputMode?: "email" | "tel" | "text" }) {
  const describedBy = [props.hint ? `${props.name}-hint` : "", props.error ? `${props.name}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={props.name}>{props.label}</label>
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.value ?? ""}
        autoComplete={props.autoComplete}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        required
        maxLength={120}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.hint ? (
        <p className="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <FieldError id={`${props.name}-error`} message={props.error} />
    </div>
  );
}

export function SignupFormView({ ctx, values = {}, errors = {} }: { ctx: Ctx; values?: Partial<SignupFields>; errors?: SignupErrors }) {
  const t = ctx.t.signup;
  const messages = Object.values(errors).filter((m): m is string => Boolean(m));
  const locale = values.locale ?? ctx.locale;
  return (
    <Page ctx={ctx} title={t.title} scripts={["/owner/signup.js"]}>
      <Card>
        <h1>{t.title}</h1>
        <p className="muted">{t.intro}</p>
        <ErrorList title={ctx.t.common.errorsTitle} items={messages} />
        <form method="post" action="/inscription" noValidate id="signup-form" data-check-url="/api/public/subdomains/check" data-checking={t.checking} data-use={t.use}>
          <Input name="pharmacyName" label={t.pharmacyName} value={values.pharmacyName} error={errors.pharmacyName} placeholder={t.pharmacyNamePlaceholder} autoComplete="organization" />
          <div className="field">
            <label htmlFor="subdomain">{t.subdomain}</label>
            <div className="suffix">
              <input
                id="subdomain"
                name="subdomain"
                defaultValue={values.subdomain ?? ""}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                maxLength={40}
                pattern="[a-z0-9\-]*"
                aria-invalid={errors.subdomain ? true : undefined}
                aria-describedby="subdomain-hint subdomain-status subdomain-error"
              />
              <span>.{env().ROOT_DOMAIN}</span>
            </div>
            <p className="hint" id="subdomain-hint">
              {t.subdomainHint}
            </p>
            <p className="hint" id="subdomain-status" aria-live="polite" data-testid="subdomain-status" />
            <FieldError id="subdomain-error" message={errors.subdomain} />
          </div>
          <Input name="ownerName" label={t.ownerName} value={values.ownerName} error={errors.ownerName} autoComplete="name" />
          <Input name="email" label={t.email} value={values.email} error={errors.email} type="email" autoComplete="email" inputMode="email" />
          <Input name="phone" label={t.phone} value={values.phone} error={errors.phone} type="tel" autoComplete="tel" inputMode="tel" placeholder={t.phonePlaceholder} />
          <div className="field">
            <label htmlFor="country">{t.country}</label>
            <select id="country" name="country" defaultValue={values.country ?? ""} required aria-invalid={errors.country ? true : undefined} aria-describedby={errors.country ? "country-error" : undefined}>
              <option value="">{t.countryChoose}</option>
              {countryNames(ctx).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
            <FieldError id="country-error" message={errors.country} />
          </div>
          <div className="field">
            <label htmlFor="locale">{t.locale}</label>
            <select id="locale" name="locale" defaultValue={locale}>
              <option value="fr">Français</option>
              <option value="en">English</option>
            </select>
          </div>
          <div className="hp" aria-hidden="true">
            <label htmlFor={HONEYPOT_FIELD}>{t.honeypot}</label>
            <input id={HONEYPOT_FIELD} name={HONEYPOT_FIELD} tabIndex={-1} autoComplete="off" defaultValue="" />
          </div>
          <button className="btn" type="submit">
            {t.submit}
          </button>
          <p className="small" style={{ marginTop: ".75rem" }}>
            {t.consent}
          </p>
        </form>
      </Card>
    </Page>
  );
}

export function SignupSentView({ ctx }: { ctx: Ctx }) {
  const t = ctx.t.signup;
  return (
    <Message ctx={ctx} title={t.sentTitle} text={t.sentText}>
      <p className="muted">{t.sentSpam}</p>
      <a className="btn alt" href="/inscription">
        {t.again}
      </a>
    </Message>
  );
}

export function SignupDisabledView({ ctx }: { ctx: Ctx }) {
  const t = ctx.t.signup;
  return <Message ctx={ctx} title={t.disabledTitle} text={format(t.disabledText, { email: ctx.supportEmail })} tone="warn" />;
}
