import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/paths";

function start(env: Record<string, string | undefined>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(JWT_SECRET|CRON_SECRET|ENCRYPTION_KEY|ENTITLEMENT_SIGNING_KEY|DATABASE_URL)$/.test(k)),
  );
  return spawnSync(process.execPath, [path.join(projectRoot, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/serve.ts", "start"], {
    cwd: projectRoot,
    env: { ...clean, ...env, PORT: "0" } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm start with DATABASE_URL", () => {
  it("refuses to start without CRON_SECRET and names it", () => {
    const result = start({
      DATABASE_URL: process.env.DATABASE_URL,
      JWT_SECRET: process.env.JWT_SECRET,
      ENCRYPTION_KEY: process.env.ENCRYPTION_KEY,
      ENTITLEMENT_SIGNING_KEY: process.env.ENTITLEMENT_SIGNING_KEY,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("CRON_SECRET is missing");
    expect(result.stderr).not.toContain("JWT_SECRET");
  });

  it("names every missing secret at once", () => {
    const result = start({ DATABASE_URL: process.env.DATABASE_URL });
    expect(result.status).toBe(1);
    for (const name of ["JWT_SECRET", "CRON_SECRET", "ENCRYPTION_KEY", "ENTITLEMENT_SIGNING_KEY"]) expect(result.stderr).toContain(name);
  });
});
