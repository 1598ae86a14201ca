/** The production build (`next start`) on a bench database, for the sections that measure HTTP. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../../scripts/lib/paths";
import { freePort } from "../../scripts/lib/embedded-postgres";
import { benchEnv } from "./cluster";

export type ConsoleServer = { url: string; pid: number; rssMb: () => number; stop: () => Promise<void> };

export function hasProductionBuild(): boolean {
  return fs.existsSync(path.join(projectRoot, ".next", "BUILD_ID"));
}

export async function startConsoleServer(options: { databaseUrl: string; env?: Record<string, string> }): Promise<ConsoleServer> {
  if (!hasProductionBuild()) throw new Error("These sections measure the production build: run `npm run build` first.");
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [path.join(projectRoot, "node_modules", "next", "dist", "bin", "next"), "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: projectRoot,
    env: { ...process.env, ...benchEnv(options.databaseUrl), APP_URL: url, NEXTAUTH_URL: url, DATABASE_POOL_SIZE: "20", NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exited: number | null | undefined;
  child.once("exit", (code) => (exited = code));
  const deadline = Date.now() + 60_000;
  let healthy = false;
  while (!healthy && exited === undefined && Date.now() < deadline) {
    try {
      healthy = (await fetch(`${url}/api/health`)).ok;
    } catch {
      // not listening yet
    }
    if (!healthy) await new Promise((r) => setTimeout(r, 250));
  }
  // Measuring a server that never came up would report zeros as if they were timings.
  if (!healthy) {
    child.kill("SIGKILL");
    throw new Error(exited !== undefined ? `next start exited (code ${exited}) before answering /api/health` : "next start did not answer /api/health within 60 s");
  }
  const rssMb = () => {
    try {
      // next start runs the server in a child of its own: sum the process tree's resident memory.
      const pids = [child.pid!, ...childrenOf(child.pid!)];
      return Math.round(pids.reduce((sum, pid) => sum + residentKb(pid), 0) / 1024);
    } catch {
      return 0;
    }
  };
  return {
    url,
    pid: child.pid!,
    rssMb,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

function residentKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

function childrenOf(pid: number): number[] {
  const direct = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try {
      return Number(fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ")[1]) === pid;
    } catch {
      return false;
    }
  });
  return direct.flatMap((c) => [c, ...childrenOf(c)]);
}
