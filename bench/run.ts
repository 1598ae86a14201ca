// npm run bench [-- --instances 100000] [--sizes 10000,100000] [--no-per-row] [--repeat 3] [--sections daily-job,webhooks,dashboard,load] [--check]
// Seeds a throw-away embedded PostgreSQL with N instances in a realistic mix (with a progress bar),
// then measures each section against its baselines in the same run, and writes bench/results.json.
// With --check (how `npm test` runs the load section in CI) it exits 1 when the load run saw a 5xx
// or a dropped connection, or when the server's memory was still climbing in the last third of the run.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchEnv, startBenchCluster } from "./lib/cluster";
import { seedInstances } from "./lib/seed";
import { benchDailyJob } from "./sections/daily-job";
import { benchLoad, loadProblems } from "./sections/load";
import { benchWebhooks } from "./sections/webhooks";
import { hasProductionBuild, startConsoleServer } from "./lib/server";
import { projectRoot } from "../scripts/lib/paths";
import { startStripeFake } from "../tests/fakes/stripe";

const { values } = parseArgs({
  options: {
    instances: { type: "string", default: "100000" },
    sizes: { type: "string" },
    "no-per-row": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    repeat: { type: "string", default: "3" },
    sections: { type: "string", default: "daily-job,webhooks,dashboard,load" },
    out: { type: "string", default: path.join("bench", "results.json") },
  },
});

const sizes = (values.sizes ?? `10000,${values.instances}`).split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
const sections = new Set(values.sections!.split(","));
const RUN_DATE = "2027-06-15";
const NOW = new Date(`${RUN_DATE}T00:00:00.000Z`);
const log = (line: string) => console.log(line);

type ServerContext = { url: string; token: string; session: { name: string; value: string }; stripe: Awaited<ReturnType<typeof startStripeFake>>; rssMb: () => number };

/** The production server on a bench database, with an API token, a session and a Stripe fake for webhooks. */
async function withServer<T>(cluster: Awaited<ReturnType<typeof startBenchCluster>>, databaseUrl: string, run: (ctx: ServerContext) => Promise<T>): Promise<T> {
  const size = Date.now();
  const stripe = await startStripeFake();
  await useDatabase(databaseUrl);
  const { disconnectDb, prisma } = await import("@/lib/db");
  const { createApiToken } = await import("@/lib/auth/api-tokens");
  const { hashPassword } = await import("@/lib/auth/password");
  const admin = await prisma.adminUser.create({ data: { email: `bench-${size}@afp.bench`, name: "Bench", role: "SUPER_ADMIN", passwordHash: await hashPassword("bench-password-1234") } });
  const { token } = await createApiToken({ adminUserId: admin.id, name: "bench", actor: { type: "system", label: "bench" } });
  const { encode } = await import("next-auth/jwt");
  const { env } = await import("@/lib/env");
  const session = { name: "next-auth.session-token", value: await encode({ token: { uid: admin.id, role: admin.role, sv: admin.sessionVersion, email: admin.email, name: admin.name } as never, secret: env().JWT_SECRET, maxAge: 3600 }) };
  await disconnectDb();
  const server = await startConsoleServer({
    databaseUrl,
    env: {
      TENANT_DATABASE_URL: cluster.adminUrl,
      PAYMENT_PROVIDERS: "sandbox,stripe",
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
      STRIPE_API_URL: stripe.url,
    },
  });
  try {
    return await run({ url: server.url, token, session, stripe, rssMb: server.rssMb });
  } finally {
    await server.stop();
    await stripe.close();
  }
}

/** Points this process's lib/env and lib/db at another bench database. */
async function useDatabase(url: string): Promise<void> {
  Object.assign(process.env, benchEnv(url));
  const { resetEnvCache } = await import("@/lib/env");
  const { disconnectDb } = await import("@/lib/db");
  resetEnvCache();
  await disconnectDb();
}

/** The plans (and the message templates) every contender starts from. */
async function seedBasics(options: { templates: boolean }): Promise<void> {
  const { seedPlans } = await import("@/lib/services/plan.service");
  await seedPlans();
  if (options.templates) {
    const { seedDefaultTemplates } = await import("@/lib/services/notifications/templates.service");
    await seedDefaultTemplates();
  }
  const { disconnectDb } = await import("@/lib/db");
  await disconnectDb();
}

