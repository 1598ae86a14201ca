// npm test — the whole suite: unit and integration (vitest, real PostgreSQL), then the production
// build and the browser tests (Playwright in Chromium), and — in CI or with AFP_LOAD=1 — 50 clients
// of mixed traffic for 60 s against the production build on 100,000 instances (zero 5xx, memory
// stable; figures in test-results/load.json). Prints one summary line at the end.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./lib/paths";

type Step = { name: string; command: string[]; skip?: boolean };
const bin = (name: string) => path.join(projectRoot, "node_modules", ".bin", name);
const steps: Step[] = [
  { name: "typecheck", command: [bin("tsc"), "--noEmit", "-p", "."] },
  { name: "unit+integration", command: [bin("vitest"), "run"] },
  { name: "build", command: [bin("next"), "build"], skip: process.env.AFP_SKIP_BUILD === "1" },
  { name: "e2e", command: [bin("playwright"), "test"], skip: process.env.AFP_SKIP_E2E === "1" },
  {
    name: "load",
    command: [bin("tsx"), "bench/run.ts", "--sections", "load", "--sizes", "100000", "--out", "test-results/load.json", "--check"],
    skip: !(process.env.CI === "true" || process.env.AFP_LOAD === "1") || process.env.AFP_SKIP_BUILD === "1",
  },
];

/** The browser tests need Debian's Chromium; as root with apt-get it is installed here, once. */
function ensureChromium(): boolean {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
  if (candidates.some((p) => fs.existsSync(p))) return true;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium for the browser tests…");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    const install = update.status === 0 && spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
    if (install && install.status === 0) return true;
  }
  console.error("The browser tests need Chromium: `sudo apt-get install -y chromium` (or set CHROMIUM_PATH).");
  return false;
}

if (!steps.find((s) => s.name === "e2e")!.skip && !ensureChromium()) process.exit(1);

const results: string[] = [];
let failed = false;
const started = Date.now();
for (const step of steps) {
  if (step.skip) {
    results.push(`${step.name}: skipped${step.name === "load" ? " (CI runs it; AFP_LOAD=1 here)" : ""}`);
    continue;
  }
  const t0 = Date.now();
  console.log(`\n━━ ${step.name} ━━ ${step.command.map((c) => path.basename(c)).join(" ")}`);
  const result = spawnSync(step.command[0]!, step.command.slice(1), {
    cwd: projectRoot,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(0);
  if (result.status !== 0) {
    results.push(`${step.name}: FAILED (${seconds}s)`);
    failed = true;
    break;
  }
  results.push(`${step.name}: ok (${seconds}s)`);
}
const total = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\nTEST SUMMARY: ${failed ? "FAILED" : "PASSED"} — ${results.join(" · ")} — ${total}s`);
process.exit(failed ? 1 : 0);
