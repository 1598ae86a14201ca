/** Idempotent seed steps that later capabilities add (message templates, settings …). */
import { seedDefaultTemplates } from "@/lib/services/notifications/templates.service";

export const seeders: Array<() => Promise<void>> = [
  async () => {
    await seedDefaultTemplates();
  },
];
