/**
 * One run per job and date. A session-level advisory lock, held on a connection of its own for the
 * whole run, keeps two callers (a cron retry, a shell run) from working at once — and is released
 * by PostgreSQL the moment a killed process's connection drops. The job_runs row records each
 * call; a date already SUCCEEDED is not run again.
 */
import pg from "pg";
import { prisma, Prisma } from "@/lib/db";
import { env } from "@/lib/env";

export type RunRow = { id: string; status: string; attempts: number; report: Record<string, unknown> };

export type Lease = { run: RunRow; release: () => Promise<void>; /** True once the lock's connection dropped: another caller may now run. */ lost: () => boolean };

export async function acquireRun(options: { job: string; runDate: string; trigger: string; now: Date }): Promise<{ state: "acquired"; lease: Lease } | { state: "locked" } | { state: "done"; run: RunRow }> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL, connectionTimeoutMillis: 10_000 });
  // If the lock's connection drops (a database restart), PostgreSQL has released the lock: the run
  // stops at its next batch rather than work alongside a caller that may have taken over.
  let lost = false;
  client.on("error", () => {
    lost = true;
  });
  await client.connect();
  const key = `${options.job}:${options.runDate}`;
  const locked = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 7305003)) AS ok", [key]);
  if (!locked.rows[0]?.ok) {
    await client.end();
    return { state: "locked" };
  }
  const release = async () => {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 7305003))", [key]).catch(() => {});
    await client.end().catch(() => {});
  };
  try {
    const date = new Date(`${options.runDate}T00:00:00Z`);
    const rows = await prisma.$queryRaw<RunRow[]>`
      INSERT INTO job_runs (job, run_date, status, trigger, started_at, heartbeat_at)
      VALUES (${options.job}, ${date}::date, 'RUNNING', ${options.trigger}, ${options.now}, ${options.now})
      ON CONFLICT (job, run_date) DO UPDATE SET status = 'RUNNING', attempts = job_runs.attempts + 1, heartbeat_at = ${options.now}, trigger = EXCLUDED.trigger
        WHERE job_runs.status <> 'SUCCEEDED'
      RETURNING id, status::text, attempts, report`;
    if (rows[0]) return { state: "acquired", lease: { run: rows[0], release, lost: () => lost } };
    const done = await prisma.$queryRaw<RunRow[]>`SELECT id, status::text, attempts, report FROM job_runs WHERE job = ${options.job} AND run_date = ${date}::date`;
    await release();
    return { state: "done", run: done[0]! };
  } catch (error) {
    await release();
    throw error;
  }
}

export async function heartbeat(runId: string, report: Record<string, unknown>): Promise<void> {
  await prisma.jobRun.update({ where: { id: runId }, data: { heartbeatAt: new Date(), report: report as Prisma.InputJsonValue } });
}

export async function finishRun(runId: string, status: "SUCCEEDED" | "PARTIAL" | "FAILED", report: Record<string, unknown>, now: Date): Promise<void> {
  await prisma.jobRun.update({ where: { id: runId }, data: { status, report: report as Prisma.InputJsonValue, finishedAt: now, heartbeatAt: new Date() } });
}

export async function listRuns(options: { job?: string; limit?: number; cursor?: string }) {
  const limit = Math.min(Math.max(options.limit ?? 30, 1), 200);
  const rows = await prisma.jobRun.findMany({
    where: { ...(options.job ? { job: options.job } : {}), ...(options.cursor ? { runDate: { lt: new Date(`${options.cursor}T00:00:00Z`) } } : {}) },
    orderBy: [{ runDate: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { data: page.map((r) => ({ ...r, runDate: r.runDate.toISOString().slice(0, 10) })), nextCursor: rows.length > limit ? page[page.length - 1]!.runDate.toISOString().slice(0, 10) : null };
}
