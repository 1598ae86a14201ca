// npm run db:migrate — apply pending migrations to DATABASE_URL (or the embedded database).
import { runScript } from "./lib/runtime";
import { applyMigrations } from "./lib/schema-engine";

await runScript(async (runtime) => {
  const applied = await applyMigrations(runtime.databaseUrl);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
}, { migrate: false });
