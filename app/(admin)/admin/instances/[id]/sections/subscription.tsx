/** Subscription: plan, period, auto-renew (toggled at once), and extend / change plan / cancel. */
import { formatDate, planLabel } from "@/lib/i18n";
import { formatMoney } from "@/lib/money";
import { autoRenewAction, cancelAction, changePlanAction, extendAction } from "../../../_actions/billing";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { StatusBadge } from "@/components/admin/ui/badge";
import { DialogButton, DialogCancel } from "@/components/admin/ui/dialog";
import { Field, SelectInput, TextArea, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { Empty, Facts, Section } from "@/components/admin/ui/layout";
import { AutoRenewToggle } from "../auto-renew-toggle";
import type { SectionProps } from "../types";

export function SubscriptionSection({ instance, locale, t, mutable }: SectionProps) {
  const s = t.detail.subscription;
  const sub = instance.subscription;
  if (!sub) {
    return (
      <Section id="subscription" title={t.detail.sections.subscription}>
        <Empty>{s.none}</Empty>
      </Section>
    );
  }
  const labels = formLabels(t);
  const running = ["TRIALING", "ACTIVE", "PAST_DUE"].includes(sub.status);
  const lifetime = sub.plan.code === "LIFETIME";
  const method = sub.defaultPaymentMethod;
  const actions = mutable ? (
    <>
      {!(lifetime && sub.currentPeriodEnd === null) ? (
        <DialogButton label={s.extend} title={s.extendTitle} closeLabel={t.common.close} testId="extend">
          <ActionForm action={extendAction.bind(null, sub.id)} labels={labels} className="space-y-4">
            <Field label={s.extendDays} name="days">
              <TextInput name="days" type="number" min={1} max={366} defaultValue={7} required />
            </Field>
            <Field label={s.reason} name="reason" hint={t.instances.reasonHint}>
              <TextArea name="reason" rows={2} required minLength={3} maxLength={500} />
            </Field>
            <div className="flex justify-end gap-2">
              <DialogCancel label={t.common.cancel} />
              <SubmitButton pendingLabel={t.common.working}>{s.extend}</SubmitButton>
            </div>
          </ActionForm>
        </DialogButton>
      ) : null}
      {!lifetime ? (
        <DialogButton label={s.changePlan} title={s.changePlanTitle} closeLabel={t.common.close} testId="change-plan">
          <ActionForm action={changePlanAction.bind(null, sub.id)} labels={labels} className="space-y-4">
            <Field label={s.newPlan} name="planType">
              <SelectInput name="planType" options={(["monthly", "annual", "lifetime"] as const).map((p) => ({ value: p, label: planLabel(p.toUpperCase(), locale) }))} />
            </Field>
            <div className="flex justify-end gap-2">
              <DialogCancel label={t.common.close} />
              <SubmitButton pendingLabel={t.common.working}>{s.changePlan}</SubmitButton>
            </div>
          </ActionForm>
        </DialogButton>
      ) : null}
      {running ? (
        <DialogButton label={s.cancel} variant="ghost" title={s.cancelTitle} closeLabel={t.common.close} testId="cancel-subscription">
          <ActionForm action={cancelAction.bind(null, sub.id)} labels={labels} className="space-y-4">
            <fieldset>
              <legend className="text-xs font-medium text-slate-700">{s.cancelWhen}</legend>
              <label className="mt-2 flex items-center gap-2 text-sm">
                <input type="radio" name="when" value="end" defaultChecked /> {s.cancelAtEnd}
              </label>
              <label className="mt-1 flex items-center gap-2 text-sm">
                <input type="radio" name="when" value="now" /> {s.cancelNow}
              </label>
            </fieldset>
            <Field label={`${s.reason} (${t.common.optional})`} name="reason">
              <TextArea name="reason" rows={2} maxLength={500} />
            </Field>
            <div className="flex justify-end gap-2">
              <DialogCancel label={t.common.cancel} />
              <SubmitButton variant="danger" pendingLabel={t.common.working}>
                {s.cancel}
              </SubmitButton>
            </div>
          </ActionForm>
        </DialogButton>
      ) : null}
    </>
  ) : null;
  const period = sub.currentPeriodEnd ? `${formatDate(sub.currentPeriodStart, locale)} → ${formatDate(sub.currentPeriodEnd, locale)}` : `${formatDate(sub.currentPeriodStart, locale)} → ${s.never}`;
  return (
    <Section id="subscription" title={t.detail.sections.subscription} actions={actions}>
      <Facts
        columns={3}
        items={[
          { label: s.plan, value: <span data-testid="subscription-plan">{planLabel(sub.plan.code, locale)}</span> },
          { label: s.status, value: <StatusBadge status={sub.status} label={t.status.subscription[sub.status]} testId="subscription-status" /> },
          { label: s.period, value: <span data-testid="subscription-period">{period}</span> },
          { label: s.amount, value: formatMoney(sub.amountMinor, sub.currency.trim(), locale) },
          {
            label: s.autoRenew,
            value: mutable && running && !lifetime ? <AutoRenewToggle action={autoRenewAction.bind(null, sub.id)} value={sub.autoRenew} labels={{ on: s.autoRenewOn, off: s.autoRenewOff, toggleOn: s.toggleOn, toggleOff: s.toggleOff, ...labels }} /> : sub.autoRenew ? s.autoRenewOn : s.autoRenewOff,
          },
          { label: s.paidPeriods, value: String(sub.paidPeriods) },
          ...(sub.trialEndsAt && sub.plan.code === "TRIAL" ? [{ label: s.trialEnds, value: formatDate(sub.trialEndsAt, locale) }] : []),
          ...(sub.cancelAtPeriodEnd ? [{ label: s.cancelAtPeriodEnd, value: t.common.yes }] : []),
          ...(sub.pendingPlan ? [{ label: s.pendingPlan, value: planLabel(sub.pendingPlan.code, locale) }] : []),
          ...(sub.failedPaymentCount > 0 ? [{ label: s.failedPayments, value: `${sub.failedPaymentCount} / 3` }] : []),
          { label: s.method, value: method ? [method.brand, method.last4 ? `•••• ${method.last4}` : null, method.phone].filter(Boolean).join(" ") || method.type : s.noMethod },
        ]}
      />
    </Section>
  );
}
