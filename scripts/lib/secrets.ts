/**
 * Secrets of the embedded default, generated once and kept in `.data/secrets.json` (mode 600),
 * so the first command needs no editing. A real deployment (DATABASE_URL set) never uses this
 * file: there the secrets must come from the environment.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export type LocalSecrets = {
  JWT_SECRET: string;
  CRON_SECRET: string;
  ENCRYPTION_KEY: string;
  ENTITLEMENT_SIGNING_KEY: string;
  EMBEDDED_PG_PASSWORD: string;
  /** The password printed at first start, kept so later starts can print it again while it is unchanged. */
  INITIAL_ADMIN_PASSWORD?: string;
};

function randomSecret(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

function entitlementKey(): string {
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  return Buffer.from(privateKey.export({ format: "pem", type: "pkcs8" }).toString()).toString("base64url");
}

export function generateSecrets(): LocalSecrets {
  return {
    JWT_SECRET: randomSecret(),
    CRON_SECRET: randomSecret(),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    ENTITLEMENT_SIGNING_KEY: entitlementKey(),
    EMBEDDED_PG_PASSWORD: randomSecret(18),
  };
}

export async function loadOrCreateSecrets(dir: string): Promise<LocalSecrets> {
  const file = path.join(dir, "secrets.json");
  await fs.mkdir(dir, { recursive: true });
  const existing = await fs.readFile(file, "utf8").then(JSON.parse, () => undefined);
  const secrets = { ...generateSecrets(), ...(existing ?? {}) } as LocalSecrets;
  if (!existing || Object.keys(secrets).length !== Object.keys(existing).length) {
    await fs.writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export async function saveSecret(dir: string, key: keyof LocalSecrets, value: string): Promise<void> {
  const file = path.join(dir, "secrets.json");
  const current = await fs.readFile(file, "utf8").then(JSON.parse, () => ({}));
  await fs.writeFile(file, JSON.stringify({ ...current, [key]: value }, null, 2), { mode: 0o600 });
}
