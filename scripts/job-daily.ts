// npm run job:daily -- [--date YYYY-MM-DD] [--dry-run] [--budget-ms N]
// Runs (or resumes) the daily job for a date from the shell — the same job Vercel Cron calls.
// --dry-run lists what would happen without changing anything.
import { parseArgs } from "node:util";
import { runScript } from "./lib/runtime";

const { values } = parseArgs({ options: { date: { type: "string" }, "dry-run": { type: "boolean" }, "budget-ms": { type: "string" } } });

await runScript(async () => {
  const { isoDate, parseIsoDate } = await import("@/lib/clock");
  const today = isoDate(new Date());
  const runDate = values.date ?? today;
  const day = parseIsoDate(runDate);
  if (!day) throw new Error(`--date must be a calendar date YYYY-MM-DD (got ${values.date}).`);
  // A past or future date runs as of its midnight (UTC); today runs as of now.
  const now = runDate === today ? new Date() : day;
  if (values["dry-run"]) {
    const { dryRunDailyJob } = await import("@/lib/services/jobs/daily-job");
    console.log(JSON.stringify(await dryRunDailyJob({ now }), null, 2));
    return;
  }
  const { runDailyJob } = await import("@/lib/services/jobs/daily-job");
  const budgetMs = values["budget-ms"] ? Number(values["budget-ms"]) : undefined;
  const result = await runDailyJob({ runDate, now, trigger: "shell", budgetMs });
  console.log(JSON.stringify(result, null, 2));
  if (result.status === "FAILED") process.exitCode = 1;
});
