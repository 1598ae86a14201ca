/**
 * Prisma's WebAssembly schema engine, driven through the pg driver adapter.
 *
 * The native engine that `prisma migrate` downloads cannot be fetched on these machines, so
 * migrations are applied (and drift is detected) by the same engine compiled to WebAssembly, which
 * ships on npm as `@prisma/schema-engine-wasm` (pinned to the engine version of `prisma`).
 * The migrations folder keeps Prisma's own format, so `prisma migrate deploy` works unchanged
 * wherever the native engine is available. See docs/decisions.md, "Migrations run offline".
 *
 * Two adaptations, both local to this tooling:
 *  - the engine's catalog queries return PostgreSQL's one-byte `"char"` type, which
 *    @prisma/adapter-pg 7.10 does not map; we report those columns as Character.
 *  - the adapter's executeScript splits a migration on every ";", which breaks function bodies;
 *    we send the whole script as one simple query (one implicit transaction, as PostgreSQL runs it);
 *  - the adapter's shadow database is dropped while still in use; ours is closed first.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import { migrationsDir, schemaPath } from "./paths";

const require = createRequire(import.meta.url);
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHAR_MARK = "\u0000char";

type Fields = { fields?: Array<{ name: string; dataTypeID: number }> } | undefined;
function markCharColumns<T extends Fields>(result: T): T {
  for (const field of result?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      field.name += CHAR_MARK;
    }
  }
  return result;
}

class CharAwareClient extends pg.Client {
  // pg.Client#query has many overloads; we only need to see every result once.
  override query(...args: unknown[]): never {
    const callbackIndex = args.findIndex((a) => typeof a === "function");
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as (err: unknown, res: Fields) => void;
      args[callbackIndex] = (err: unknown, res: Fields) => callback(err, markCharColumns(res));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result && typeof (result as Promise<Fields>).then === "function"
      ? (result as Promise<Fields>).then(markCharColumns)
      : result) as never;
  }
}

type RawQueryable = {
  executeScript?: (script: string) => Promise<void>;
  underlyingDriver?: () => pg.Pool;
  onError?: (error: unknown) => never;
  queryRaw: (q: unknown) => Promise<{ columnNames: string[]; columnTypes: number[] }>;
  startTransaction?: (...a: unknown[]) => Promise<RawQueryable>;
};
function restoreCharColumns<T extends RawQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    result.columnNames = result.columnNames.map((name, i) => {
      if (!name.endsWith(CHAR_MARK)) return name;
      result.columnTypes[i] = ColumnTypeEnum.Character;
      return name.slice(0, -CHAR_MARK.length);
    });
    return result;
  };
  if (queryable.executeScript && queryable.underlyingDriver) {
    const pool = queryable.underlyingDriver();
    queryable.executeScript = async (script) => {
      try {
        await pool.query(script);
      } catch (error) {
        queryable.onError!(error);
      }
    };
  }
  if (queryable.startTransaction) {
    const start = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...a) => restoreCharColumns(await start(...a));
  }
  return queryable;
}

function adapterFactory(url: string) {
  const c = parseConnectionString(url);
  const config: pg.PoolConfig = {
    host: c.host ?? "127.0.0.1",
    port: c.port ? Number(c.port) : 5432,
    user: c.user,
    password: c.password,
    database: c.database ?? "postgres",
    ssl: c.ssl ? (c.ssl as pg.PoolConfig["ssl"]) : undefined,
    Client: CharAwareClient as unknown as typeof pg.Client,
  };
  const adminQuery = async (sql: string) => {
    const client = new pg.Client({ ...config, database: config.database });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const inner = new PrismaPg(config);
  const factory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => restoreCharColumns((await inner.connect()) as unknown as RawQueryable),
    // The adapter's own shadow database is dropped while its pool is still connected; this one
    // closes the pool first and drops with FORCE.
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${crypto.randomUUID().replaceAll("-", "")}`;
      await adminQuery(`CREATE DATABASE "${name}"`);
      const adapter = await new PrismaPg({ ...config, database: name }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return restoreCharColumns(adapter as unknown as RawQueryable);
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory as unknown as PrismaPg);
}

type WasmRuntime = {
  __wbg_set_wasm: (exports: WebAssembly.Exports) => void;
  SchemaEngine: {
    new: (options: { datamodels: [string, string][] | undefined }, log: (m: string) => void, adapter: object) => Promise<SchemaEngine>;
  };
};

export type SchemaEngine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

let runtime: Promise<WasmRuntime> | undefined;
function loadRuntime(): Promise<WasmRuntime> {
  runtime ??= (async () => {
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message: (m: string) => void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (m) => console.error(`Schema engine panic: ${m}`) };
    const mod = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as WasmRuntime;
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const wasm = new WebAssembly.Module(await fs.readFile(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(wasm, { "./schema_engine_bg.js": mod as unknown as WebAssembly.ModuleImports });
    mod.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return mod;
  })();
  return runtime;
}

export async function withSchemaEngine<T>(url: string, fn: (engine: SchemaEngine, schema: string) => Promise<T>, schemaText?: string): Promise<T> {
  const mod = await loadRuntime();
  const schema = schemaText ?? (await fs.readFile(schemaPath, "utf8"));
  const engine = await mod.SchemaEngine.new({ datamodels: [["schema.prisma", schema]] }, () => {}, adapterFactory(url));
  try {
    return await fn(engine, schema);
  } finally {
    engine.free();
  }
}

const filters = { externalTables: [], externalEnums: [] };

export async function readMigrations() {
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lockContent = await fs.readFile(lockPath, "utf8").catch(() => null);
  const entries = (await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => {
      const content = await fs.readFile(path.join(migrationsDir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies pending migrations (what `prisma migrate deploy` does); returns their names. */
export async function applyMigrations(url: string): Promise<string[]> {
  const migrationsList = await readMigrations();
  return withSchemaEngine(url, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList, filters });
    return result.appliedMigrationNames;
  });
}

/**
 * SQL that would bring the migrations up to schema.prisma ("" when they agree). Replays the
 * migrations in a temporary shadow database on the server behind `url`.
 */
export async function diffMigrationsToSchema(url: string, schemaText?: string): Promise<string> {
  const migrationsList = await readMigrations();
  return withSchemaEngine(url, async (engine, schema) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: true,
      filters,
    });
    return result.exitCode === 0 ? "" : (result.stdout ?? "");
  }, schemaText);
}

/** SQL creating schema.prisma from nothing (used to start the first migration). */
export async function diffEmptyToSchema(url: string): Promise<string> {
  return withSchemaEngine(url, async (engine, schema) => {
    const result = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] },
      script: true,
      exitCode: false,
      filters,
    });
    return result.stdout ?? "";
  });
}
