/** Idempotent seed steps that later capabilities add (message templates, settings …). */
export const seeders: Array<() => Promise<void>> = [];
