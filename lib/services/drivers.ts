/** Which outside-world drivers are local, so the dashboard can say so plainly. */
import { env } from "@/lib/env";
import type { Messages } from "@/lib/i18n";

export function driverSummary() {
  const e = env();
  return {
    embeddedDatabase: e.AFP_EMBEDDED,
    deploy: e.DEPLOY_DRIVER,
    payments: e.PAYMENT_PROVIDERS,
    email: e.EMAIL_DRIVER,
    whatsapp: e.WHATSAPP_DRIVER,
  };
}

export function localDriverBanners(t: Messages): string[] {
  const d = driverSummary();
  return [
    d.deploy === "simulated" ? t.banners.simulatedDeploy : undefined,
    d.payments.includes("sandbox") ? t.banners.sandboxPayments : undefined,
    d.email === "dev-mailbox" || d.whatsapp === "dev-mailbox" ? t.banners.devMailbox : undefined,
    d.embeddedDatabase ? t.banners.embeddedDb : undefined,
  ].filter((b): b is string => Boolean(b));
}
