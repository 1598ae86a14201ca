/**
 * What `scripts/deploy-multi-tenant.sh` checks before it touches production: the configuration
 * must be complete for a real deployment, and local drivers need an explicit yes.
 */
import { ConfigError, parseEnv, type Env } from "@/lib/env";

export type DeployCheck = { errors: string[]; warnings: string[] };

export function checkProductionConfig(source: Record<string, string | undefined>, options: { allowLocalDrivers?: boolean } = {}): DeployCheck {
  let env: Env;
  try {
    env = parseEnv({ ...source, NODE_ENV: "production" });
  } catch (error) {
    if (error instanceof ConfigError) return { errors: error.problems, warnings: [] };
    throw error;
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  if (env.AFP_EMBEDDED) errors.push("AFP_EMBEDDED is set: production uses its own PostgreSQL (DATABASE_URL), not the embedded one");
  if (!env.APP_URL.startsWith("https://")) errors.push(`APP_URL must be an https:// URL in production (is ${env.APP_URL})`);
  if (/localhost|127\.0\.0\.1/.test(env.DATABASE_URL)) warnings.push("DATABASE_URL points at this machine");
  const local = [
    env.DEPLOY_DRIVER === "simulated" ? "DEPLOY_DRIVER=simulated (instances are not really deployed)" : undefined,
    env.PAYMENT_PROVIDERS.includes("sandbox") ? "PAYMENT_PROVIDERS includes sandbox (payments that move no money)" : undefined,
    env.EMAIL_DRIVER === "dev-mailbox" ? "EMAIL_DRIVER=dev-mailbox (emails are not sent)" : undefined,
    env.WHATSAPP_DRIVER === "dev-mailbox" ? "WHATSAPP_DRIVER=dev-mailbox (WhatsApp messages are not sent)" : undefined,
  ].filter((x): x is string => Boolean(x));
  if (local.length) (options.allowLocalDrivers ? warnings : errors).push(...local.map((l) => `local driver: ${l}`));
  return { errors, warnings };
}
