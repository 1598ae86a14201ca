/**
 * The benchmark's own PostgreSQL: a throw-away embedded cluster (never the dev database), one
 * seeded template per size, and a fresh copy of it for each contender so every measurement starts
 * from the same state.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEphemeralPostgres } from "../../scripts/lib/embedded-postgres";
import { applyMigrations } from "../../scripts/lib/schema-engine";

export type BenchCluster = {
  adminUrl: string;
  url: (database: string) => string;
  createDatabase: (name: string, template?: string) => Promise<string>;
  dropDatabase: (name: string) => Promise<void>;
  stop: () => Promise<void>;
};

export async function startBenchCluster(): Promise<BenchCluster> {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), "afp-bench-pg-"));
  await fs.chmod(base, 0o777);
  const cluster = await startEphemeralPostgres({ baseDir: path.join(base, "data"), password: "bench" });
  const adminUrl = cluster.url("postgres");
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    url: cluster.url,
    async createDatabase(name, template) {
      if (template) await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${template}' AND pid <> pg_backend_pid()`);
      await admin(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
      if (!template) await applyMigrations(cluster.url(name));
      return cluster.url(name);
    },
    async dropDatabase(name) {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
    async stop() {
      await cluster.stop();
      await fs.rm(base, { recursive: true, force: true });
    },
  };
}

/** The configuration the console needs, for a database of the bench cluster. */
export function benchEnv(databaseUrl: string): Record<string, string> {
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    JWT_SECRET: "bench-jwt-secret-0123456789abcdef0123456789",
    CRON_SECRET: "bench-cron-secret-0123456789",
    ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    ENTITLEMENT_SIGNING_KEY: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    APP_URL: "http://localhost:3999",
    LOG_LEVEL: "silent",
    DATABASE_POOL_SIZE: "10",
  };
}

export function progress(label: string, done: number, total: number): void {
  if (!process.stdout.isTTY && done !== total && done % Math.max(1, Math.floor(total / 10)) !== 0) return;
  const width = 30;
  const filled = Math.round((done / total) * width);
  const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
  const line = `  ${label} ${bar} ${done.toLocaleString("en")}/${total.toLocaleString("en")}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? "\n" : ""}`);
  else console.log(line);
}
