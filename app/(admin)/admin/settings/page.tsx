// /admin/settings — plans and prices, the reminder window, admin users and roles, API tokens
import { titled } from "@/lib/i18n/metadata";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { format, formatDate, planLabel } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { formatMoney, minorToMajor } from "@/lib/money";
import { listPlans } from "@/lib/services/plan.service";
import { getConsoleSettings } from "@/lib/services/settings.service";
import { planPriceAction, reminderWindowAction } from "../_actions/settings";
import { ActionForm, SubmitButton } from "@/components/admin/ui/action-form";
import { Badge } from "@/components/admin/ui/badge";
import { Field, TextInput } from "@/components/admin/ui/fields";
import { formLabels } from "@/components/admin/ui/labels";
import { PageHeader, Section } from "@/components/admin/ui/layout";
import { Table, Tbody, Td, Th } from "@/components/admin/ui/table";
import { AdminsSection } from "./admins";
import { TokensSection } from "./tokens";

export const generateMetadata = titled((t) => t.settings.title);

export default async function SettingsPage() {
  const [principal, { locale, t }, plans, settings] = await Promise.all([requireAdminPage(), getMessages(), listPlans(), getConsoleSettings()]);
  const s = t.settings;
  const mutable = canMutate(principal);
  return (
    <div className="space-y-6">
      <PageHeader title={s.title} description={s.subtitle} />
      <Section id="plans" title={s.plans.title} description={s.plans.help}>
        <Table caption={s.plans.caption} testId="plans-table">
          <thead>
            <tr>
              <Th>{s.plans.plan}</Th>
              <Th>{s.plans.prices}</Th>
              {mutable ? <Th>{s.plans.eurPrice}</Th> : null}
            </tr>
          </thead>
          <Tbody>
            {plans.map((plan) => {
              const eur = plan.prices.find((p) => p.currency === "EUR");
              return (
                <tr key={plan.id}>
                  <Td className="font-medium whitespace-nowrap">{planLabel(plan.code, locale)}</Td>
                  <Td>
                    {plan.code === "TRIAL" ? (
                      <span className="text-sm text-slate-700">{s.plans.free}</span>
                    ) : (
                      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
                        {plan.prices.map((p) => (
                          <li key={p.currency} className="tabular-nums">
                            {formatMoney(p.amountMinor, p.currency.trim(), locale)}{" "}
                            <span className="text-xs text-slate-600">
                              {p.currency.trim()}
                              {p.derived ? ` · ${s.plans.derived}` : ""}
                            </span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                  {mutable ? (
                    <Td>
                      {plan.code !== "TRIAL" ? (
                        <ActionForm action={planPriceAction.bind(null, plan.code)} labels={formLabels(t)} className="flex items-start gap-2">
                          <label htmlFor={`price-${plan.code}`} className="sr-only">
                            {`${s.plans.eurPrice} — ${planLabel(plan.code, locale)}`}
                          </label>
                          <div className="w-28">
                            <TextInput id={`price-${plan.code}`} name="amount" inputMode="decimal" defaultValue={eur ? String(minorToMajor(eur.amountMinor, "EUR")) : ""} />
                          </div>
                          <SubmitButton variant="secondary" pendingLabel={t.common.saving}>
                            {s.plans.update}
                          </SubmitButton>
                        </ActionForm>
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              );
            })}
          </Tbody>
        </Table>
      </Section>
      <Section id="reminders" title={s.reminders.title}>
        <p className="mb-3 text-sm text-slate-700">
          <Badge tone={settings.sources.reminderWindowDays === "dashboard" ? "violet" : "slate"}>{format(t.common.days, { n: settings.reminderWindowDays })}</Badge>{" "}
          {settings.sources.reminderWindowDays === "dashboard" ? format(s.reminders.sourceDashboard, { default: settings.defaults.reminderWindowDays }) : s.reminders.sourceEnv}
          {settings.updatedAt ? ` · ${formatDate(settings.updatedAt, locale, true)}` : ""}
        </p>
        {mutable ? (
          <ActionForm action={reminderWindowAction} labels={formLabels(t)} className="flex flex-wrap items-end gap-3">
            <Field label={s.reminders.label} name="reminderWindowDays" className="w-72 max-w-full">
              <TextInput name="reminderWindowDays" type="number" min={1} max={30} defaultValue={settings.reminderWindowDays} required />
            </Field>
            <SubmitButton variant="secondary" pendingLabel={t.common.saving}>
              {t.common.save}
            </SubmitButton>
          </ActionForm>
        ) : null}
      </Section>
      <AdminsSection principal={principal} locale={locale} t={t} mutable={mutable} />
      <TokensSection principal={principal} locale={locale} t={t} mutable={mutable} />
    </div>
  );
}
