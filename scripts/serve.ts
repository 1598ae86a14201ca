// npm run dev | npm start — run the console.
// With no DATABASE_URL: starts (or joins) the embedded PostgreSQL under .data/, generates the secrets
// once, migrates, seeds, prints where to sign in, then runs Next.js. With DATABASE_URL: checks the
// configuration (naming anything missing), applies pending migrations, then runs Next.js.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { migrateAndSetup } from "./lib/console-setup";
import { projectRoot } from "./lib/paths";
import { DEFAULT_PORT, prepareRuntime } from "./lib/runtime";
import { applyMigrations } from "./lib/schema-engine";

const mode = process.argv[2] === "start" ? "start" : "dev";
process.env.NEXT_TELEMETRY_DISABLED = "1";
if (mode === "start") (process.env as Record<string, string>).NODE_ENV = "production";

async function main(): Promise<number> {
  const runtime = await prepareRuntime({ dev: mode === "dev", quiet: false });
  try {
    const { parseEnv, ConfigError } = await import("@/lib/env");
    try {
      parseEnv(process.env);
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(error.message);
        return 1;
      }
      throw error;
    }
    if (mode === "start" && !fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) {
      console.error("No production build found: run `npm run build` first.");
      return 1;
    }
    const port = Number(process.env.PORT || DEFAULT_PORT);
    let login = "";
    if (runtime.embedded) {
      const outcome = await migrateAndSetup(runtime);
      login = `  Sign in as  ${outcome.email}\n  Password    ${outcome.password ?? outcome.passwordNote}\n`;
    } else {
      const applied = await applyMigrations(runtime.databaseUrl);
      if (applied.length) console.log(`[db] Applied ${applied.length} migration(s): ${applied.join(", ")}`);
    }
    const { disconnectDb } = await import("@/lib/db");
    await disconnectDb();

    const nextBin = path.join(projectRoot, "node_modules", "next", "dist", "bin", "next");
    const args = [nextBin, mode, "--port", String(port), ...(process.env.HOSTNAME ? ["--hostname", process.env.HOSTNAME] : [])];
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: process.env, stdio: ["inherit", "pipe", "inherit"] });
    let announced = false;
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (!announced && /Ready in|started server/i.test(chunk.toString())) {
        announced = true;
        const url = process.env.APP_URL ?? `http://localhost:${port}`;
        process.stdout.write(
          `\n  AfrikaPharma Console is running${runtime.embedded ? " on the embedded defaults" : ""}.\n` +
            `  Open        ${url}/connexion\n${login}\n`,
        );
      }
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    return await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
  } finally {
    await runtime.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
