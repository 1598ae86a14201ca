/** Payment-link generator and manual payment (super-admins): the amount is always the console's price. */
import { now } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { format, planLabel, type Locale, type Messages } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { quotePayment } from "@/lib/services/billing/pricing";
import { prisma } from "@/lib/db";
import { manualPaymentAction, paymentLinkAction } from "../../../_actions/billing";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { Field, SelectInput, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { Section } from "@/components/admin/ui/layout";
import type { InstanceDetail, SectionProps } from "../types";

const PAID = ["monthly", "annual", "lifetime"] as const;
const METHODS = ["cash", "bank_transfer", "mobile_money", "cheque", "other"] as const;

function planOptions(locale: Locale, first: { value: string; label: string }) {
  return [first, ...PAID.map((p) => ({ value: p, label: planLabel(p.toUpperCase(), locale) }))];
}

export function PaymentLinkSection({ instance, locale, t }: SectionProps) {
  const l = t.detail.paymentLink;
  return (
    <Section id="payment-link" title={t.detail.sections.paymentLink} description={l.help}>
      <ActionForm action={paymentLinkAction.bind(null, instance.id)} labels={formLabels(t)} className="space-y-3" testId="payment-link-form">
        <Field label={l.purpose} name="purpose" id="link-purpose">
          <SelectInput name="purpose" id="link-purpose" options={(["RENEW", "CHANGE_PLAN"] as const).map((p) => ({ value: p, label: l.purposes[p] }))} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={l.plan} name="planType" id="link-plan">
            <SelectInput name="planType" id="link-plan" options={planOptions(locale, { value: "", label: l.currentPlan })} />
          </Field>
          <Field label={l.ttl} name="ttlDays" id="link-ttl">
            <TextInput name="ttlDays" id="link-ttl" type="number" min={1} max={60} defaultValue={7} />
          </Field>
        </div>
        <SubmitButton variant="secondary" pendingLabel={t.common.working}>
          {l.generate}
        </SubmitButton>
      </ActionForm>
    </Section>
  );
}

/** What the current plan would cost now, as the service computes it (nothing is charged). */
async function expected(instance: InstanceDetail, locale: Locale, t: Messages): Promise<string | undefined> {
  if (!instance.subscription) return undefined;
  try {
    const quote = await quotePayment(prisma, { subscription: instance.subscription, currency: instance.settings?.currency.trim() ?? "EUR", now: now() });
    return format(t.detail.manual.expected, { amount: formatMoney(quote.amountMinor, quote.currency, locale) });
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}

export async function ManualPaymentSection({ instance, locale, t }: SectionProps) {
  const m = t.detail.manual;
  const currency = instance.settings?.currency.trim() ?? "EUR";
  const hint = await expected(instance, locale, t);
  const plan = instance.subscription ? planLabel(instance.subscription.plan.code === "TRIAL" ? "MONTHLY" : instance.subscription.plan.code, locale) : "—";
  return (
    <Section id="manual-payment" title={t.detail.sections.manualPayment} description={m.help}>
      {hint ? (
        <p className="mb-3 rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800" data-testid="expected-amount">
          {hint}
        </p>
      ) : null}
      <ActionForm action={manualPaymentAction.bind(null, instance.id)} labels={formLabels(t)} resetOnSuccess className="space-y-3" testId="manual-payment-form">
        <div className="grid grid-cols-2 gap-3">
          <Field label={m.method} name="method" id="manual-method">
            <SelectInput name="method" id="manual-method" options={METHODS.map((v) => ({ value: v, label: t.manualMethods[v] }))} />
          </Field>
          <Field label={m.plan} name="planType" id="manual-plan">
            <SelectInput name="planType" id="manual-plan" options={planOptions(locale, { value: "", label: format(m.samePlan, { plan }) })} />
          </Field>
        </div>
        <Field label={m.reference} name="reference" id="manual-reference">
          <TextInput name="reference" id="manual-reference" required minLength={2} maxLength={120} autoComplete="off" />
        </Field>
        <Field label={format(m.amount, { currency })} name="amount" id="manual-amount" hint={m.amountHint}>
          <TextInput name="amount" id="manual-amount" inputMode="decimal" autoComplete="off" aria-describedby="manual-amount-hint" />
        </Field>
        <Field label={`${m.note} (${t.common.optional})`} name="note" id="manual-note">
          <TextInput name="note" id="manual-note" maxLength={500} />
        </Field>
        <SubmitButton pendingLabel={t.common.working} testId="manual-payment-submit">
          {m.submit}
        </SubmitButton>
      </ActionForm>
    </Section>
  );
}
