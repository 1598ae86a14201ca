/** /pay/result/[paymentId] — approve on your phone (live status), then the receipt, or what went wrong. */
import { maskPhone } from "@/lib/logger";
import { format, formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { invoiceUrl, paymentLinkUrl, statusPageUrl } from "@/lib/services/owner-links";
import type { OwnerPayment } from "@/lib/services/owner-payment-status";
import type { OwnerContext } from "../http";
import { Card, Message, Page } from "../layout";
import { paymentTone } from "./account";

type Ctx = OwnerContext<unknown>;
const path = (url: string) => new URL(url).pathname;

function Retry({ ctx, payment }: { ctx: Ctx; payment: OwnerPayment }) {
  const link = payment.paymentLink;
  if (!link) return null;
  const token = path(paymentLinkUrl(link.id, link.expiresAt)).slice("/pay/".length);
  const usable = !link.usedAt && !link.revokedAt && link.expiresAt > ctx.now;
  return usable ? (
    <a className="btn" href={`/pay/${token}`} data-testid="retry">
      {ctx.t.result.retry}
    </a>
  ) : (
    <form method="post" action={`/pay/${token}/nouveau-lien`}>
      <button className="btn" type="submit">
        {ctx.t.pay.newLink}
      </button>
    </form>
  );
}

function Pending({ ctx, payment, left }: { ctx: Ctx; payment: OwnerPayment; left: boolean }) {
  const t = ctx.t.result;
  const amount = formatMoney(payment.amountMinor, payment.currency.trim(), ctx.locale);
  if (left) {
    return (
      <Message ctx={ctx} title={t.leftTitle} text={t.leftText} tone="warn">
        <Retry ctx={ctx} payment={payment} />
      </Message>
    );
  }
  const onPhone = Boolean(payment.payerPhone);
  const title = onPhone ? t.approveTitle : t.processingTitle;
  return (
    <Page ctx={ctx} title={title} noscriptRefresh={5} scripts={["/owner/pay-status.js"]}>
      <Card>
        <div className="center" id="payment-status" data-status-url={`/pay/result/${payment.id}/status`} data-testid="payment-pending">
          <div className="spin" aria-hidden="true" />
          <h1>{title}</h1>
          <p>{onPhone ? format(t.approveText, { amount, phone: maskPhone(payment.payerPhone) ?? "" }) : format(t.processingText, { amount })}</p>
          <p className="muted" aria-live="polite">
            {onPhone ? t.waiting : t.confirming}
          </p>
          <a className="btn alt" href={`/pay/result/${payment.id}`}>
            {t.check}
          </a>
        </div>
      </Card>
    </Page>
  );
}

function Receipt({ ctx, payment }: { ctx: Ctx; payment: OwnerPayment }) {
  const t = ctx.t.result;
  const subscription = payment.instance.subscription;
  const until = subscription?.plan.code === "LIFETIME" ? t.lifetime : formatDate(subscription?.currentPeriodEnd ?? null, ctx.locale);
  return (
    <Page ctx={ctx} title={t.successTitle}>
      <Card>
        <h1 data-testid="payment-success">{t.successTitle}</h1>
        <p>{format(t.successText, { pharmacyName: payment.instance.name })}</p>
      </Card>
      <Card title={t.receipt}>
        <dl>
          <dt>{t.pharmacy}</dt>
          <dd>{payment.instance.name}</dd>
          <dt>{t.plan}</dt>
          <dd>{planLabel(payment.planCode, ctx.locale)}</dd>
          <dt>{t.amount}</dt>
          <dd data-testid="receipt-amount">{formatMoney(payment.amountMinor, payment.currency.trim(), ctx.locale)}</dd>
          <dt>{t.date}</dt>
          <dd>{formatDate(payment.succeededAt ?? payment.createdAt, ctx.locale, true)} UTC</dd>
          <dt>{t.method}</dt>
          <dd>{t.methods[payment.provider]}</dd>
          <dt>{t.reference}</dt>
          <dd>{payment.id}</dd>
          <dt>{t.activeUntil}</dt>
          <dd data-testid="receipt-until">{until}</dd>
          {payment.invoice ? (
            <>
              <dt>{t.invoice}</dt>
              <dd>{payment.invoice.number}</dd>
            </>
          ) : null}
        </dl>
      </Card>
      {payment.invoice ? (
        <a className="btn" href={path(invoiceUrl(payment.invoice.id, ctx.now))} download data-testid="invoice-download">
          {t.download}
        </a>
      ) : null}
      <a className="btn alt" href={path(statusPageUrl(payment.instanceId, ctx.now))} style={{ marginTop: ".6rem" }}>
        {t.account}
      </a>
    </Page>
  );
}

export function ResultView({ ctx, payment, holder, left }: { ctx: Ctx; payment: OwnerPayment; holder: boolean; left: boolean }) {
  const t = ctx.t.result;
  if (payment.status === "PENDING") return <Pending ctx={ctx} payment={payment} left={left && holder} />;
  const succeeded = payment.status === "SUCCEEDED" || payment.status === "PARTIALLY_REFUNDED" || payment.status === "REFUNDED";
  if (!holder) {
    const title = succeeded ? t.successTitle : t.failedTitle;
    return (
      <Message ctx={ctx} title={title} text={format(t.statusOnly, { status: ctx.t.common.payments[payment.status] })}>
        <span className={paymentTone(payment.status)}>{ctx.t.common.payments[payment.status]}</span>
      </Message>
    );
  }
  if (succeeded) return <Receipt ctx={ctx} payment={payment} />;
  return (
    <Message ctx={ctx} title={t.failedTitle} text={format(t.failedText, { reason: payment.failureMessage ?? ctx.t.common.payments[payment.status] })} tone="bad">
      <Retry ctx={ctx} payment={payment} />
    </Message>
  );
}

export function UnknownPaymentView({ ctx }: { ctx: Ctx }) {
  return <Message ctx={ctx} title={ctx.t.result.unknownTitle} text={ctx.t.result.unknownText} tone="bad" />;
}
