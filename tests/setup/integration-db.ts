/**
 * Before each integration test file: a database of its own, cloned from the migrated template,
 * and a complete test configuration. lib/env and lib/db read it lazily, on first use.
 */
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";

const adminUrl = inject("pgAdminUrl");
const template = inject("pgTemplate");
const database = `afp_t_${crypto.randomBytes(6).toString("hex")}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
// Cloning needs the template to itself: test files starting together take turns.
await admin.query("SELECT pg_advisory_lock(7305002)");
try {
  await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
} finally {
  await admin.query("SELECT pg_advisory_unlock(7305002)");
}
await admin.end();

const { privateKey } = crypto.generateKeyPairSync("ed25519");
Object.assign(process.env, {
  NODE_ENV: "test",
  DATABASE_URL: adminUrl.replace(/\/[^/]*$/, `/${database}`),
  TENANT_DATABASE_URL: adminUrl,
  JWT_SECRET: "test-jwt-secret-0123456789abcdef0123456789",
  CRON_SECRET: "test-cron-secret-0123456789",
  ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
  ENTITLEMENT_SIGNING_KEY: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
  APP_URL: "http://localhost:3001",
  LOG_LEVEL: "silent",
});
process.env.AFP_TEST_DATABASE = database;

afterAll(async () => {
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
});
