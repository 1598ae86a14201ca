/**
 * The one Prisma client, over the pg driver adapter. Cached on globalThis so Next's dev reloads
 * do not open a pool per edit. Secrets are left out of default selects (`omit`); code that needs
 * one asks for it by name.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

export { Prisma } from "@/lib/generated/prisma/client";

const omit = {
  adminUser: { passwordHash: true },
  apiToken: { tokenHash: true },
  tenantDatabase: { passwordEncrypted: true },
} as const;

function createClient() {
  const adapter = new PrismaPg(
    {
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
    },
    // A dropped idle connection (database restart, network blip) is discarded by the pool and
    // replaced on next use; it must not crash the process.
    { onPoolError: (error) => logger.warn({ err: error }, "database connection dropped; the pool reconnects") },
  );
  return new PrismaClient({ adapter, omit });
}

export type Db = ReturnType<typeof createClient>;
/** A transaction client, as passed to `prisma.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** Either the client or a transaction: what most service helpers accept. */
export type DbOrTx = Db | Tx;

const globalForPrisma = globalThis as unknown as { __afpPrisma?: Db };

function client(): Db {
  globalForPrisma.__afpPrisma ??= createClient();
  return globalForPrisma.__afpPrisma;
}

/** Lazily created, so importing this module (e.g. during `next build`) opens nothing. */
export const prisma: Db = new Proxy({} as Db, {
  get(_target, property) {
    const value = Reflect.get(client(), property);
    return typeof value === "function" ? value.bind(client()) : value;
  },
});

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.__afpPrisma?.$disconnect();
  globalForPrisma.__afpPrisma = undefined;
}
