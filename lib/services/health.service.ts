/** What /api/health reports: the database (reachable, latency, migrations applied) and the drivers in use. */
import { prisma } from "@/lib/db";
import { driverSummary } from "@/lib/services/drivers";

export async function checkHealth() {
  const started = performance.now();
  let database: { status: "up" | "down"; latencyMs?: number; migrations?: number; error?: string };
  try {
    const rows = await prisma.$queryRaw<{ applied: bigint }[]>`
      SELECT count(*) AS applied FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    database = { status: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10, migrations: Number(rows[0]?.applied ?? 0) };
  } catch (error) {
    database = { status: "down", error: error instanceof Error ? error.message.split("\n")[0] : "unreachable" };
  }
  return {
    status: database.status === "up" ? ("ok" as const) : ("degraded" as const),
    time: new Date().toISOString(),
    database,
    drivers: driverSummary(),
  };
}
