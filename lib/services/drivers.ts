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

type BannerKey = "simulatedDeploy" | "sandboxPayments" | "devMailbox" | "embeddedDb";

export function localDriverBanners(t: Messages): { text: string; short: string }[] {
  const d = driverSummary();
  const keys: Array<BannerKey | undefined> = [
    d.deploy === "simulated" ? "simulatedDeploy" : undefined,
    d.payments.includes("sandbox") ? "sandboxPayments" : undefined,
    d.email === "dev-mailbox" || d.whatsapp === "dev-mailbox" ? "devMailbox" : undefined,
    d.embeddedDatabase ? "embeddedDb" : undefined,
  ];
  return keys.filter((k): k is BannerKey => Boolean(k)).map((k) => ({ text: t.banners[k], short: t.banners.short[k] }));
}
