// The console as Playwright tests it: the production build on a fresh embedded database.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { removeEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { projectRoot } from "../../scripts/lib/paths";

if (!fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
  console.error("E2E tests run against the production build: run `npm run build` first (npm test does).");
  process.exit(1);
}
const dataDir = path.resolve(projectRoot, process.env.AFP_DATA_DIR ?? ".data/e2e");
if (!dataDir.startsWith(path.join(projectRoot, ".data"))) throw new Error(`Refusing to wipe ${dataDir}`);
await removeEmbeddedPostgres(dataDir);
fs.rmSync(dataDir, { recursive: true, force: true });
const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", "serve.ts"), "start"], { stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
