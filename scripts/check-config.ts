// npm run check:production [-- --allow-local-drivers] — is this environment ready for production?
import nextEnv from "@next/env";
import { checkProductionConfig } from "@/lib/deploy-check";
import { projectRoot } from "./lib/paths";

nextEnv.loadEnvConfig(projectRoot, false, { info: () => {}, error: console.error });
const result = checkProductionConfig(process.env, { allowLocalDrivers: process.argv.includes("--allow-local-drivers") });
for (const warning of result.warnings) console.warn(`warning: ${warning}`);
for (const error of result.errors) console.error(`error: ${error}`);
if (result.errors.length) {
  console.error(`\nProduction configuration is not ready (${result.errors.length} problem(s)). See .env.example.`);
  process.exit(1);
}
console.log("Production configuration: ok");
