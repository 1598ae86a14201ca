"use client";
/** The create-instance form; the subdomain is checked as it is typed (valid? free? a suggestion). */
import { useEffect, useState } from "react";
import { format } from "@/lib/i18n/format";
import { ActionForm, SubmitButton, type FormAction } from "@/components/admin/ui/action-form";
import { Field, SelectInput, TextInput } from "@/components/admin/ui/fields";

type Option = { value: string; label: string };
type Check = { state: "idle" | "checking" } | { state: "done"; subdomain: string; available: boolean; message?: string; suggestion?: string };
type Labels = Record<
  | "name" | "subdomain" | "subdomainHint" | "ownerName" | "ownerEmail" | "ownerPhone" | "ownerPhoneHint" | "country" | "locale" | "plan" | "planHint" | "submit" | "submitting"
  | "checking" | "available" | "unavailable" | "suggestion" | "useSuggestion" | "done" | "copy" | "copied" | "optional",
  string
>;

export function CreateInstanceForm({ action, rootDomain, countries, plans, locales, labels }: { action: FormAction; rootDomain: string; countries: Option[]; plans: Option[]; locales: Option[]; labels: Labels }) {
  const [subdomain, setSubdomain] = useState("");
  const [check, setCheck] = useState<Check>({ state: "idle" });
  useEffect(() => {
    const value = subdomain.trim();
    if (value.length < 3) {
      setCheck({ state: "idle" });
      return;
    }
    setCheck({ state: "checking" });
    const controller = new AbortController();
    const timer = window.setTimeout(async () => {
      try {
        const res = await fetch(`/api/admin/instances/check-subdomain?subdomain=${encodeURIComponent(value)}`, { signal: controller.signal, headers: { accept: "application/json" } });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { subdomain: string; available: boolean; message?: string; suggestion?: string };
        setCheck({ state: "done", ...body });
      } catch {
        if (!controller.signal.aborted) setCheck({ state: "idle" });
      }
    }, 300);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [subdomain]);
  const optional = (label: string) => `${label} (${labels.optional})`;
  return (
    <ActionForm action={action} labels={labels} className="grid grid-cols-1 gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:grid-cols-2 sm:p-6" testId="create-instance-form">
      <Field label={labels.name} name="name" className="sm:col-span-2">
        <TextInput name="name" required minLength={2} maxLength={120} autoComplete="organization" />
      </Field>
      <Field
        label={labels.subdomain}
        name="subdomain"
        className="sm:col-span-2"
        hint={
          <span aria-live="polite" data-testid="subdomain-check">
            {check.state === "checking" ? labels.checking : null}
            {check.state === "done" && check.available ? <span className="font-medium text-emerald-800">{format(labels.available, { host: `${check.subdomain}.${rootDomain}` })}</span> : null}
            {check.state === "done" && !check.available ? (
              <span className="text-red-800">
                {format(labels.unavailable, { message: check.message ?? "" })}{" "}
                {check.suggestion ? (
                  <>
                    {labels.suggestion}{" "}
                    <button type="button" className="font-medium underline" onClick={() => setSubdomain(check.suggestion!)}>
                      {format(labels.useSuggestion, { subdomain: check.suggestion })}
                    </button>
                  </>
                ) : null}
              </span>
            ) : null}
            {check.state === "idle" ? labels.subdomainHint : null}
          </span>
        }
      >
        <div className="flex items-stretch">
          <TextInput name="subdomain" required value={subdomain} onChange={(e) => setSubdomain(e.target.value.toLowerCase())} autoComplete="off" spellCheck={false} aria-describedby="subdomain-hint" className="rounded-r-none" />
          <span className="inline-flex items-center rounded-r-lg border border-l-0 border-slate-300 bg-slate-50 px-3 text-sm text-slate-600">.{rootDomain}</span>
        </div>
      </Field>
      <Field label={labels.ownerEmail} name="ownerEmail">
        <TextInput name="ownerEmail" type="email" required autoComplete="email" />
      </Field>
      <Field label={optional(labels.ownerName)} name="ownerName">
        <TextInput name="ownerName" autoComplete="name" />
      </Field>
      <Field label={optional(labels.ownerPhone)} name="ownerPhone" hint={labels.ownerPhoneHint}>
        <TextInput name="ownerPhone" type="tel" autoComplete="tel" aria-describedby="ownerPhone-hint" />
      </Field>
      <Field label={labels.country} name="country">
        <SelectInput name="country" options={countries} defaultValue="" />
      </Field>
      <Field label={labels.locale} name="locale">
        <SelectInput name="locale" options={locales} defaultValue="fr" />
      </Field>
      <Field label={labels.plan} name="planType" hint={labels.planHint}>
        <SelectInput name="planType" options={plans} defaultValue="trial" aria-describedby="planType-hint" />
      </Field>
      <div className="flex justify-end sm:col-span-2">
        <SubmitButton pendingLabel={labels.submitting} testId="create-instance-submit">
          {labels.submit}
        </SubmitButton>
      </div>
    </ActionForm>
  );
}
