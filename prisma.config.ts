import { defineConfig } from "prisma/config";

// Only `prisma generate` uses this file (see scripts/prisma-generate.ts). Migrations are applied by
// scripts/db-migrate.ts through Prisma's WebAssembly schema engine, because the native engine
// cannot be downloaded here; with a native engine, `prisma migrate deploy` reads the same folder.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
