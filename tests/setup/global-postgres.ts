/**
 * One throw-away PostgreSQL cluster per test run (its own temp directory and port), with a
 * template database migrated once. Each test file clones the template into a database of its
 * own (tests/setup/integration-db.ts), so files never share rows and never touch .data/.
 * With TEST_DATABASE_URL set (an admin URL of a server you provide), that server is used instead.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEphemeralPostgres } from "../../scripts/lib/embedded-postgres";
import { applyMigrations } from "../../scripts/lib/schema-engine";

export const TEMPLATE_DB = "afp_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    adminUrl = process.env.TEST_DATABASE_URL;
  } else {
    const baseDir = await fs.mkdtemp(path.join(os.tmpdir(), "afp-test-pg-"));
    await fs.chmod(baseDir, 0o777);
    const cluster = await startEphemeralPostgres({ baseDir: path.join(baseDir, "data"), password: "test-password" });
    adminUrl = cluster.url("postgres");
    stop = async () => {
      await cluster.stop();
      await fs.rm(baseDir, { recursive: true, force: true });
    };
  }
  const template = `${TEMPLATE_DB}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await applyMigrations(adminUrl.replace(/\/[^/]*$/, `/${template}`));
  // The schema engine's pool may linger; a template must have no sessions to be cloned.
  const closer = new pg.Client({ connectionString: adminUrl });
  await closer.connect();
  await closer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [template]);
  await closer.end();
  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplate", template);
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const dbs = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'afp_t_%' OR datname = $1`, [template]);
    for (const { datname } of dbs.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await client.end();
    await stop();
  };
}
