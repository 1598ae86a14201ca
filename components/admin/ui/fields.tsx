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
