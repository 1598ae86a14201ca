/** /pay/[token] — plans, price and the configured methods, in one HTML form that needs no JavaScript. */
import { env } from "@/lib/env";
import { format, formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import type { Checkout, MethodOption, OwnerMethod, PlanOption } from "@/lib/services/owner-checkout";
import type { PaymentLinkState } from "@/lib/services/payment-link.service";
import type { OwnerContext } from "../http";
import { Card, FieldError, Message, Page } from "../layout";

type Ctx = OwnerContext<unknown>;
type ValidLink = Extract<PaymentLinkState, { state: "valid" }>["link"];
export type PayValues = { plan?: string; method?: string; phone?: string };
export type PayErrors = { form?: string; plan?: string; method?: string; phone?: string; cardNumber?: string };

function PlanChoice({ ctx, option, checked, currency }: { ctx: Ctx; option: PlanOption; checked: boolean; currency: string }) {
  const t = ctx.t.pay;
  const money = (minor: number) => formatMoney(minor, currency, ctx.locale);
  const suffix = option.planCode === "MONTHLY" ? t.perMonth : option.planCode === "ANNUAL" ? t.perYear : t.once;
  return (
    <label className="choice" data-testid={`plan-${option.planType}`}>
      <span className="row">
        <input type="radio" name="plan" value={option.planType} defaultChecked={checked} required />
        <span className="grow">
          <span className="name">{planLabel(option.planCode, ctx.locale)}</span>
          <br />
          <span className="price">{money(option.quote.amountMinor)}</span> <span className="small">{suffix}</span>
          {option.savingMinor ? (
            <>
              <br />
              <span className="save">{format(t.saving, { amount: money(option.savingMinor), percent: option.savingPercent ?? 0 })}</span>
            </>
          ) : null}
          {option.quote.creditMinor > 0 ? <span className="small" style={{ display: "block" }}>{format(t.credit, { credit: money(option.quote.creditMinor), price: money(option.quote.priceMinor) })}</span> : null}
        </span>
      </span>
    </label>
  );
}

const METHOD_LABEL: Record<OwnerMethod, "mobileMoney" | "card" | "stripe"> = { mobile_money: "mobileMoney", card: "card", stripe: "stripe" };

function MethodChoice({ ctx, option, checked, values, errors, ownerPhone }: { ctx: Ctx; option: MethodOption; checked: boolean; values: PayValues; errors: PayErrors; ownerPhone: string | null }) {
  const t = ctx.t.pay;
  const hint = option.method === "mobile_money" ? t.mobileMoneyHint : option.method === "stripe" ? t.stripeHint : option.testCard ? undefined : t.cardHint;
  return (
    <div className="choice" data-testid={`method-${option.method}`}>
      <label className="row" style={{ margin: 0, fontWeight: 400 }}>
        <input type="radio" name="method" value={option.method} defaultChecked={checked} required />
        <span className="grow">
          <span className="name">{t[METHOD_LABEL[option.method]]}</span>
          {hint ? <span className="small" style={{ display: "block" }}>{hint}</span> : null}
        </span>
      </label>
      {option.method === "mobile_money" ? (
        <div className="more">
          <label htmlFor="phone">{t.phone}</label>
          <input id="phone" name="phone" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} defaultValue={values.phone ?? ownerPhone ?? ""} aria-invalid={errors.phone ? true : undefined} aria-describedby="phone-error" />
          <FieldError id="phone-error" message={errors.phone} />
        </div>
      ) : null}
      {option.testCard ? (
        <div className="more">
          <label htmlFor="cardNumber">{t.testCard}</label>
          <input id="cardNumber" name="cardNumber" inputMode="numeric" autoComplete="off" maxLength={23} placeholder="4242 4242 4242 4242" aria-invalid={errors.cardNumber ? true : undefined} aria-describedby="cardNumber-hint cardNumber-error" />
          <p className="hint" id="cardNumber-hint">
            {t.testCardHint}
          </p>
          <FieldError id="cardNumber-error" message={errors.cardNumber} />
        </div>
      ) : null}
    </div>
  );
}