const cluster = await startBenchCluster();
const results: Record<string, unknown> = {
  generatedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  runDate: RUN_DATE,
  note: "Timings are noisy on shared machines: compare the ratios measured in the same run.",
};
try {
  const dailyJob: unknown[] = [];
  for (const size of sections.has("daily-job") ? [...new Set(sizes)].sort((a, b) => a - b) : []) {
    const template = `bench_${size}`;
    log(`\n▶ ${size.toLocaleString("en")} instances`);
    const url = await cluster.createDatabase(template);
    await useDatabase(url);
    await seedBasics({ templates: true });
    await seedInstances(url, size, NOW);
    if (sections.has("daily-job")) {
      const result = await benchDailyJob({ cluster, template, size, runDate: RUN_DATE, now: NOW, log, perRow: !values["no-per-row"], repeat: Number(values.repeat) });
      log(`  job ${result.jobRunsMs.join(" / ")} ms · floor ${result.floorRunsMs.join(" / ")} ms (medians compared)`);
      log(`  job ${result.jobMs} ms (peak RSS ${result.jobPeakRssMb} MB) · floor ${result.floorMs} ms · per-row ${result.perRowMs ?? "—"} ms → job/floor ${result.jobVsFloor}×, per-row/job ${result.perRowVsJob ?? "—"}×`);
      if (result.sameStateAsFloor.length) log(`  state differs from the floor: ${result.sameStateAsFloor.join("; ")}`);
      if (result.sameStateAcrossRounds.length) log(`  state differs between rounds: ${result.sameStateAcrossRounds.join("; ")}`);
      if (result.sameStateAsPerRow?.length) log(`  state differs from the per-row loop: ${result.sameStateAsPerRow.join("; ")}`);
      dailyJob.push(result);
    }
  }
  results.dailyJob = dailyJob;
  if (sections.has("dashboard") || sections.has("load")) {
    const largest = Math.max(...sizes);
    if (!hasProductionBuild()) {
      log("\n▶ dashboard and load: skipped (they measure the production build: run `npm run build` first)");
    } else {
      log(`\n▶ the production build on ${largest.toLocaleString("en")} instances with a year of payments`);
      const url = await cluster.createDatabase("bench_console");
      await useDatabase(url);
      await seedBasics({ templates: true });
      const { seedDashboard } = await import("./seed-dashboard");
      results.consoleData = await seedDashboard(url, { instances: largest, log: (line) => log(`  ${line}`) });
      await withServer(cluster, url, async ({ url: baseUrl, token, session, stripe, rssMb }) => {
        if (sections.has("dashboard")) {
          const { benchDashboard } = await import("./sections/dashboard");
          const { measureDashboardPage } = await import("./sections/dashboard-page");
          const api = await benchDashboard({ baseUrl, token, log: (line) => log(`  ${line}`), databaseUrl: url, seconds: Number(process.env.BENCH_DASHBOARD_SECONDS ?? 10) });
          const page = await measureDashboardPage({ baseUrl, sessionCookie: session, log: (line) => log(`  ${line}`), runs: 5, screenshot: path.join("test-results", "bench", "dashboard.png") });
          results.dashboard = { api, page };
        }
        if (sections.has("load")) {
          results.load = await benchLoad({ url: baseUrl, token, instanceCount: largest, stripe, rssMb, log, durationMs: Number(process.env.BENCH_LOAD_SECONDS ?? 60) * 1000 });
          log(`  load: ${JSON.stringify(results.load)}`);
        }
      });
    }
  }
  if (sections.has("webhooks")) {
    log("\n▶ webhook ingestion");
    const url = await cluster.createDatabase("bench_webhooks");
    await useDatabase(url);
    await seedBasics({ templates: false });
    results.webhooks = await benchWebhooks({ log: (line) => log(`  ${line}`), events: Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000) });
    log(`  ${JSON.stringify(results.webhooks)}`);
    await (await import("@/lib/db")).disconnectDb();
  }
} finally {
  await cluster.stop();
}
const out = path.resolve(projectRoot, values.out!);
await fs.mkdir(path.dirname(out), { recursive: true });
await fs.writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
log(`\nWrote ${path.relative(projectRoot, out)}`);
if (values.check) process.exit(checkLoad(results.load as LoadResult | undefined) ? 0 : 1);
process.exit(0);

type LoadResult = Awaited<ReturnType<typeof benchLoad>>;

/** Prints the verdict of loadProblems (bench/sections/load.ts) with the run's figures. */
function checkLoad(load: LoadResult | undefined): boolean {
  const problems = load ? loadProblems(load) : ["the load section did not run (is there a production build?)"];
  const summary = load ? `${load.requests} requests in ${load.durationS} s by ${load.connections} clients, p99 ${load.p99Ms} ms, RSS by thirds ${load.serverRssMb.firstThirdAvg}→${load.serverRssMb.middleThirdAvg}→${load.serverRssMb.lastThirdAvg} MB` : "";
  log(`LOAD CHECK: ${problems.length ? `FAILED — ${problems.join("; ")}` : "PASSED"}${summary ? ` — ${summary}` : ""}`);
  return problems.length === 0;
}
