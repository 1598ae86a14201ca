/** /compte/[token] — the owner's status page: plan, renewal, last payments, invoices, pay or change plan. */
import { env } from "@/lib/env";
import { format, formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import type { loadOwnerAccount } from "@/lib/services/owner-account";
import type { OwnerContext } from "../http";
import { Card, Message, Page } from "../layout";

type Ctx = OwnerContext<unknown>;
type Account = NonNullable<Awaited<ReturnType<typeof loadOwnerAccount>>>;

export function AccountLinkView({ ctx, reason }: { ctx: Ctx; reason: "invalid" | "expired" }) {
  const t = ctx.t.account;
  return reason === "expired" ? (
    <Message ctx={ctx} title={t.expiredTitle} text={format(t.expiredText, { email: ctx.supportEmail })} tone="warn" />
  ) : (
    <Message ctx={ctx} title={t.invalidTitle} text={t.invalidText} tone="bad" />
  );
}

export function paymentTone(status: string): string {
  return status === "SUCCEEDED" ? "badge good" : status === "PENDING" ? "badge wait" : status === "FAILED" || status === "CANCELED" ? "badge bad" : "badge";
}

function renewalRow(ctx: Ctx, subscription: NonNullable<Account["instance"]["subscription"]>): [string, string] {
  const t = ctx.t.account;
  const date = (d: Date | null) => formatDate(d, ctx.locale);
  if (subscription.status === "TRIALING") return [t.trialEnds, date(subscription.trialEndsAt ?? subscription.currentPeriodEnd)];
  if (subscription.status === "EXPIRED" || subscription.status === "CANCELED") return [t.ended, date(subscription.endedAt ?? subscription.currentPeriodEnd)];
  if (subscription.plan.code === "LIFETIME") return [t.renews, t.never];
  return [subscription.autoRenew && subscription.status === "ACTIVE" ? t.renews : t.ends, date(subscription.currentPeriodEnd)];
}

export function AccountView({ ctx, account, token }: { ctx: Ctx; account: Account; token: string }) {
  const t = ctx.t.account;
  const c = ctx.t.common;
  const { instance, payments, invoices } = account;
  const subscription = instance.subscription;
  const lifetime = subscription?.plan.code === "LIFETIME" && subscription.status === "ACTIVE";
  const title = format(t.title, { pharmacyName: instance.name });
  const [renewLabel, renewValue] = subscription ? renewalRow(ctx, subscription) : ["", ""];
  return (
    <Page ctx={ctx} title={title}>
      <Card>
        <h1 data-testid="account-title">{title}</h1>
        <p className="muted">
          {instance.subdomain}.{env().ROOT_DOMAIN} · <span className={instance.status === "ACTIVE" ? "badge good" : "badge wait"}>{c.statuses[instance.status]}</span>
        </p>
      </Card>
      {subscription ? (
        <Card title={t.subscription}>
          <dl>
            <dt>{t.plan}</dt>
            <dd data-testid="account-plan">{planLabel(subscription.plan.code, ctx.locale)}</dd>
            <dt>{t.status}</dt>
            <dd data-testid="account-status">{c.subscription[subscription.status]}</dd>
            <dt>{renewLabel}</dt>
            <dd data-testid="account-renewal">{renewValue}</dd>
            {subscription.plan.code !== "TRIAL" && subscription.plan.code !== "LIFETIME" ? (
              <>
                <dt>{t.autoRenew}</dt>
                <dd>{subscription.autoRenew ? t.on : t.off}</dd>
              </>
            ) : null}
          </dl>
          {subscription.pendingPlan ? <p className="small">{format(t.pendingPlan, { plan: planLabel(subscription.pendingPlan.code, ctx.locale) })}</p> : null}
          {lifetime ? null : (
            <form method="post" action={`/compte/${token}/payer`} style={{ marginTop: "1rem" }}>
              <button className="btn" type="submit" data-testid="account-pay">
                {t.pay}
              </button>
            </form>
          )}
        </Card>
      ) : null}
      <Card title={t.payments}>
        {payments.length === 0 ? (
          <p className="muted">{t.noPayments}</p>
        ) : (
          <ul className="list" data-testid="account-payments">
            {payments.map((p) => (
              <li key={p.id}>
                <span>
                  {formatDate(p.succeededAt ?? p.createdAt, ctx.locale)} · {planLabel(p.planCode, ctx.locale)}
                  <br />
                  <span className={paymentTone(p.status)}>{c.payments[p.status]}</span>
                </span>
                <span className="price">{formatMoney(p.amountMinor, p.currency.trim(), ctx.locale)}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t.invoices}>
        {invoices.length === 0 ? (
          <p className="muted">{t.noInvoices}</p>
        ) : (
          <ul className="list" data-testid="account-invoices">
            {invoices.map((invoice) => (
              <li key={invoice.id}>
                <span>
                  {invoice.number}
                  <br />
                  <span className="small">
                    {formatDate(invoice.issuedAt, ctx.locale)} · {formatMoney(invoice.amountMinor, invoice.currency.trim(), ctx.locale)}
                  </span>
                </span>
                <a href={invoice.downloadPath} download>
                  {t.download}
                </a>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Page>
  );
}
