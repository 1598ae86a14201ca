/** Form controls with one look: a visible label, an optional hint, and the field error slot. */
import type { ComponentPropsWithRef, ReactNode, SelectHTMLAttributes } from "react";
import { FieldError } from "./action-form";
import { inputClass } from "./styles";

export { buttonClass, inputClass } from "./styles";

/** `id` defaults to `name`; give one when two forms on a page share a field name. */
export function Field({ label, name, id, hint, children, className = "" }: { label: string; name: string; id?: string; hint?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id ?? name} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <div className="mt-1">{children}</div>
      {hint ? (
        <p id={`${id ?? name}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} />
    </div>
  );
}

export function TextInput({ name, className = "", ...rest }: ComponentPropsWithRef<"input"> & { name: string }) {
  return <input id={name} name={name} className={`${inputClass} ${className}`} {...rest} />;
}

export function TextArea({ name, className = "", ...rest }: ComponentPropsWithRef<"textarea"> & { name: string }) {
  return <textarea id={name} name={name} className={`${inputClass} ${className}`} {...rest} />;
}

export function SelectInput({ name, options, className = "", ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { name: string; options: Array<{ value: string; label: string }> }) {
  return (
    <select id={name} name={name} className={`${inputClass} ${className}`} {...rest}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** The filters every list shares: one instance by id, and a date range (inclusive days). */
export function InstanceAndDateFields({ labels, values }: { labels: { instance: string; from: string; to: string }; values: { instanceId?: string; from?: string; to?: string } }) {
  return (
    <>
      <Field label={labels.instance} name="instanceId" className="w-full sm:w-64">
        <TextInput type="text" name="instanceId" defaultValue={values.instanceId ?? ""} placeholder="inst_…" spellCheck={false} />
      </Field>
      <Field label={labels.from} name="from" className="w-[calc(50%-0.375rem)] sm:w-40">
        <TextInput type="date" name="from" defaultValue={values.from ?? ""} />
      </Field>
      <Field label={labels.to} name="to" className="w-[calc(50%-0.375rem)] sm:w-40">
        <TextInput type="date" name="to" defaultValue={values.to ?? ""} />
      </Field>
    </>
  );
}
