/**
 * Stripe's request encoding: application/x-www-form-urlencoded with nested keys
 * (`line_items[0][price_data][currency]=eur`, `expand[0]=payment_intent`, `metadata[paymentId]=…`),
 * decoded into plain objects and arrays of strings, as Stripe's API reads them.
 */
export type FormValue = string | FormObject | FormValue[];
export type FormObject = { [key: string]: FormValue };

function segmentsOf(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(rest)) !== null && match.index === consumed) {
    segments.push(match[1] ?? "");
    consumed = re.lastIndex;
  }
  return consumed === rest.length ? segments : [key];
}

const isIndex = (segment: string) => segment === "" || /^\d+$/.test(segment);

function assign(target: FormObject | FormValue[], segments: string[], value: string): void {
  const [head, ...rest] = segments as [string, ...string[]];
  const container = target as Record<string, FormValue>;
  const key = Array.isArray(target) && head === "" ? String(target.length) : head;
  if (rest.length === 0) {
    container[key] = value;
    return;
  }
  let next = container[key];
  if (next === undefined || typeof next === "string") {
    next = isIndex(rest[0]!) ? [] : {};
    container[key] = next;
  }
  assign(next as FormObject | FormValue[], rest, value);
}

export function decodeForm(encoded: string | URLSearchParams): FormObject {
  const params = typeof encoded === "string" ? new URLSearchParams(encoded) : encoded;
  const out: FormObject = {};
  for (const [key, value] of params) assign(out, segmentsOf(key), value);
  return out;
}

/** Helpers to read decoded values with Stripe's coercions. */
export const form = {
  str(value: FormValue | undefined): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
  },
  int(value: FormValue | undefined): number | undefined {
    return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : undefined;
  },
  bool(value: FormValue | undefined): boolean {
    return value === "true";
  },
  obj(value: FormValue | undefined): FormObject | undefined {
    return value !== undefined && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  },
  list(value: FormValue | undefined): FormValue[] {
    if (Array.isArray(value)) return value.filter((v) => v !== undefined);
    // `a[0]=x&a[1]=y` decodes to an array; a sparse `a[5]=x` may too, with holes removed here.
    const asObject = form.obj(value);
    return asObject ? Object.keys(asObject).sort((a, b) => Number(a) - Number(b)).map((k) => asObject[k]!) : [];
  },
  strings(value: FormValue | undefined): Record<string, string> {
    const asObject = form.obj(value) ?? {};
    return Object.fromEntries(Object.entries(asObject).filter((e): e is [string, string] => typeof e[1] === "string"));
  },
};