export function PayView({ ctx, link, checkout, nonce, values = {}, errors = {} }: { ctx: Ctx; link: ValidLink; checkout: Extract<Checkout, { kind: "ready" }>; nonce: string; values?: PayValues; errors?: PayErrors }) {
  const t = ctx.t.pay;
  const { instance } = link;
  const subscription = instance.subscription!;
  const title = format(t.title, { pharmacyName: instance.name });
  const plan = values.plan ?? checkout.defaultPlan;
  const method = values.method ?? checkout.methods[0]?.method;
  const sandbox = checkout.methods.some((m) => m.provider === "SANDBOX");
  const status = `${ctx.t.common.subscription[subscription.status]}${subscription.currentPeriodEnd ? ` ${format(t.until, { date: formatDate(subscription.currentPeriodEnd, ctx.locale) })}` : ""}`;
  return (
    <Page ctx={ctx} title={title}>
      <Card>
        <h1 data-testid="pay-title">{title}</h1>
        <p className="muted">
          {instance.subdomain}.{env().ROOT_DOMAIN}
          <br />
          {format(t.current, { plan: planLabel(subscription.plan.code, ctx.locale), status })}
        </p>
        {sandbox ? <div className="alert warn">{ctx.t.common.sandbox}</div> : null}
        {errors.form ? (
          <div className="alert bad" role="alert" data-testid="pay-error">
            {errors.form}
          </div>
        ) : null}
      </Card>
      {checkout.methods.length === 0 ? (
        <Card>
          <p>{format(t.noMethod, { email: ctx.supportEmail })}</p>
        </Card>
      ) : (
        <form method="post" action={ctx.path} noValidate>
          <input type="hidden" name="nonce" value={nonce} />
          <Card>
            <fieldset>
              <legend>{t.choosePlan}</legend>
              {checkout.plans.map((option) => (
                <PlanChoice key={option.planType} ctx={ctx} option={option} checked={option.planType === plan} currency={checkout.currency} />
              ))}
              <FieldError id="plan-error" message={errors.plan} />
            </fieldset>
            <fieldset>
              <legend>{t.chooseMethod}</legend>
              {checkout.methods.map((option) => (
                <MethodChoice key={option.method} ctx={ctx} option={option} checked={option.method === method} values={values} errors={errors} ownerPhone={instance.ownerPhone} />
              ))}
              <FieldError id="method-error" message={errors.method} />
            </fieldset>
            <button className="btn" type="submit" data-testid="pay-submit">
              {t.submit}
            </button>
            <p className="small" style={{ marginTop: ".75rem" }}>
              {t.amountNote} {format(t.validUntil, { date: formatDate(link.expiresAt, ctx.locale) })}
            </p>
          </Card>
        </form>
      )}
    </Page>
  );
}

export type DeadLink = "invalid" | "expired" | "used" | "revoked";

/** An expired, tampered, used or revoked link: said plainly, with a way to get a new one sent. */
export function LinkStateView({ ctx, state, token }: { ctx: Ctx; state: DeadLink; token: string }) {
  const t = ctx.t.pay;
  const copy = { invalid: [t.invalidTitle, t.invalidText], expired: [t.expiredTitle, t.expiredText], used: [t.usedTitle, t.usedText], revoked: [t.revokedTitle, t.revokedText] }[state];
  return (
    <Message ctx={ctx} title={copy[0]!} text={copy[1]!} tone={state === "invalid" ? "bad" : "warn"}>
      <p className="muted">{t.newLinkText}</p>
      <form method="post" action={`/pay/${encodeURIComponent(token)}/nouveau-lien`}>
        <button className="btn" type="submit" data-testid="new-link">
          {t.newLink}
        </button>
      </form>
    </Message>
  );
}

export function LinkSentView({ ctx }: { ctx: Ctx }) {
  return <Message ctx={ctx} title={ctx.t.pay.sentTitle} text={ctx.t.pay.sentText} />;
}

export function NothingToPayView({ ctx, pharmacyName, reason }: { ctx: Ctx; pharmacyName: string; reason: string }) {
  const t = ctx.t.pay;
  const text = reason === "lifetime" ? format(t.nothingText, { pharmacyName }) : format(t.noPriceText, { email: ctx.supportEmail });
  return <Message ctx={ctx} title={t.nothingTitle} text={text} />;
}
