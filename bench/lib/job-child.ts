// Runs one daily job in its own process so its peak memory (maxRSS) is its own. Prints one JSON line.
const [runDate, nowIso] = process.argv.slice(2);
const { runDailyJob } = await import("@/lib/services/jobs/daily-job");
// Load (and, under tsx, transpile) every module first, as a deployed build has them compiled: the
// timing is the job's work, not the bench's module loader.
await Promise.all([import("@/lib/providers/payments"), import("@/lib/services/notifications/queue"), import("@/lib/services/instance.service"), import("@/lib/services/reconcile.service")]);
// The job's first query also starts Prisma's query compiler and pool: in the console that happened
// long before the cron call. It is timed on its own (warmupMs) and left out of ms.
const { prisma } = await import("@/lib/db");
const warmupStarted = performance.now();
await prisma.$queryRaw`SELECT 1`;
const warmupMs = performance.now() - warmupStarted;
const started = performance.now();
const result = await runDailyJob({ runDate: runDate!, now: new Date(nowIso!), trigger: "shell", budgetMs: 3_600_000 });
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, warmupMs, maxRssMb: process.resourceUsage().maxRSS / 1024, status: result.status, steps: "report" in result ? (result.report as { steps: unknown }).steps : undefined }));
process.exit(0);
export {};
