// npm run setup:multi-tenant — migrate, create the plans, templates and the first super-admin (idempotent).
import { migrateAndSetup } from "./lib/console-setup";
import { runScript } from "./lib/runtime";

await runScript(async (runtime) => {
  const outcome = await migrateAndSetup(runtime);
  console.log(outcome.applied.length ? `Migrations applied: ${outcome.applied.join(", ")}` : "Database schema is up to date.");
  console.log("Plans: TRIAL (7 days, free), MONTHLY (50 EUR), ANNUAL (450 EUR), LIFETIME (1000 EUR).");
  console.log(`Super-admin: ${outcome.email}`);
  console.log(outcome.password ? `Password:    ${outcome.password}` : `Password:    ${outcome.passwordNote}`);
});
