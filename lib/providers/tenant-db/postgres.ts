/**
 * One PostgreSQL database and one login role per pharmacy, on the server behind
 * TENANT_DATABASE_URL (by default the console's own server). The role owns only its database;
 * CONNECT is revoked from PUBLIC on every tenant database and on the server's other databases, so
 * one pharmacy's credentials reach nothing but its own data. Every step is idempotent.
 */
import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";
import { env } from "@/lib/env";

export type TenantDatabaseSpec = { databaseName: string; roleName: string; password: string };

const IDENTIFIER = /^[a-z][a-z0-9_]{2,62}$/;

function quoteIdent(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Refusing unsafe identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function adminUrl(): string {
  const e = env();
  return e.TENANT_DATABASE_URL ?? e.DATABASE_URL;
}

/** Host and port the pharmacy apps use to reach their database. */
export function tenantEndpoint(): { host: string; port: number } {
  const parsed = parseConnectionString(adminUrl());
  return { host: env().TENANT_DATABASE_HOST ?? parsed.host ?? "127.0.0.1", port: Number(parsed.port ?? 5432) };
}

export function tenantDatabaseUrl(spec: TenantDatabaseSpec): string {
  const { host, port } = tenantEndpoint();
  return `postgresql://${spec.roleName}:${encodeURIComponent(spec.password)}@${host}:${port}/${spec.databaseName}`;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  // (A `database` option next to a connection string is ignored by pg: change the URL itself.)
  const url = new URL(adminUrl());
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates (or repairs) the role and the database; running it twice changes nothing. */
export async function createTenantDatabase(spec: TenantDatabaseSpec): Promise<void> {
  const role = quoteIdent(spec.roleName);
  const db = quoteIdent(spec.databaseName);
  await withAdmin(async (client) => {
    const hasRole = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [spec.roleName]);
    const options = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT CONNECTION LIMIT 30 PASSWORD ${quoteLiteral(spec.password)}`;
    await client.query(hasRole.rowCount ? `ALTER ROLE ${role} WITH ${options}` : `CREATE ROLE ${role} WITH ${options}`);
    const hasDb = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [spec.databaseName]);
    if (!hasDb.rowCount) {
      await client.query(`CREATE DATABASE ${db} OWNER ${role} TEMPLATE template0 ENCODING 'UTF8'`).catch((error: { code?: string }) => {
        if (error.code !== "42P04") throw error; // created concurrently
      });
    }
    await client.query(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`);
    await client.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${role}`);
    await revokePublicConnectElsewhere(client);
  });
  // Inside the new database: only its owner may create objects in `public`.
  await withAdmin(async (client) => {
    await client.query(`REVOKE ALL ON SCHEMA public FROM PUBLIC`);
    await client.query(`ALTER SCHEMA public OWNER TO ${role}`);
  }, spec.databaseName);
}

/**
 * PostgreSQL grants CONNECT on every database to PUBLIC by default: a tenant role could otherwise
 * log in to the console's database (reading nothing, but still). Revoked on every database that is
 * not a tenant's, once per provisioning (cheap and idempotent).
 */
async function revokePublicConnectElsewhere(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datallowconn AND datname NOT LIKE 'tenant\\_%' AND has_database_privilege('public', oid, 'CONNECT')`,
  );
  for (const { datname } of rows) {
    await client.query(`REVOKE CONNECT ON DATABASE "${datname.replace(/"/g, '""')}" FROM PUBLIC`);
  }
}

/** Drops the database (ending its sessions) and the role; missing ones are fine. */
export async function dropTenantDatabase(spec: Omit<TenantDatabaseSpec, "password">): Promise<void> {
  const role = quoteIdent(spec.roleName);
  const db = quoteIdent(spec.databaseName);
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS ${role}`);
  });
}

export async function tenantDatabaseExists(databaseName: string): Promise<boolean> {
  return withAdmin(async (client) => Boolean((await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName])).rowCount));
}

/** Names derived from the instance id: `tenant_<24 hex>` and `tenant_<24 hex>_app`. */
export function tenantNames(instanceId: string): { databaseName: string; roleName: string } {
  const suffix = instanceId.replace(/^inst_/, "").toLowerCase().replace(/[^a-z0-9]/g, "");
  return { databaseName: `tenant_${suffix}`, roleName: `tenant_${suffix}_app` };
}
