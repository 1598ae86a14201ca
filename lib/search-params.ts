/** Page search params as the services' queries expect them: one value per key, empty ones dropped. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

export function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  return v === undefined || v.trim() === "" ? undefined : v.trim();
}

export function pick<K extends string>(raw: RawSearchParams, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = single(raw[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A zod error as one readable line ("status: must be …; cursor: invalid"). */
export function issuesText(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ");
}
