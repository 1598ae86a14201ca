// /admin/instances/new — create an instance (live subdomain check against GET /api/admin/instances/check-subdomain)
import { titled } from "@/lib/i18n/metadata";
import { canMutate, requireAdminPage } from "@/lib/auth/admin-session";
import { COUNTRIES } from "@/lib/countries";
import { env } from "@/lib/env";
import { countryName, intlLocale, planLabel } from "@/lib/i18n";
import { getMessages } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";
import { listPlans } from "@/lib/services/plan.service";
import { Notice, PageHeader } from "@/components/admin/ui/layout";
import { createInstanceAction } from "../../_actions/instances";
import { CreateInstanceForm } from "./create-form";

export const generateMetadata = titled((t) => t.createInstance.title);

export default async function NewInstancePage() {
  const [principal, { locale, t }, plans] = await Promise.all([requireAdminPage(), getMessages(), listPlans()]);
  const c = t.createInstance;
  const price = (code: string) => {
    const eur = plans.find((p) => p.code === code)?.prices.find((p) => p.currency === "EUR");
    return eur && eur.amountMinor > 0 ? ` — ${formatMoney(eur.amountMinor, "EUR", locale)}` : "";
  };
  const countries = [...COUNTRIES].map((code) => ({ value: code, label: countryName(code, locale) })).sort((a, b) => a.label.localeCompare(b.label, intlLocale(locale)));
  return (
    <div className="max-w-3xl">
      <PageHeader title={c.title} description={c.subtitle} back={{ href: "/admin/instances", label: t.detail.back }} />
      {canMutate(principal) ? (
        <CreateInstanceForm
          action={createInstanceAction}
          rootDomain={env().ROOT_DOMAIN}
          countries={[{ value: "", label: c.noCountry }, ...countries]}
          plans={(["trial", "monthly", "annual", "lifetime"] as const).map((p) => ({ value: p, label: `${planLabel(p.toUpperCase(), locale)}${price(p.toUpperCase())}` }))}
          locales={[
            { value: "fr", label: t.locales.fr },
            { value: "en", label: t.locales.en },
          ]}
          labels={{ ...c, done: t.common.done, copy: t.common.copy, copied: t.common.copied, optional: t.common.optional }}
        />
      ) : (
        <Notice tone="sky">{t.common.readOnlyHint}</Notice>
      )}
    </div>
  );
}
