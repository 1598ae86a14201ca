/**
 * The daily job against its two baselines, on identical copies of a seeded database:
 *   job    — the real job (lib/services/jobs/daily-job.ts), in a child process (its own peak RSS);
 *   floor  — a hand-written set-based SQL script making the same state changes;
 *   perRow — one query per subscription, as the seed's flow implies.
 * Each contender's resulting state is fingerprinted, so the figures compare equal work. Job and floor
 * alternate three times (--repeat) on fresh copies and their medians are compared: on a shared
 * machine one run of either can be 40 % off.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { benchEnv, type BenchCluster } from "../lib/cluster";
import { differences, fingerprint } from "../lib/fingerprint";
import { runFloor } from "../lib/floor";
import { projectRoot } from "../../scripts/lib/paths";

type JobChildResult = { ms: number; warmupMs: number; maxRssMb: number; status: string; steps: unknown };

function runJobChild(databaseUrl: string, runDate: string, now: Date): Promise<JobChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "bench", "lib", "job-child.ts"), runDate, now.toISOString()], {
      cwd: projectRoot,
      env: { ...process.env, ...benchEnv(databaseUrl) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as JobChildResult);
      } catch {
        reject(new Error(`job child exited ${code}: ${out.slice(-500)}`));
      }
    });
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchDailyJob(options: {
  cluster: BenchCluster;
  template: string;
  size: number;
  runDate: string;
  now: Date;
  log: (line: string) => void;
  perRow: boolean;
  /** Job and floor alternate this many times, each on a fresh copy; the medians are compared. */
  repeat?: number;
}) {
  const { cluster, template, size, runDate, now, log } = options;
  const db = (name: string) => cluster.createDatabase(`${template}_${name}`, template);
  const repeat = Math.max(1, options.repeat ?? 3);

  const jobs: JobChildResult[] = [];
  const floors: number[] = [];
  const stateProblems: string[] = [];
  let firstJobState: Record<string, number> | undefined;
  let firstFloorState: Record<string, number> | undefined;
  for (let round = 1; round <= repeat; round += 1) {
    log(`  [${size}] round ${round}/${repeat}: daily job (child process)…`);
    const jobUrl = await db("job");
    jobs.push(await runJobChild(jobUrl, runDate, now));
    const state = await fingerprint(jobUrl);
    await cluster.dropDatabase(`${template}_job`);
    if (firstJobState) stateProblems.push(...differences(firstJobState, state).map((d) => `job round ${round}: ${d}`));
    firstJobState ??= state;

    log(`  [${size}] round ${round}/${repeat}: floor (set-based SQL)…`);
    const floorUrl = await db("floor");
    floors.push(await timed(() => runFloor(floorUrl, now)));
    const fState = await fingerprint(floorUrl);
    await cluster.dropDatabase(`${template}_floor`);
    if (firstFloorState) stateProblems.push(...differences(firstFloorState, fState).map((d) => `floor round ${round}: ${d}`));
    firstFloorState ??= fState;
  }
  const job = { ms: median(jobs.map((j) => j.ms)), maxRssMb: Math.max(...jobs.map((j) => j.maxRssMb)), status: jobs[0]!.status, steps: jobs[0]!.steps };
  const floorMs = median(floors);
  const jobState = firstJobState!;
  const floorState = firstFloorState!;

  let perRowMs: number | undefined;
  let perRowState: Record<string, number> | undefined;
  if (options.perRow) {
    log(`  [${size}] per-row loop (one query per subscription)…`);
    const perRowUrl = await db("perrow");
    const { disconnectDb } = await import("@/lib/db");
    const { resetEnvCache } = await import("@/lib/env");
    Object.assign(process.env, benchEnv(perRowUrl));
    resetEnvCache();
    await disconnectDb();
    const { runPerRow } = await import("../lib/per-row");
    perRowMs = await timed(() => runPerRow(now));
    await disconnectDb();
    perRowState = await fingerprint(perRowUrl);
    await cluster.dropDatabase(`${template}_perrow`);
  }

  const round = (n: number) => Math.round(n);
  return {
    size,
    rounds: repeat,
    jobMs: round(job.ms),
    jobRunsMs: jobs.map((j) => round(j.ms)),
    jobWarmupMs: jobs.map((j) => round(j.warmupMs)),
    floorRunsMs: floors.map(round),
    jobPeakRssMb: round(job.maxRssMb),
    jobStatus: job.status,
    floorMs: round(floorMs),
    perRowMs: perRowMs === undefined ? null : round(perRowMs),
    jobVsFloor: Number((job.ms / floorMs).toFixed(2)),
    perRowVsJob: perRowMs === undefined ? null : Number((perRowMs / job.ms).toFixed(1)),
    work: {
      notifications: Object.entries(jobState).filter(([k]) => k.startsWith("notifications.")).reduce((s, [, v]) => s + v, 0),
      renewals: (jobState["payments.RENEWAL.SUCCEEDED"] ?? 0) + (jobState["payments.RENEWAL.FAILED"] ?? 0),
      expired: jobState["subscriptions.EXPIRED"] ?? 0,
      suspended: jobState["instances.SUSPENDED.subscription_expired"] ?? 0,
    },
    steps: job.steps,
    sameStateAsFloor: differences(jobState, floorState),
    sameStateAsPerRow: perRowState ? differences(jobState, perRowState) : null,
    sameStateAcrossRounds: stateProblems,
  };
}
