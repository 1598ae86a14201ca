import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the embedded defaults keep their state: `.data/` unless AFP_DATA_DIR says otherwise. */
export function dataDir(): string {
  const configured = process.env.AFP_DATA_DIR;
  return configured ? path.resolve(projectRoot, configured) : path.join(projectRoot, ".data");
}

export const migrationsDir = path.join(projectRoot, "prisma", "migrations");
export const schemaPath = path.join(projectRoot, "prisma", "schema.prisma");
