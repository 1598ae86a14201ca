// npm run db:migration -- --name <what_changed>
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that brings the existing
// migrations up to schema.prisma (computed in a throw-away shadow database). Review it, add what
// Prisma cannot express (CHECK constraints, triggers), then `npm run db:migrate`.
import fs from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { migrationsDir } from "./lib/paths";
import { runScript } from "./lib/runtime";
import { diffMigrationsToSchema } from "./lib/schema-engine";

const { values } = parseArgs({ options: { name: { type: "string" } } });
if (!values.name || !/^[a-z0-9_]+$/.test(values.name)) {
  console.error("Usage: npm run db:migration -- --name <snake_case_name>");
  process.exit(2);
}

await runScript(async (runtime) => {
  const sql = await diffMigrationsToSchema(runtime.databaseUrl);
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log("schema.prisma and the migrations agree: nothing to write.");
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${values.name}`);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, "migration.sql"), sql);
  
  console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}, { migrate: false });
