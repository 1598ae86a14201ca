/**
 * Brings a script's environment to what the console runs with:
 *  - loads `.env*` files the way Next.js does (@next/env);
 *  - with no DATABASE_URL, starts (or joins) the embedded PostgreSQL and fills in the generated
 *    secrets, so every script reaches the same database as the console;
 *  - with DATABASE_URL, changes nothing: the environment must be complete (lib/env.ts says what
 *    is missing).
 */
import nextEnv from "@next/env";
import { ensureEmbeddedPostgres, type EmbeddedPostgresHandle } from "./embedded-postgres";
import { dataDir, projectRoot } from "./paths";
import { loadOrCreateSecrets, type LocalSecrets } from "./secrets";

export type Runtime = {
  embedded: boolean;
  databaseUrl: string;
  secrets?: LocalSecrets;
  release: () => Promise<void>;
};

export const DEFAULT_PORT = 3001;
export const DEFAULT_EMBEDDED_PG_PORT = 54329;

export async function prepareRuntime(options: { dev?: boolean; quiet?: boolean } = {}): Promise<Runtime> {
  nextEnv.loadEnvConfig(projectRoot, options.dev ?? false, { info: () => {}, error: console.error });
  const log = options.quiet ? undefined : (line: string) => console.log(`[db] ${line}`);
  if (process.env.DATABASE_URL) {
    return { embedded: false, databaseUrl: process.env.DATABASE_URL, release: async () => {} };
  }
  const dir = dataDir();
  const secrets = await loadOrCreateSecrets(dir);
  const port = Number(process.env.EMBEDDED_PG_PORT || DEFAULT_EMBEDDED_PG_PORT);
  const pg: EmbeddedPostgresHandle = await ensureEmbeddedPostgres({ baseDir: dir, port, password: secrets.EMBEDDED_PG_PASSWORD, log });
  const databaseUrl = pg.url.replace(/\/postgres$/, "/afrikapharma");
  await ensureDatabase(pg.url, "afrikapharma");
  const appPort = Number(process.env.PORT || DEFAULT_PORT);
  const defaults: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    AFP_EMBEDDED: "1",
    JWT_SECRET: secrets.JWT_SECRET,
    CRON_SECRET: secrets.CRON_SECRET,
    ENCRYPTION_KEY: secrets.ENCRYPTION_KEY,
    ENTITLEMENT_SIGNING_KEY: secrets.ENTITLEMENT_SIGNING_KEY,
    APP_URL: `http://localhost:${appPort}`,
  };
  for (const [key, value] of Object.entries(defaults)) {
    if (!process.env[key]) process.env[key] = value;
  }
  process.env.NEXTAUTH_URL ||= process.env.APP_URL;
  return { embedded: true, databaseUrl, secrets, release: pg.release };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`).catch((e: { code?: string }) => {
      if (e.code !== "42P04") throw e; // created concurrently
    });
  } finally {
    await client.end();
  }
}

/** Runs `main`, releasing the embedded database on every way out. */
export async function runScript(main: (runtime: Runtime) => Promise<void>, options: { quiet?: boolean; migrate?: boolean } = {}): Promise<void> {
  let runtime: Runtime | undefined;
  try {
    runtime = await prepareRuntime({ quiet: options.quiet ?? true });
    if (runtime.embedded && options.migrate !== false) {
      // The embedded database is ours: bring it up to date, as `npm run dev` would.
      const { applyMigrations } = await import("./schema-engine");
      await applyMigrations(runtime.databaseUrl);
    }
    await main(runtime);
    await runtime.release();
    process.exit(process.exitCode ?? 0);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await runtime?.release().catch(() => {});
    process.exit(1);
  }
}
